/**
 * Internal. The routing step: a statement's analysis, its parameters and the connection's context
 * in, a {@link dev.shardline.driver.routing.RoutePlan} out. Keys are made canonical by their shard
 * column's type ({@link dev.shardline.driver.routing.KeyType}); the directory is reached through
 * the {@link dev.shardline.driver.routing.Placements} seam, so the rules are tested against an
 * in-memory directory.
 */
package dev.shardline.driver.routing;
