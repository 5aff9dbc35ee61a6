package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Global tables live on the global node only; broadcast tables are written to every node. */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(120)
class UnshardedTablesIT {
  private static ClusterFixture fixture;
  private static String url;

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "unsharded");
    ClusterFixture.pinGlobalNode(fixture, "node2"); // shardline.globalNode below checks it
    url = fixture.url("shardline.globalTables=settings", "shardline.broadcastTables=countries", "shardline.globalNode=node2");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE settings (name VARCHAR(32) PRIMARY KEY, value VARCHAR(64))");
      s.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(64))");
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, country CHAR(2))");
    }
  }

  private static long rows(SandboxNode node, String table) {
    return node.activeMaster().queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + "." + table);
  }

  @Test
  void aGlobalTableIsWrittenAndReadOnTheGlobalNodeOnly() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("INSERT INTO settings (name, value) VALUES ('theme', 'dark')"));
      try (ResultSet rs = s.executeQuery("SELECT value FROM settings WHERE name = 'theme'")) {
        assertTrue(rs.next());
        assertEquals("dark", rs.getString(1));
      }
      Explanation plan = c.unwrap(ShardlineConnection.class).explain("SELECT value FROM settings");
      assertEquals("node2", plan.targets().get(0).node());
    }
    assertEquals(0, rows(fixture.cluster.node("node1"), "settings"));
    assertEquals(1, rows(fixture.cluster.node("node2"), "settings"));
  }

  @Test
  void aBroadcastTableIsWrittenOnEveryNodeAndJoinsWithShardedRows() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      assertEquals(2, s.executeUpdate("INSERT INTO countries (code, name) VALUES ('fr', 'France')"), "one row on each of 2 nodes");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, country) VALUES (?, 'fr')")) {
        for (long user = 1; user <= 4; user++) {
          ps.setLong(1, user);
          ps.executeUpdate();
        }
      }
      for (long user = 1; user <= 4; user++) {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT c.name FROM users u JOIN countries c ON c.code = u.country WHERE u.user_id = ?")) {
          ps.setLong(1, user);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "user " + user + " joins its country on its own node");
            assertEquals("France", rs.getString(1));
          }
        }
      }
    }
    for (SandboxNode node : fixture.cluster.nodes()) {
      assertEquals(1, rows(node, "countries"), node.name());
    }
  }
}
