package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Users, posts and comments sharded on user_id, routed through jdbc:shardline: on real servers. */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(120)
class RoutingIT {
  private static ClusterFixture fixture;
  private static String url;

  @AfterAll
  static void closeRuntimes() {
    // Before the shared cluster stops, so no poller or pool talks to servers that are going away.
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "routing");
    url = fixture.url();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
      s.execute("CREATE TABLE posts (id BIGINT AUTO_INCREMENT PRIMARY KEY, user_id BIGINT NOT NULL, title VARCHAR(100), KEY (user_id))");
      s.execute("CREATE TABLE comments (id BIGINT AUTO_INCREMENT PRIMARY KEY, post_id BIGINT, user_id BIGINT NOT NULL, body VARCHAR(200), KEY (user_id))");
    }
  }

  private static SandboxNode nodeOf(Connection c, long userId) throws SQLException {
    String node = c.unwrap(ShardlineConnection.class).explain("SELECT * FROM users WHERE user_id = ?", userId).targets().get(0).node();
    return fixture.cluster.node(node);
  }

  private static long count(SandboxInstance instance, String table, long userId) {
    return instance.queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + "." + table + " WHERE user_id = " + userId);
  }

  private static int serverIdOfRead(Connection c, String sql, Object key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "a row for " + key);
        return rs.getInt("sid");
      }
    }
  }

  @Test
  void eachUsersRowsLandOnlyOnTheirNodesMasterAndReachItsReplica() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      for (long user = 1000; user < 1020; user++) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
          ps.setLong(1, user);
          ps.setString(2, "user " + user);
          assertEquals(1, ps.executeUpdate());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO posts (user_id, title) VALUES (?, ?)")) {
          ps.setLong(1, user);
          ps.setString(2, "hello from " + user);
          ps.executeUpdate();
        }
      }
      Map<String, Integer> perNode = new HashMap<>();
      fixture.cluster.awaitReplication(Duration.ofSeconds(10));
      for (long user = 1000; user < 1020; user++) {
        SandboxNode home = nodeOf(c, user);
        perNode.merge(home.name(), 1, Integer::sum);
        for (SandboxNode node : fixture.cluster.nodes()) {
          long expected = node == home ? 1 : 0;
          assertEquals(expected, count(node.activeMaster(), "users", user), "users " + user + " on " + node.name());
          assertEquals(expected, count(node.activeMaster(), "posts", user), "posts " + user + " on " + node.name());
          assertEquals(expected, count(node.replicas().get(0), "users", user), "replica of " + node.name());
        }
      }
      assertEquals(2, perNode.size(), "20 new users spread over both nodes: " + perNode);
    }
  }

  @Test
  void autocommitReadsGoToTheReplicaTransactionsLockingReadsAndRecentWritesToTheMaster() throws Exception {
    long user = 2000;
    try (Connection writer = DriverManager.getConnection(url);
        PreparedStatement ps = writer.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, 'rw')")) {
      ps.setLong(1, user);
      ps.executeUpdate();
      SandboxNode node = nodeOf(writer, user);
      String read = "SELECT @@server_id AS sid, name FROM users WHERE user_id = ?";
      assertEquals(node.activeMaster().serverId(), serverIdOfRead(writer, read, user), "read-your-writes window: master");
      fixture.cluster.awaitReplication(Duration.ofSeconds(10));

      try (Connection reader = DriverManager.getConnection(url)) {
        assertEquals(node.replicas().get(0).serverId(), serverIdOfRead(reader, read, user), "autocommit read: replica");
        assertEquals(node.activeMaster().serverId(), serverIdOfRead(reader, read + " FOR UPDATE", user), "FOR UPDATE: master");
        reader.setAutoCommit(false);
        assertEquals(node.activeMaster().serverId(), serverIdOfRead(reader, read, user), "in a transaction: master");
        reader.commit();
        reader.setAutoCommit(true);
        reader.setReadOnly(true);
        reader.setAutoCommit(false);
        assertEquals(node.replicas().get(0).serverId(), serverIdOfRead(reader, read, user), "read-only transaction: replica");
        reader.commit();
      }
    }
  }

  @Test
  void theReadYourWritesWindowEnds() throws Exception {
    String shortWindow = fixture.url("shardline.readYourWritesMs=300");
    long user = 2100;
    try (Connection c = DriverManager.getConnection(shortWindow)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, 'window')")) {
        ps.setLong(1, user);
        ps.executeUpdate();
      }
      SandboxNode node = nodeOf(c, user);
      String read = "SELECT @@server_id AS sid FROM users WHERE user_id = ?";
      assertEquals(node.activeMaster().serverId(), serverIdOfRead(c, read, user));
      fixture.cluster.awaitReplication(Duration.ofSeconds(10));
      Thread.sleep(400);
      assertEquals(node.replicas().get(0).serverId(), serverIdOfRead(c, read, user));
    }
  }

  @Test
  void explicitKeysRouteStatementsWithoutAKey() throws Exception {
    long user = 3000;
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, 'explicit')")) {
        ps.setLong(1, user);
        ps.executeUpdate();
      }
      SandboxNode node = nodeOf(c, user);
      int master = node.activeMaster().serverId();
      ShardlineConnection shardline = c.unwrap(ShardlineConnection.class);
      try (Statement s = c.createStatement()) {
        shardline.useKey(user);
        assertEquals(master, serverId(s, "SELECT @@server_id"), "useKey (master: within the read-your-writes window)");
        shardline.clearKey();
        s.execute("SET @@shardline.key = " + user);
        assertEquals(master, serverId(s, "SELECT @@server_id"), "SET @@shardline.key");
        s.execute("SET @@shardline.key = NULL");
        assertEquals(master, serverId(s, "SELECT /* shard_key=" + user + " */ @@server_id"), "comment hint");
      }
    }
  }

  private static int serverId(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void ormStyleAliasedSqlIsRoutedByItsKey() throws Exception {
    long user = 4000;
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps = c.prepareStatement("insert into users (name,user_id) values (?,?)")) {
        ps.setString(1, "orm");
        ps.setLong(2, user);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("select u1_0.user_id,u1_0.name from users u1_0 where u1_0.user_id=?")) {
        ps.setLong(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("orm", rs.getString("name"));
          assertEquals(user, rs.getLong(1));
          assertEquals(2, rs.getMetaData().getColumnCount());
          assertFalse(rs.next());
        }
      }
      try (PreparedStatement ps = c.prepareStatement("update users u set u.name=? where u.user_id=?")) {
        ps.setString(1, "orm2");
        ps.setLong(2, user);
        assertEquals(1, ps.executeUpdate());
      }
      try (PreparedStatement ps = c.prepareStatement("delete from users where user_id in (?)")) {
        ps.setLong(1, user);
        assertEquals(1, ps.executeUpdate());
      }
    }
  }

  @Test
  void multiRowInsertsAndBatchesSpanningBothNodesAreSplitPerNode() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      long[] users = {5000, 5001, 5002, 5003, 5004, 5005, 5006, 5007};
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
        for (long user : users) {
          ps.setLong(1, user);
          ps.setString(2, "batch " + user);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        assertEquals(users.length, counts.length);
        for (int count : counts) {
          assertEquals(1, count);
        }
      }
      StringBuilder sql = new StringBuilder("INSERT INTO posts (user_id, title) VALUES ");
      for (int i = 0; i < users.length; i++) {
        sql.append(i == 0 ? "" : ", ").append("(?, 'multi')");
      }
      try (PreparedStatement ps = c.prepareStatement(sql.toString(), Statement.RETURN_GENERATED_KEYS)) {
        for (int i = 0; i < users.length; i++) {
          ps.setLong(i + 1, users[i]);
        }
        assertEquals(users.length, ps.executeUpdate());
        int keys = 0;
        try (ResultSet rs = ps.getGeneratedKeys()) {
          while (rs.next()) {
            assertTrue(rs.getLong(1) > 0);
            keys++;
          }
        }
        assertEquals(users.length, keys, "one generated key per row, across both nodes");
      }
      java.util.Set<String> nodes = new java.util.HashSet<>();
      for (long user : users) {
        SandboxNode home = nodeOf(c, user);
        nodes.add(home.name());
        for (SandboxNode node : fixture.cluster.nodes()) {
          long expected = node == home ? 1 : 0;
          assertEquals(expected, count(node.activeMaster(), "users", user), "batch user " + user + " on " + node.name());
          assertEquals(expected, node.activeMaster().queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase
              + ".posts WHERE title = 'multi' AND user_id = " + user), "multi-row post " + user + " on " + node.name());
        }
      }
      assertEquals(2, nodes.size(), "the batch spanned both nodes");
    }
  }

  @Test
  void aCrossNodeStatementInATransactionIsRefusedAndNothingIsWritten() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, 'tx')")) {
        for (long user = 6000; user < 6010; user++) {
          ps.setLong(1, user);
          ps.executeUpdate();
        }
      }
      long first = 6000;
      long second = 6001;
      while (nodeOf(c, second) == nodeOf(c, first)) {
        second++;
      }
      assertNotEquals(nodeOf(c, first).name(), nodeOf(c, second).name());
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO posts (user_id, title) VALUES (?, 'in tx')")) {
        ps.setLong(1, first);
        ps.executeUpdate();
        ps.setLong(1, second);
        SQLException refused = assertThrows(SQLException.class, ps::executeUpdate);
        assertEquals("25000", refused.getSQLState());
        assertTrue(refused.getMessage().contains("bound to node " + nodeOf(c, first).name()), refused.getMessage());
      }
      c.rollback();
      c.setAutoCommit(true);
      for (SandboxNode node : fixture.cluster.nodes()) {
        assertEquals(0L, node.activeMaster().queryLong(
            "SELECT COUNT(*) FROM " + fixture.appDatabase + ".posts WHERE title = 'in tx'"), node.name());
      }
    }
  }

  @Test
  void unroutableStatementsAndBadPropertiesGiveTheDocumentedErrors() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      SQLException noKey = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE users SET name = 'y' WHERE name = 'x'"));
      assertTrue(noKey.getMessage().contains("no shard key"), noKey.getMessage());
      assertTrue(noKey.getMessage().contains("useKey"), noKey.getMessage());
      assertEquals("0AS01", noKey.getSQLState(), "not 0A000, which HikariCP treats as a broken connection");
      try (ResultSet probe = s.executeQuery("select * from users where 1=0")) {
        assertFalse(probe.next());
        assertEquals(2, probe.getMetaData().getColumnCount(), "schema tools read a table's columns this way");
      }
      SQLException noKeyUpdate = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM posts WHERE title = 'x'"));
      assertTrue(noKeyUpdate.getMessage().contains("DELETE"), noKeyUpdate.getMessage());
      SQLException unparsable = assertThrows(SQLException.class, () -> s.executeQuery("SELEKT name FROM users WHERE user_id = 1"));
      assertTrue(unparsable.getMessage().contains("cannot parse"), unparsable.getMessage());
      SQLException call = assertThrows(SQLException.class, () -> s.execute("CALL refresh_stats()"));
      assertTrue(call.getMessage().contains("cannot tell which node"), call.getMessage());
      SQLException shardColumnUpdate = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE users SET user_id = 2 WHERE user_id = 1"));
      assertTrue(shardColumnUpdate.getMessage().contains("move the row to another node"), shardColumnUpdate.getMessage());
    }
    SQLException unknown = assertThrows(SQLException.class, () -> DriverManager.getConnection(fixture.url("shardline.poolSize=3")));
    assertTrue(unknown.getMessage().contains("unknown property shardline.poolSize"), unknown.getMessage());
    SQLException badValue = assertThrows(SQLException.class, () -> DriverManager.getConnection(fixture.url("shardline.pool.maxSize=lots")));
    assertTrue(badValue.getMessage().contains("shardline.pool.maxSize was set to 'lots', must be an integer >= 1"), badValue.getMessage());
    String noDatabase = url.replace("&shardline.database=" + fixture.appDatabase, "");
    SQLException missing = assertThrows(SQLException.class, () -> DriverManager.getConnection(noDatabase));
    assertTrue(missing.getMessage().contains("shardline.database is missing"), missing.getMessage());
    assertFalse(missing.getMessage().contains(SandboxCluster.APP_PASSWORD + "&"), "no password in messages");
  }

  @Test
  void tenThousandStatementsLeaveNoPhysicalConnectionCheckedOut() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, 'pool')")) {
        for (long user = 7000; user < 7010; user++) {
          ps.setLong(1, user);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
        for (int i = 0; i < 10_000; i++) {
          ps.setLong(1, 7000 + i % 10);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
          }
        }
      }
      for (PoolStats pool : c.unwrap(ShardlineConnection.class).poolStats()) {
        assertEquals(0, pool.active(), "active connections in " + pool);
      }
    }
  }

  @Test
  void explainSaysWhereAndWhyWithoutRunning() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      ShardlineConnection shardline = c.unwrap(ShardlineConnection.class);
      Explanation newKey = shardline.explain("INSERT INTO users (user_id, name) VALUES (?, ?)", 8000L, "x");
      assertTrue(newKey.reason().contains("new"), newKey.toString());
      for (SandboxNode node : fixture.cluster.nodes()) {
        assertEquals(0L, count(node.activeMaster(), "users", 8000), "explain wrote nothing");
      }
      Explanation read = shardline.explain("SELECT * FROM users WHERE user_id = ?", 1000L);
      assertEquals(1, read.targets().size());
      assertEquals("replica", read.targets().get(0).role());
      assertTrue(read.reason().contains("replica"), read.toString());
    }
  }
}
