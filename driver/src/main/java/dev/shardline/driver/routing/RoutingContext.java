package dev.shardline.driver.routing;

import dev.shardline.directory.NodeInfo;
import java.util.function.IntPredicate;

/**
 * What the logical connection contributes to a routing decision.
 *
 * @param sessionKey the raw value given to {@code useKey} or {@code SET @@shardline.key}, or null;
 *     canonicalised per statement by the shard column's type
 * @param inTransaction autocommit is off
 * @param readOnly {@code Connection.setReadOnly(true)} is in effect
 * @param transactionNode the node the open transaction is bound to, or null
 * @param recentlyWrote whether the connection wrote to a node (by id) within the read-your-writes window
 * @param keylessWrites an UPDATE or DELETE with no key may run on every node ({@code shardline.keylessWrites=all-nodes})
 */
public record RoutingContext(Object sessionKey, boolean inTransaction, boolean readOnly, NodeInfo transactionNode, IntPredicate recentlyWrote,
    boolean keylessWrites) {}
