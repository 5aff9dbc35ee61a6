package dev.shardline.driver;

import dev.shardline.directory.ShardKey;
import java.util.function.IntPredicate;

/**
 * What the logical connection contributes to a routing decision.
 *
 * @param sessionKey the key set by {@code useKey} or {@code SET @@shardline.key}, or null
 * @param inTransaction autocommit is off
 * @param readOnly {@code Connection.setReadOnly(true)} is in effect
 * @param recentlyWrote whether the connection wrote to a node (by id) within the read-your-writes window
 */
record RoutingContext(ShardKey sessionKey, boolean inTransaction, boolean readOnly, IntPredicate recentlyWrote) {}
