package dev.shardline.directory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of the node list with look-ups by id and name, and of the pinned global
 * node, swapped whole on a refresh so readers never see a half-updated list.
 *
 * <p>The global node is the pinned one. Only a directory edited by hand can list nodes and pin
 * none (register and migration 2 both pin one) or pin an id that is not listed; then the table
 * falls back to the lowest-id node that holds data (else the lowest-id node), and
 * {@link #globalNodePinned()} says so, for a warning.
 *
 * <p>Immutable and thread safe.
 */
final class NodeTable {
  static final NodeTable EMPTY = new NodeTable(List.of(), null);

  private final List<NodeInfo> nodes;
  private final List<NodeInfo> dataNodes;
  private final Map<Integer, NodeInfo> byId = new HashMap<>();
  private final Map<String, NodeInfo> byName = new HashMap<>();
  private final Optional<NodeInfo> globalNode;
  private final boolean globalNodePinned;

  /** A node list without the global node setting, for messages. */
  NodeTable(List<NodeInfo> nodes) {
    this(nodes, null);
  }

  NodeTable(List<NodeInfo> nodes, Integer pinnedGlobalNodeId) {
    // Sorted here so "in id order" holds whoever built the list.
    this.nodes = nodes.stream().sorted(Comparator.comparingInt(NodeInfo::id)).toList();
    this.dataNodes = this.nodes.stream().filter(n -> n.state().holdsData()).toList();
    for (NodeInfo node : this.nodes) {
      byId.put(node.id(), node);
      byName.put(node.name(), node);
    }
    NodeInfo pinned = pinnedGlobalNodeId == null ? null : byId.get(pinnedGlobalNodeId);
    this.globalNodePinned = pinned != null;
    this.globalNode = pinned != null ? Optional.of(pinned)
        : dataNodes.isEmpty() ? this.nodes.stream().findFirst() : Optional.of(dataNodes.get(0));
  }

  List<NodeInfo> nodes() {
    return nodes;
  }

  /** The nodes that {@link NodeState#holdsData() hold data}, in id order. */
  List<NodeInfo> dataNodes() {
    return dataNodes;
  }

  /** The pinned global node (see the class comment); empty only when there is no node. */
  Optional<NodeInfo> globalNode() {
    return globalNode;
  }

  /** False when nodes exist but the directory pins none of them as the global node. */
  boolean globalNodePinned() {
    return globalNodePinned || nodes.isEmpty();
  }

  NodeInfo byId(int id) {
    return byId.get(id);
  }

  NodeInfo byName(String name) {
    return byName.get(name);
  }

  /** {@code [1=node1 ACTIVE, 2=node2 DRAINING]}, for messages. */
  String describe() {
    return nodes.stream().map(n -> n.id() + "=" + n.name() + " " + n.state()).collect(Collectors.joining(", ", "[", "]"));
  }
}
