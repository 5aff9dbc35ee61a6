package dev.shardline.directory;

import java.util.List;
import java.util.Objects;

/**
 * {@link PlacementPolicy#fixedNode(String)}: always the named node, which must be a candidate.
 *
 * <p>Immutable and thread safe.
 */
final class FixedNodePolicy implements PlacementPolicy {
  private final String nodeName;

  FixedNodePolicy(String nodeName) {
    this.nodeName = Nodes.requireValidName(Objects.requireNonNull(nodeName, "nodeName"));
  }

  @Override
  public NodeInfo choose(ShardKey key, List<NodeLoad> candidates) {
    for (NodeLoad candidate : candidates) {
      if (candidate.node().name().equals(nodeName)) {
        return candidate.node();
      }
    }
    throw new IllegalStateException(
        "node '" + nodeName + "' is not ACTIVE (ACTIVE nodes: "
            + candidates.stream().map(c -> c.node().name()).toList()
            + "); set it ACTIVE or choose another placement policy");
  }

  @Override
  public String toString() {
    return "fixedNode(" + nodeName + ")";
  }
}
