/**
 * Internal. The physical side of the cluster: per-endpoint HikariCP pools, endpoint health and the
 * background prober, endpoint choice, and the one classifier of failed connections and refused
 * logins.
 */
package dev.shardline.driver.cluster;
