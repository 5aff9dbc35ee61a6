package dev.shardline.directory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of the node list with look-ups by id and name, swapped whole on a refresh
 * so readers never see a half-updated list.
 *
 * <p>Immutable and thread safe.
 */
final class NodeTable {
  static final NodeTable EMPTY = new NodeTable(List.of());

  private final List<NodeInfo> nodes;
  private final List<NodeInfo> dataNodes;
  private final Map<Integer, NodeInfo> byId = new HashMap<>();
  private final Map<String, NodeInfo> byName = new HashMap<>();

  NodeTable(List<NodeInfo> nodes) {
    // Sorted here so "in id order" holds whoever built the list.
    this.nodes = nodes.stream().sorted(Comparator.comparingInt(NodeInfo::id)).toList();
    this.dataNodes = this.nodes.stream().filter(n -> n.state().holdsData()).toList();
    for (NodeInfo node : this.nodes) {
      byId.put(node.id(), node);
      byName.put(node.name(), node);
    }
  }

  List<NodeInfo> nodes() {
    return nodes;
  }

  /** The nodes that {@link NodeState#holdsData() hold data}, in id order. */
  List<NodeInfo> dataNodes() {
    return dataNodes;
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
