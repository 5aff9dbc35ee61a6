package dev.shardline.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Registers and changes nodes, and pins the global node, on the directory primary. Each change
 * and its change-log entry ({@code NODE}, or {@code SETTINGS} for the global node) commit in one
 * transaction, so other clients refresh their node list exactly when the change becomes visible. A
 * call that changes nothing writes no entry.
 *
 * <h2>The global node</h2>
 *
 * The global node holds the global tables, so it is pinned in {@code cluster_settings} rather than
 * derived from the node states (which made it move when its node was drained). The first node
 * registered is pinned, in the registering transaction; {@link #setGlobal} pins another, which
 * must hold data; setting the pinned node {@code OFFLINE} is refused, as any removal of it must be.
 * Lock order, as for every directory writer: node rows, then the setting's row, then the change-log
 * head. {@link #setState} reads the setting with a locking read after locking its node, and
 * {@link #setGlobal} locks its target node before the setting, so "pin B" and "B goes OFFLINE"
 * queue on B's row and cannot both succeed.
 *
 * <p>Stateless and thread safe; concurrent changes to one node queue on its row.
 */
final class NodeAdmin {
  /** A node after a change, and whether anything changed (an identical update writes nothing). */
  record Result(NodeInfo node, boolean changed) {}

  /** A registered node, and whether it was pinned as the global node (no node was). */
  record Registered(NodeInfo node, boolean global) {}

  private final Sources sources;

  NodeAdmin(Sources sources) {
    this.sources = sources;
  }

  Registered register(String name, List<String> writeEndpoints, List<String> readEndpoints, int weight)
      throws DirectoryException {
    Nodes.requireValidName(name);
    List<String> write = Nodes.requireValidEndpoints(writeEndpoints, "write endpoints", false);
    List<String> read = Nodes.requireValidEndpoints(readEndpoints, "read endpoints", true);
    Nodes.requireValidWeight(weight);
    return sources.transactionOnPrimary("registering node '" + name + "'", c -> {
      int id;
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO nodes (name, write_endpoints, read_endpoints, weight, state, key_count)"
                  + " VALUES (?, ?, ?, ?, 'ACTIVE', 0)",
              Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, name);
        ps.setString(2, Nodes.joinEndpoints(write));
        ps.setString(3, Nodes.joinEndpoints(read));
        ps.setInt(4, weight);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          id = keys.getInt(1);
        }
      } catch (SQLException e) {
        if (Failures.isDuplicateKey(e)) {
          NodeInfo existing = lockByName(c, name);
          throw new DirectoryException(
              "a node named '" + name + "' already exists (id " + (existing == null ? "?" : existing.id())
                  + "); use updateNode (`shardline node update`) to change its endpoints or weight",
              e);
        }
        throw e;
      }
      boolean global = pinIfNone(c, id);
      // One NODE entry: other clients re-read the node list and the global node together.
      ChangeLog.append(c, ChangeLog.Kind.NODE, List.of(name));
      return new Registered(new NodeInfo(id, name, write, read, weight, NodeState.ACTIVE), global);
    });
  }

  Result update(String name, List<String> writeEndpoints, List<String> readEndpoints, int weight)
      throws DirectoryException {
    Objects.requireNonNull(name, "node name");
    List<String> write = Nodes.requireValidEndpoints(writeEndpoints, "write endpoints", false);
    List<String> read = Nodes.requireValidEndpoints(readEndpoints, "read endpoints", true);
    Nodes.requireValidWeight(weight);
    return sources.transactionOnPrimary("updating node '" + name + "'", c -> {
      NodeInfo current = requireByName(c, name);
      NodeInfo next = new NodeInfo(current.id(), name, write, read, weight, current.state());
      if (next.equals(current)) {
        return new Result(current, false);
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE nodes SET write_endpoints = ?, read_endpoints = ?, weight = ? WHERE id = ?")) {
        ps.setString(1, Nodes.joinEndpoints(write));
        ps.setString(2, Nodes.joinEndpoints(read));
        ps.setInt(3, weight);
        ps.setInt(4, current.id());
        ps.executeUpdate();
      }
      ChangeLog.append(c, ChangeLog.Kind.NODE, List.of(name));
      return new Result(next, true);
    });
  }

  Result setState(String name, NodeState state) throws DirectoryException {
    Objects.requireNonNull(name, "node name");
    Objects.requireNonNull(state, "state");
    return sources.transactionOnPrimary("setting node '" + name + "' " + state, c -> {
      NodeInfo current = requireByName(c, name);
      if (current.state() == state) {
        return new Result(current, false);
      }
      if (!state.holdsData()) {
        requireNotGlobal(c, current, "set " + name + " " + state);
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET state = ? WHERE id = ?")) {
        ps.setString(1, state.name());
        ps.setInt(2, current.id());
        ps.executeUpdate();
      }
      ChangeLog.append(c, ChangeLog.Kind.NODE, List.of(name));
      return new Result(new NodeInfo(current.id(), name, current.writeEndpoints(), current.readEndpoints(), current.weight(), state), true);
    });
  }

  /** Pins the named node as the global node; it must hold data. Pinning the pinned node changes nothing. */
  Result setGlobal(String name) throws DirectoryException {
    Objects.requireNonNull(name, "node name");
    return sources.transactionOnPrimary("pinning node '" + name + "' as the global node", c -> {
      NodeInfo target = requireByName(c, name);
      if (!target.state().holdsData()) {
        throw new DirectoryException(
            "node " + name + " is " + target.state() + " and holds no data, so it cannot be the global node; set it ACTIVE"
                + " first (`shardline node set-state " + name + " ACTIVE`) and copy the global tables to it",
            DirectoryException.GENERAL_ERROR);
      }
      Integer pinned = DirectoryStore.pinnedGlobalNodeId(c, " FOR UPDATE");
      if (pinned != null && pinned == target.id()) {
        return new Result(target, false);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO cluster_settings (name, `value`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `value` = VALUES(`value`)")) {
        ps.setString(1, Migrations.GLOBAL_NODE_SETTING);
        ps.setString(2, String.valueOf(target.id()));
        ps.executeUpdate();
      }
      ChangeLog.append(c, ChangeLog.Kind.SETTINGS, List.of(Migrations.GLOBAL_NODE_SETTING));
      return new Result(target, true);
    });
  }

  /**
   * Pins {@code id} unless a node is pinned. {@code INSERT IGNORE} rather than a locking read first:
   * two registrations that both found no row would deadlock on their gap locks, whereas a second
   * insert of the same key simply waits for the first to commit and is then ignored.
   */
  private static boolean pinIfNone(Connection c, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO cluster_settings (name, `value`) VALUES (?, ?)")) {
      ps.setString(1, Migrations.GLOBAL_NODE_SETTING);
      ps.setString(2, String.valueOf(id));
      return ps.executeUpdate() == 1;
    }
  }

  /** Refuses {@code doing} (taking the node out of the nodes that hold data) when the node is the pinned global node. */
  private static void requireNotGlobal(Connection c, NodeInfo node, String doing) throws SQLException {
    Integer pinned = DirectoryStore.pinnedGlobalNodeId(c, " LOCK IN SHARE MODE");
    if (pinned != null && pinned == node.id()) {
      throw new DirectoryException(
          "cannot " + doing + ": " + node.name() + " is the global node (it holds the global tables); pin another with"
              + " `shardline node set-global NAME` after copying the global tables to it",
          DirectoryException.GENERAL_ERROR);
    }
  }

  private static NodeInfo requireByName(Connection c, String name) throws SQLException {
    NodeInfo node = lockByName(c, name);
    if (node == null) {
      throw unknownNode(name, DirectoryStore.loadNodes(c));
    }
    return node;
  }

  private static NodeInfo lockByName(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + DirectoryStore.NODE_COLUMNS + " FROM nodes WHERE name = ? FOR UPDATE")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? DirectoryStore.node(rs) : null;
      }
    }
  }

  static DirectoryException unknownNode(String name, List<NodeInfo> known) {
    List<String> names = new ArrayList<>();
    known.forEach(n -> names.add(n.name()));
    return new DirectoryException(
        "no node named '" + name + "' in the directory (nodes: " + (names.isEmpty() ? "none" : String.join(", ", names))
            + "); register it first with `shardline node add " + name + " --write host:port ...`",
        DirectoryException.GENERAL_ERROR);
  }
}
