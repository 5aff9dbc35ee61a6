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
 * Registers and changes nodes on the directory primary. Each change and its {@code NODE}
 * change-log entry commit in one transaction, so other clients refresh their node list exactly
 * when the change becomes visible. A call that changes nothing writes no entry.
 *
 * <p>Stateless and thread safe; concurrent changes to one node queue on its row.
 */
final class NodeAdmin {
  /** A node after a change, and whether anything changed (an identical update writes nothing). */
  record Result(NodeInfo node, boolean changed) {}

  private final Sources sources;

  NodeAdmin(Sources sources) {
    this.sources = sources;
  }

  NodeInfo register(String name, List<String> writeEndpoints, List<String> readEndpoints, int weight)
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
      ChangeLog.append(c, ChangeLog.Kind.NODE, List.of(name));
      return new NodeInfo(id, name, write, read, weight, NodeState.ACTIVE);
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
      try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET state = ? WHERE id = ?")) {
        ps.setString(1, state.name());
        ps.setInt(2, current.id());
        ps.executeUpdate();
      }
      ChangeLog.append(c, ChangeLog.Kind.NODE, List.of(name));
      return new Result(new NodeInfo(current.id(), name, current.writeEndpoints(), current.readEndpoints(), current.weight(), state), true);
    });
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
