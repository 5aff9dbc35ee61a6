/**
 * Hibernate ORM 6 on Shardline.
 *
 * <p>Empty for now on purpose. Hibernate already works through the plain JDBC URL
 * ({@code hibernate.connection.url=jdbc:shardline://...}): the DDL of its schema tools (hbm2ddl
 * {@code create}, {@code update}) runs on every node, {@code validate} and {@code update} read the
 * global node's metadata, and its statements that carry the shard column route by key. The
 * module's integration tests pin that down.
 *
 * <p>What this package will hold, in a later issue: session-to-shard binding (multi-tenancy on the
 * shard key, so that a lookup by a child table's own id, which carries no key, is routed by the
 * session's key) and a cluster-wide id generator for child tables.
 */
package dev.shardline.hibernate;
