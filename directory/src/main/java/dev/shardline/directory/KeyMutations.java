package dev.shardline.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The directory side of a move: marking keys {@code MOVING} and switching them to their new node.
 * Each call changes its keys, adjusts node key counts and logs one {@code KEY} entry per key in a
 * single transaction, so every client's cache drops exactly those keys once the change is visible.
 *
 * <p>Lock order is the one every directory writer follows: node rows (all, by id) first, then key
 * rows, then the change-log head. The assigner takes node rows first too, so a switch and an
 * assignment queue rather than deadlock.
 *
 * <p>These are the primitives the move protocol (a later issue) is built from; they are
 * package-private until that protocol, which owns the waiting and copying between them, exists.
 *
 * <p>Stateless and thread safe.
 */
final class KeyMutations {
  private final Sources sources;

  KeyMutations(Sources sources) {
    this.sources = sources;
  }

  /** Marks {@code ACTIVE} keys {@code MOVING}; fails, changing nothing, if any is unknown or already moving. */
  List<Placement> markMoving(Collection<ShardKey> keys) throws DirectoryException {
    Set<ShardKey> unique = requireKeys(keys);
    return sources.transactionOnPrimary("marking " + unique.size() + " key(s) MOVING", c -> {
      List<Placement> marked = new ArrayList<>();
      for (ShardKey key : unique) {
        Placement current = requirePlacement(c, key);
        if (current.state() != KeyState.ACTIVE) {
          throw new DirectoryException(
              "key '" + key + "' is already " + current.state() + "; finish or roll back its move first",
              DirectoryException.GENERAL_ERROR);
        }
        marked.add(write(c, new Placement(key, current.nodeId(), KeyState.MOVING, current.version() + 1)));
      }
      ChangeLog.append(c, ChangeLog.Kind.KEY, texts(unique));
      return marked;
    });
  }

  /**
   * Puts {@code MOVING} keys on {@code targetNodeId} and makes them {@code ACTIVE} again, moving
   * their counts from their old nodes to the target. With the target equal to the old node this
   * rolls a move back.
   */
  List<Placement> switchTo(Collection<ShardKey> keys, int targetNodeId) throws DirectoryException {
    Set<ShardKey> unique = requireKeys(keys);
    return sources.transactionOnPrimary("switching " + unique.size() + " key(s) to node " + targetNodeId, c -> {
      List<NodeInfo> nodes = lockAllNodes(c);
      if (nodes.stream().noneMatch(n -> n.id() == targetNodeId)) {
        throw new DirectoryException(
            "no node with id " + targetNodeId + " in the directory (nodes: " + new NodeTable(nodes).describe() + ")",
            DirectoryException.GENERAL_ERROR);
      }
      Map<Integer, Long> countChanges = new HashMap<>();
      List<Placement> switched = new ArrayList<>();
      for (ShardKey key : unique) {
        Placement current = requirePlacement(c, key);
        if (current.state() != KeyState.MOVING) {
          throw new DirectoryException(
              "key '" + key + "' is " + current.state() + ", not MOVING; mark it MOVING before switching it",
              DirectoryException.GENERAL_ERROR);
        }
        countChanges.merge(current.nodeId(), -1L, Long::sum);
        countChanges.merge(targetNodeId, 1L, Long::sum);
        switched.add(write(c, new Placement(key, targetNodeId, KeyState.ACTIVE, current.version() + 1)));
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET key_count = key_count + ? WHERE id = ?")) {
        for (Map.Entry<Integer, Long> change : countChanges.entrySet()) {
          if (change.getValue() != 0) {
            ps.setLong(1, change.getValue());
            ps.setInt(2, change.getKey());
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
      ChangeLog.append(c, ChangeLog.Kind.KEY, texts(unique));
      return switched;
    });
  }

  private static Set<ShardKey> requireKeys(Collection<ShardKey> keys) {
    Set<ShardKey> unique = new LinkedHashSet<>(keys);
    if (unique.isEmpty()) {
      throw new IllegalArgumentException("no keys given");
    }
    return unique;
  }

  private static List<NodeInfo> lockAllNodes(Connection c) throws SQLException {
    List<NodeInfo> nodes = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + DirectoryStore.NODE_COLUMNS + " FROM nodes ORDER BY id FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        nodes.add(DirectoryStore.node(rs));
      }
    }
    return nodes;
  }

  private static Placement requirePlacement(Connection c, ShardKey key) throws SQLException {
    Optional<Placement> current = DirectoryStore.findPlacement(c, key, " FOR UPDATE");
    if (current.isEmpty()) {
      throw new DirectoryException("key '" + key + "' is not in the directory", DirectoryException.GENERAL_ERROR);
    }
    return current.get();
  }

  private static Placement write(Connection c, Placement next) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE shard_keys SET node_id = ?, state = ?, version = ? WHERE key_text = ?")) {
      ps.setInt(1, next.nodeId());
      ps.setString(2, next.state().name());
      ps.setLong(3, next.version());
      ps.setBytes(4, DirectoryStore.keyBytes(next.key()));
      ps.executeUpdate();
    }
    return next;
  }

  private static List<String> texts(Collection<ShardKey> keys) {
    return keys.stream().map(ShardKey::text).toList();
  }
}
