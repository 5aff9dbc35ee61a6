package dev.shardline.directory;

/** What a node accepts. Only {@link #ACTIVE} nodes receive new keys. */
public enum NodeState {
  /** Serves its keys and receives new ones. */
  ACTIVE,
  /** Serves its keys but receives no new ones; the rebalancer moves its keys away. */
  DRAINING,
  /** Out of service: receives no new keys; the driver should not route to it. */
  OFFLINE
}
