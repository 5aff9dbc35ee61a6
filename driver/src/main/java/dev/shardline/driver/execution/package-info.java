/**
 * Internal. The execution step: a route plan run on physical connections through the one
 * {@link dev.shardline.driver.execution.RetryPolicy}, into a
 * {@link dev.shardline.driver.execution.Result} that owns what stays open. Connections come from a
 * {@link dev.shardline.driver.execution.LeaseSource}; the executor never decides what a
 * transaction is.
 */
package dev.shardline.driver.execution;
