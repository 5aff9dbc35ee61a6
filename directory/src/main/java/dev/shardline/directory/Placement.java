package dev.shardline.directory;

import java.util.Objects;

/**
 * Where a key lives: its node, its state and the version of its directory row, which goes up by
 * one each time the key's node or state changes.
 *
 * <p>Immutable and thread safe.
 */
public record Placement(ShardKey key, int nodeId, KeyState state, long version) {
  public Placement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
  }
}
