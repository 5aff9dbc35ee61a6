package dev.shardline.driver.cluster;

import java.util.Locale;

/** Which side of a node a statement goes to. */
public enum EndpointRole {
  /** The node's write endpoint: its active master. */
  MASTER,
  /** The node's read endpoint: its replicas (the master when it has none). */
  REPLICA;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
