package dev.shardline.directory;

/** What a node accepts. Only {@link #ACTIVE} nodes receive new keys. */
public enum NodeState {
  /** Serves its keys and receives new ones. */
  ACTIVE,
  /** Serves its keys but receives no new ones; the rebalancer moves its keys away. */
  DRAINING,
  /** Out of service: holds no keys or rows, receives no new keys, and is never routed to. */
  OFFLINE;

  /**
   * Whether a node in this state holds data: true for {@link #ACTIVE} and {@link #DRAINING}
   * (a draining node keeps its keys and rows until they have been moved away), false for
   * {@link #OFFLINE}.
   *
   * <p>This is <em>the</em> definition of "the nodes that hold data", used wherever Shardline
   * means every node with rows: scatter reads, DDL and broadcast writes, schema comparison, the
   * choice of the global node. Use it (or {@link Directory#dataNodes()}) instead of comparing
   * states, so that the rule cannot drift between places.
   */
  public boolean holdsData() {
    return this == ACTIVE || this == DRAINING;
  }
}
