package dev.shardline.directory;

/** Where a key is in its life. */
public enum KeyState {
  /** Reads and writes go to the key's node. */
  ACTIVE,
  /** A move is copying the key to another node: reads go to the current node, writes must wait. */
  MOVING
}
