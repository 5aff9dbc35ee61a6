package dev.shardline.driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workload of the cross-node transaction tests: users placed by the directory, and a follow
 * (A follows B), which writes a row on A's node and a row on B's node.
 */
public final class Follows {
  private Follows() {}

  /** Creates {@code users} and {@code follows} through {@code url}, inserts 20 users, and returns them by node name. */
  static Map<String, List<Long>> create(String url) throws SQLException {
    Map<String, List<Long>> usersByNode = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(32) NOT NULL)");
      s.execute("CREATE TABLE follows (user_id BIGINT NOT NULL, other_id BIGINT NOT NULL, direction VARCHAR(8) NOT NULL,"
          + " PRIMARY KEY (user_id, other_id, direction))");
      for (long user = 1; user <= 20; user++) {
        s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + user + ", 'u" + user + "')");
        usersByNode.computeIfAbsent(ClusterFixture.nodeOf(c, "users", user), n -> new ArrayList<>()).add(user);
      }
    }
    return usersByNode;
  }

  /** A follows B: a row on A's node and a row on B's node, in the connection's transaction. */
  public static void follow(Connection c, long a, long b) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO follows (user_id, other_id, direction) VALUES (?, ?, ?)")) {
      ps.setLong(1, a);
      ps.setLong(2, b);
      ps.setString(3, "out");
      ps.executeUpdate();
      ps.setLong(1, b);
      ps.setLong(2, a);
      ps.setString(3, "in");
      ps.executeUpdate();
    }
  }
}
