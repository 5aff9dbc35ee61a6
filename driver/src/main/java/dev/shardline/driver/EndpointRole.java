package dev.shardline.driver;

/** Which side of a node a statement goes to. */
enum EndpointRole {
  /** The node's write endpoint: its active master. */
  MASTER,
  /** The node's read endpoint: its replicas (the master when it has none). */
  REPLICA;

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
