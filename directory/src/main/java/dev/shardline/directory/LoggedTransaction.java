package dev.shardline.directory;

import java.time.Instant;

/**
 * A decided cross-node transaction in the directory's log: its global id, the decision, the ids of
 * the nodes it had branches on (comma separated), who decided (a driver instance, or recovery) and
 * when.
 */
public record LoggedTransaction(String gtrid, TransactionDecision decision, String nodeIds, String coordinator, Instant decidedAt) {}
