package dev.shardline.directory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directory's read queries, each on a connection the caller owns.
 *
 * <p>Key texts are stored as UTF-8 bytes in {@code VARBINARY} columns so the database compares them
 * exactly as {@link ShardKey#equals} does: a case-insensitive or space-padding collation would make
 * {@code "Ann"} and {@code "ann "} one row.
 *
 * <p>Stateless and thread safe.
 */
final class DirectoryStore {
  static final String NODE_COLUMNS = "id, name, write_endpoints, read_endpoints, weight, state, key_count";

  private DirectoryStore() {}

  static byte[] keyBytes(ShardKey key) {
    return key.text().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The key's placement. {@code lockClause} is empty for a plain read, or {@code " FOR UPDATE"} /
   * {@code " LOCK IN SHARE MODE"} inside a transaction that must read the latest committed row.
   */
  static Optional<Placement> findPlacement(Connection c, ShardKey key, String lockClause) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT node_id, state, version FROM shard_keys WHERE key_text = ?" + lockClause)) {
      ps.setBytes(1, keyBytes(key));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Placement(key, rs.getInt(1), KeyState.valueOf(rs.getString(2)), rs.getLong(3)));
      }
    }
  }

  static List<NodeInfo> loadNodes(Connection c) throws SQLException {
    List<NodeInfo> nodes = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + NODE_COLUMNS + " FROM nodes ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        nodes.add(node(rs));
      }
    }
    return nodes;
  }

  /** A {@code nodes} row selected with {@link #NODE_COLUMNS}. */
  static NodeInfo node(ResultSet rs) throws SQLException {
    return new NodeInfo(
        rs.getInt("id"),
        rs.getString("name"),
        Nodes.splitEndpoints(rs.getString("write_endpoints")),
        Nodes.splitEndpoints(rs.getString("read_endpoints")),
        rs.getInt("weight"),
        NodeState.valueOf(rs.getString("state")));
  }

  /**
   * The id of the pinned global node, or null when none is pinned (or the value is not an id, which
   * only a hand edit can cause). {@code lockClause} as for {@link #findPlacement}.
   */
  static Integer pinnedGlobalNodeId(Connection c, String lockClause) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT `value` FROM cluster_settings WHERE name = ?" + lockClause)) {
      ps.setString(1, Migrations.GLOBAL_NODE_SETTING);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        try {
          return Integer.valueOf(rs.getString(1).trim());
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
  }

  static List<ChangeLogEntry> changesAfter(Connection c, long after, int limit) throws SQLException {
    List<ChangeLogEntry> entries = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT sequence, kind, subject, UNIX_TIMESTAMP(created_at) FROM change_log"
                + " WHERE sequence > ? ORDER BY sequence LIMIT ?")) {
      ps.setLong(1, after);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new ChangeLogEntry(
                  rs.getLong(1),
                  rs.getString(2),
                  new String(rs.getBytes(3), StandardCharsets.UTF_8),
                  instant(rs.getBigDecimal(4))));
        }
      }
    }
    return entries;
  }

  /** The highest sequence number handed out so far (0 for an empty log). */
  static long lastSequence(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT last_sequence FROM change_log_head WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new DirectorySchemaException(
            "the directory's change_log_head row is missing; run `shardline migrate` to repair the schema",
            DirectorySchemaException.NO_SCHEMA);
      }
      return rs.getLong(1);
    }
  }

  /** Node name to key count, in node id order. */
  static Map<String, Long> keyCounts(Connection c) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT name, key_count FROM nodes ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    }
    return counts;
  }

  /** {@code UNIX_TIMESTAMP(ts)} is time-zone independent, unlike reading a TIMESTAMP through JDBC. */
  private static Instant instant(BigDecimal epochSeconds) {
    if (epochSeconds == null) {
      return Instant.EPOCH;
    }
    BigDecimal millis = epochSeconds.movePointRight(3);
    return Instant.ofEpochMilli(millis.longValue());
  }
}
