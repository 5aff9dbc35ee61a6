/**
 * Internal. Configuration, and the runtime that wires the pipeline for one configuration and is
 * shared by its connections: start-up (which either completes or releases what it started) and
 * bounded shutdown.
 */
package dev.shardline.driver.runtime;
