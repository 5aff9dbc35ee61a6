package dev.shardline.driver;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a transaction (autocommit off) may span nodes: property {@code shardline.transactions}, or
 * per connection {@link ShardlineConnection#setTransactionMode}. See docs/transactions.md.
 */
public enum TransactionMode {
  /** A second node in a transaction is refused before anything runs there (SQLState 25000). */
  SINGLE_NODE("single-node"),
  /**
   * Branches on several nodes, committed one after another in node id order; a failure between two
   * commits throws {@link ShardlinePartialCommitException}, which says which nodes committed.
   */
  BEST_EFFORT("best-effort"),
  /**
   * XA branches on the nodes' masters, committed by two-phase commit with the decision logged in
   * the directory before any branch commits; in-doubt branches are resolved from that log by any
   * driver instance or {@code shardline tx recover}. A transaction on one node commits in one phase.
   */
  TWO_PHASE("two-phase");

  private final String value;

  TransactionMode(String value) {
    this.value = value;
  }

  /** The value as the property takes it. */
  public String value() {
    return value;
  }

  /** The mode whose {@link #value()} this is. */
  public static Optional<TransactionMode> of(String value) {
    return Arrays.stream(values()).filter(m -> m.value.equals(value)).findFirst();
  }
}
