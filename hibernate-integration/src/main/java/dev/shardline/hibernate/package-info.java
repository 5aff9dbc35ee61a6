/**
 * Hibernate ORM 7 on Shardline (docs/hibernate.md).
 *
 * <p>The public API: {@link dev.shardline.hibernate.ShardlineConnectionProvider} and
 * {@link dev.shardline.hibernate.ShardTenantResolver} (named in Hibernate properties),
 * {@link dev.shardline.hibernate.ShardContext} (binds sessions to a shard key),
 * {@link dev.shardline.hibernate.ShardlineId} (cluster-wide ids) and
 * {@link dev.shardline.hibernate.ShardKeyMismatchException}. {@code ShardlineIntegrator} and
 * {@code ShardlineIdGenerator} are public only because Hibernate instantiates them.
 */
package dev.shardline.hibernate;
