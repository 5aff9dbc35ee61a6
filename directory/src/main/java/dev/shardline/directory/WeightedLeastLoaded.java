package dev.shardline.directory;

import java.util.List;

/**
 * {@link PlacementPolicy#weightedLeastLoaded()}: the minimum of {@code keyCount / weight}.
 *
 * <p>Load is compared by cross-multiplication ({@code a.count * b.weight} against
 * {@code b.count * a.weight}) so no rounding decides a placement; weights are at most
 * {@value Nodes#MAX_WEIGHT}, so the products stay within a long for any realistic key count.
 *
 * <p>Stateless and thread safe.
 */
final class WeightedLeastLoaded implements PlacementPolicy {
  static final WeightedLeastLoaded INSTANCE = new WeightedLeastLoaded();

  private WeightedLeastLoaded() {}

  @Override
  public NodeInfo choose(ShardKey key, List<NodeLoad> candidates) {
    NodeLoad best = null;
    for (NodeLoad candidate : candidates) {
      if (best == null || isBetter(candidate, best)) {
        best = candidate;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no candidate node to place key '" + key + "' on");
    }
    return best.node();
  }

  private static boolean isBetter(NodeLoad a, NodeLoad b) {
    int byLoad =
        Long.compare(
            Math.multiplyExact(a.keyCount(), (long) b.node().weight()),
            Math.multiplyExact(b.keyCount(), (long) a.node().weight()));
    if (byLoad != 0) {
      return byLoad < 0;
    }
    if (a.node().weight() != b.node().weight()) {
      return a.node().weight() > b.node().weight();
    }
    return a.node().id() < b.node().id();
  }

  @Override
  public String toString() {
    return "weightedLeastLoaded";
  }
}
