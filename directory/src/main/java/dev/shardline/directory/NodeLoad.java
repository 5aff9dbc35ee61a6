package dev.shardline.directory;

import java.util.Objects;

/** A candidate node for a new key and how many keys it holds now; see {@link PlacementPolicy}. Immutable. */
public record NodeLoad(NodeInfo node, long keyCount) {
  public NodeLoad {
    Objects.requireNonNull(node, "node");
  }
}
