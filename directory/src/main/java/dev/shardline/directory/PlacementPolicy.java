package dev.shardline.directory;

import java.util.List;

/**
 * Chooses the node for a key that has none yet.
 *
 * <p>{@link Directory#findOrAssign} calls {@link #choose} inside the directory transaction that
 * assigns the key, while it holds locks on every {@code ACTIVE} node's row: the key counts it
 * passes are exact, and no node can be drained while the choice is made. So an implementation must
 * be quick, must not block, and must be thread safe (several threads and clients assign at once).
 * It must return the {@link NodeLoad#node()} of one of the candidates; anything else, or an
 * exception, fails the assignment with a {@link DirectoryException} that names the policy.
 */
@FunctionalInterface
public interface PlacementPolicy {
  /**
   * @param key the key being placed
   * @param candidates every {@code ACTIVE} node with its key count, ordered by node id; never empty
   * @return the chosen candidate's node
   */
  NodeInfo choose(ShardKey key, List<NodeLoad> candidates);

  /**
   * The default: the node with the fewest keys per unit of weight ({@code keyCount / weight}), ties
   * going to the heavier node, then to the lower node id. With exact counts this fills nodes in
   * proportion to their weights: weights 2 and 1 end with two keys in three on the first node.
   */
  static PlacementPolicy weightedLeastLoaded() {
    return WeightedLeastLoaded.INSTANCE;
  }

  /**
   * Places every new key on the named node, as long as it is {@code ACTIVE}: for filling a node
   * that was just added, before switching back to {@link #weightedLeastLoaded()}. When the node is
   * not among the candidates (unknown, draining or offline), assignment fails rather than silently
   * placing the key elsewhere.
   */
  static PlacementPolicy fixedNode(String nodeName) {
    return new FixedNodePolicy(nodeName);
  }
}
