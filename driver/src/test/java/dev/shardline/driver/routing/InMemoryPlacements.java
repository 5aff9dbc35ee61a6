package dev.shardline.driver.routing;

import dev.shardline.directory.Access;
import dev.shardline.directory.KeyState;
import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.NodeState;
import dev.shardline.directory.Placement;
import dev.shardline.directory.ShardKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A directory in memory, for routing tests: keys placed by hand or assigned round-robin over the
 * ACTIVE nodes, every assignment recorded so a test can check that nothing was assigned.
 */
final class InMemoryPlacements implements Placements {
  final Map<ShardKey, Placement> keys = new ConcurrentHashMap<>();
  final List<String> assigned = new ArrayList<>();
  private final List<NodeInfo> nodes = new ArrayList<>();
  private NodeInfo global;
  private int next;

  NodeInfo addNode(String name, NodeState state) {
    NodeInfo node = new NodeInfo(nodes.size() + 1, name, List.of(name + "-m:3306"), List.of(name + "-r:3306"), 1, state);
    nodes.add(node);
    if (global == null) {
      global = node;
    }
    return node;
  }

  void place(Object key, NodeInfo node) {
    ShardKey k = ShardKey.of(key);
    keys.put(k, new Placement(k, node.id(), KeyState.ACTIVE, 1));
  }

  void moving(Object key) {
    ShardKey k = ShardKey.of(key);
    Placement p = keys.get(k);
    keys.put(k, new Placement(k, p.nodeId(), KeyState.MOVING, p.version() + 1));
  }

  void switchTo(Object key, NodeInfo node) {
    ShardKey k = ShardKey.of(key);
    Placement p = keys.get(k);
    keys.put(k, new Placement(k, node.id(), KeyState.ACTIVE, p.version() + 1));
  }

  void global(NodeInfo node) {
    global = node;
  }

  @Override
  public Optional<Placement> find(ShardKey key, Access access) {
    return Optional.ofNullable(keys.get(key));
  }

  @Override
  public synchronized Placement findOrAssign(ShardKey key) {
    Placement existing = keys.get(key);
    if (existing != null) {
      return existing;
    }
    List<NodeInfo> active = nodes.stream().filter(n -> n.state() == NodeState.ACTIVE).toList();
    NodeInfo node = active.get(next++ % active.size());
    Placement placed = new Placement(key, node.id(), KeyState.ACTIVE, 1);
    keys.put(key, placed);
    assigned.add(key.text());
    return placed;
  }

  @Override
  public Optional<Placement> lookUpOnPrimary(ShardKey key) {
    return find(key, Access.WRITE);
  }

  @Override
  public NodeInfo node(int id) throws SQLException {
    return nodes.stream().filter(n -> n.id() == id).findFirst().orElseThrow(() -> new SQLException("no node " + id));
  }

  @Override
  public List<NodeInfo> dataNodes() {
    return nodes.stream().filter(n -> n.state().holdsData()).toList();
  }

  @Override
  public NodeInfo globalNode() {
    return global;
  }
}
