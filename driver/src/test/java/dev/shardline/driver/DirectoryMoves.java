package dev.shardline.driver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The directory side of a move, written as the mover writes it (key row and change-log entry in
 * one transaction, the head row locked last), so driver tests can put a key through MOVING before
 * the mover itself exists as a public service.
 */
final class DirectoryMoves {
  private DirectoryMoves() {}

  static void markMoving(ClusterFixture fixture, long key) throws SQLException {
    change(fixture, key, "state = 'MOVING'");
  }

  static void switchTo(ClusterFixture fixture, long key, String node) throws SQLException {
    change(fixture, key, "state = 'ACTIVE', node_id = (SELECT id FROM nodes WHERE name = '" + node + "')");
  }

  private static void change(ClusterFixture fixture, long key, String assignments) throws SQLException {
    try (Connection c = fixture.directoryDataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement update = c.prepareStatement("UPDATE shard_keys SET " + assignments + ", version = version + 1 WHERE key_text = ?")) {
        update.setBytes(1, Long.toString(key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (update.executeUpdate() != 1) {
          throw new SQLException("key " + key + " is not in the directory");
        }
      }
      long sequence;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_sequence FROM change_log_head WHERE id = 1 FOR UPDATE")) {
        rs.next();
        sequence = rs.getLong(1) + 1;
      }
      try (PreparedStatement log = c.prepareStatement("INSERT INTO change_log (sequence, kind, subject) VALUES (?, 'KEY', ?)")) {
        log.setLong(1, sequence);
        log.setBytes(2, Long.toString(key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        log.executeUpdate();
      }
      try (PreparedStatement head = c.prepareStatement("UPDATE change_log_head SET last_sequence = ? WHERE id = 1")) {
        head.setLong(1, sequence);
        head.executeUpdate();
      }
      c.commit();
    }
  }
}
