package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.directory.cli.ShardlineCommand;
import dev.shardline.sandbox.Await;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** DDL on every node, metadata of the logical database, and session statements, on real servers. */
@WithSandbox(nodes = 2, replicasPerNode = 1, dedicated = true)
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogicalSchemaIT {
  private static ClusterFixture fixture;
  private static String url;

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "schema");
    url = fixture.url();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS users (user_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, KEY idx_name (name))");
      s.execute("CREATE TABLE IF NOT EXISTS users (user_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, KEY idx_name (name))");
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
    }
  }

  private static String db() {
    return fixture.appDatabase;
  }

  @Test
  @Order(1)
  void ddlReachesEveryNodeAndIfNotExistsIsIdempotent() {
    for (SandboxNode node : fixture.cluster.nodes()) {
      assertEquals(1L, node.activeMaster().queryLong(
          "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db() + "' AND TABLE_NAME = 'users'"), node.name());
    }
  }

  @Test
  @Order(2)
  void aTableCreatedByAnotherDriverInstanceIsShardedAtOnce() throws Exception {
    String other = fixture.url("shardline.instanceName=other-app-server");
    try (Connection late = DriverManager.getConnection(other);
        Connection creator = DriverManager.getConnection(url);
        Statement s = creator.createStatement()) {
      late.createStatement().close(); // this instance has read the schema before the table exists
      s.execute("CREATE TABLE late_posts (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL)");
      try (PreparedStatement ps = late.prepareStatement("INSERT INTO late_posts (id, user_id) VALUES (?, ?)")) {
        for (long user = 1; user <= 4; user++) {
          ps.setLong(1, user);
          ps.setLong(2, user);
          ps.executeUpdate();
        }
      }
      ShardlineConnection shardline = late.unwrap(ShardlineConnection.class);
      for (long user = 1; user <= 4; user++) {
        String home = shardline.explain("SELECT * FROM users WHERE user_id = ?", user).targets().get(0).node();
        for (SandboxNode node : fixture.cluster.nodes()) {
          assertEquals(node.name().equals(home) ? 1L : 0L,
              node.activeMaster().queryLong("SELECT COUNT(*) FROM " + db() + ".late_posts WHERE user_id = " + user),
              "late_posts row of user " + user + " on " + node.name());
        }
      }
    }
  }

  @Test
  @Order(3)
  void aDdlThatFailsOnOneNodeNamesItAndConvergesWhenReRun() throws Exception {
    SandboxNode second = fixture.cluster.node("node2");
    String alter = "ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname VARCHAR(20)";
    second.activeMaster().stop();
    try (Connection c = DriverManager.getConnection(fixture.url("shardline.failover.deadlineMs=1000", "shardline.instanceName=ddl"));
        Statement s = c.createStatement()) {
      SQLException partial = assertThrows(SQLException.class, () -> s.execute(alter));
      assertTrue(partial.getMessage().contains("failed on node node2"), partial.getMessage());
      assertTrue(partial.getMessage().contains("node(s) [node1] had already applied it"), partial.getMessage());
      second.activeMaster().start();
      assertEquals(0L, columnCount(second.activeMaster(), "nickname"), "node2 did not get the column");
      assertEquals(1L, columnCount(fixture.cluster.node("node1").activeMaster(), "nickname"));
      StringWriter diff = new StringWriter();
      assertEquals(ShardlineCommand.DIFFERENCES, schemaDiff(diff), "schema diff sees the partial ALTER: " + diff);
      assertTrue(diff.toString().contains("nickname"), diff.toString());
      AtomicReference<SQLException> notBackYet = new AtomicReference<>();
      Await.until(Duration.ofSeconds(10), () -> "the re-run ALTER to succeed once node2 is back; last error: " + notBackYet.get(),
          () -> succeeds(s, alter, notBackYet));
      for (SandboxNode node : fixture.cluster.nodes()) {
        assertEquals(1L, columnCount(node.activeMaster(), "nickname"), "re-running converged on " + node.name());
      }
      StringWriter converged = new StringWriter();
      assertEquals(ShardlineCommand.OK, schemaDiff(converged), converged.toString());
    }
  }

  /** Runs {@code sql}: false, keeping the error in {@code lastError}, when it fails (a wait's condition cannot throw). */
  private static boolean succeeds(Statement s, String sql, AtomicReference<SQLException> lastError) {
    try {
      s.execute(sql);
      return true;
    } catch (SQLException e) {
      lastError.set(e);
      return false;
    }
  }

  /** {@code shardline schema diff} in-process, as an operator would run it. */
  private static int schemaDiff(StringWriter out) {
    String[] args = {
      "schema", "diff", "--database", db(),
      "--url", fixture.cluster.directoryPrimary().jdbcUrl(fixture.directoryDatabase),
      "--user", SandboxCluster.APP_USER, "--password=" + SandboxCluster.APP_PASSWORD
    };
    return ShardlineCommand.commandLine(args).setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(args);
  }

  private static long columnCount(SandboxInstance instance, String column) {
    return instance.queryLong("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db()
        + "' AND TABLE_NAME = 'users' AND COLUMN_NAME = '" + column + "'");
  }

  @Test
  @Order(4)
  void metadataDescribesTheLogicalDatabaseAsADirectConnectionToANodeDoes() throws Exception {
    SandboxInstance master = fixture.cluster.node("node1").activeMaster();
    try (Connection logical = DriverManager.getConnection(url);
        Connection direct = DriverManager.getConnection(master.jdbcUrl(db()), SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD)) {
      DatabaseMetaData ours = logical.getMetaData();
      DatabaseMetaData theirs = direct.getMetaData();
      assertEquals(rows(theirs.getTables(db(), null, "%", new String[] {"TABLE"}), "TABLE_NAME"), rows(ours.getTables(db(), null, "%", new String[] {"TABLE"}), "TABLE_NAME"));
      assertEquals(rows(theirs.getColumns(db(), null, "users", "%"), "COLUMN_NAME", "TYPE_NAME", "COLUMN_SIZE", "IS_NULLABLE"),
          rows(ours.getColumns(db(), null, "users", "%"), "COLUMN_NAME", "TYPE_NAME", "COLUMN_SIZE", "IS_NULLABLE"));
      assertEquals(rows(theirs.getPrimaryKeys(db(), null, "users"), "COLUMN_NAME"), rows(ours.getPrimaryKeys(db(), null, "users"), "COLUMN_NAME"));
      assertEquals(rows(theirs.getIndexInfo(db(), null, "users", false, false), "INDEX_NAME", "COLUMN_NAME"),
          rows(ours.getIndexInfo(db(), null, "users", false, false), "INDEX_NAME", "COLUMN_NAME"));
      assertEquals(theirs.getDatabaseProductName(), ours.getDatabaseProductName());
      assertEquals(theirs.getDatabaseProductVersion(), ours.getDatabaseProductVersion());
      assertEquals(theirs.getIdentifierQuoteString(), ours.getIdentifierQuoteString());
      assertEquals("Shardline", ours.getDriverName());
      assertEquals(db(), logical.getCatalog());
    }
  }

  private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (String column : columns) {
          row.append(rs.getString(column)).append('|');
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  @Test
  @Order(5)
  void sessionStatementsApplyOnEveryNodeSurviveSwitchesAndAreGoneAfterClose() throws Exception {
    // One physical connection per endpoint, so the next logical connection borrows the same ones.
    String single = fixture.url("shardline.pool.maxSize=1", "shardline.instanceName=session", "shardline.readYourWritesMs=0");
    try (Connection c = DriverManager.getConnection(single);
        Statement s = c.createStatement()) {
      s.execute("SET FOREIGN_KEY_CHECKS = 0");
      s.execute("SET @marker = 42");
      s.execute("USE " + db());
      assertThrows(SQLFeatureNotSupportedException.class, () -> s.execute("USE mysql"));
      for (long user = 1; user <= 4; user++) {
        assertEquals("42|0", session(c, user), "autocommit read (replica) of user " + user);
      }
      c.setAutoCommit(false);
      assertEquals("42|0", session(c, 1), "inside a transaction (master)");
      c.commit();
      c.setAutoCommit(true);
    }
    try (Connection next = DriverManager.getConnection(single)) {
      for (long user = 1; user <= 4; user++) {
        assertEquals("null|1", session(next, user), "the next borrower of user " + user + "'s physical connection starts clean");
      }
    }
  }

  private static String session(Connection c, long user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT @marker, @@foreign_key_checks FROM users WHERE user_id = ?")) {
      ps.setLong(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        String marker = rs.getString(1);
        assertTrue(marker == null || marker.equals("42"));
        return marker + "|" + rs.getInt(2);
      }
    }
  }

  @Test
  @Order(6)
  void aNullMarkerIsReallyNull() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("SELECT @never_set FROM users WHERE user_id = ?")) {
      ps.setLong(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertNull(rs.getString(1));
      }
    }
  }
}
