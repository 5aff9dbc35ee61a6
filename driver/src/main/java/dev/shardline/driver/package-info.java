/**
 * Shardline's public API: {@link dev.shardline.driver.ShardlineDriver} ({@code jdbc:shardline:}),
 * {@link dev.shardline.driver.ShardlineDataSource}, {@link dev.shardline.driver.ShardlineConnection}
 * (reached with {@code unwrap}), the property descriptors, and the exceptions applications catch.
 *
 * <p>Everything in the sub-packages is internal: their public types exist so the pipeline's steps
 * (analysis, routing, execution, session, cluster) can live in packages of their own, and may change
 * in any release.
 */
package dev.shardline.driver;
