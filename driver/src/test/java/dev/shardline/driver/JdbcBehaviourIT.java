package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The logical JDBC objects behave like one MySQL connection, on real servers. */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(120)
class JdbcBehaviourIT {
  private static ClusterFixture fixture;
  private static String url;

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "jdbc");
    url = fixture.url();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(8) NOT NULL)");
      s.execute("CREATE TABLE posts (id BIGINT AUTO_INCREMENT PRIMARY KEY, user_id BIGINT NOT NULL, title VARCHAR(100))");
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }
  }

  @Test
  void generatedKeysOfASingleInsert() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("INSERT INTO posts (user_id, title) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, 1);
      ps.setString(2, "keyed");
      assertEquals(1, ps.executeUpdate());
      try (ResultSet keys = ps.getGeneratedKeys()) {
        assertTrue(keys.next());
        long id = keys.getLong(1);
        assertTrue(id > 0);
        assertFalse(keys.next());
      }
    }
  }

  @Test
  void savepointsRollbackAndSqlTransactionStatements() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO posts (user_id, title) VALUES (2, 'kept')");
      Savepoint savepoint = c.setSavepoint();
      s.executeUpdate("INSERT INTO posts (user_id, title) VALUES (2, 'undone')");
      c.rollback(savepoint);
      c.commit();
      c.setAutoCommit(true);
      assertEquals(1, count(s, "SELECT COUNT(*) FROM posts WHERE user_id = 2 AND title = 'kept'"));
      assertEquals(0, count(s, "SELECT COUNT(*) FROM posts WHERE user_id = 2 AND title = 'undone'"));

      s.execute("BEGIN");
      assertFalse(c.getAutoCommit());
      s.executeUpdate("INSERT INTO posts (user_id, title) VALUES (2, 'rolled back')");
      s.execute("ROLLBACK");
      assertTrue(c.getAutoCommit(), "autocommit comes back after a transaction begun by SQL");
      assertEquals(0, count(s, "SELECT COUNT(*) FROM posts WHERE user_id = 2 AND title = 'rolled back'"));
    }
  }

  @Test
  void isolationLevelIsAppliedToThePhysicalConnection() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      c.setAutoCommit(false);
      try (ResultSet rs = s.executeQuery("SELECT @@tx_isolation FROM users WHERE user_id = 3")) {
        rs.next();
        assertEquals("READ-COMMITTED", rs.getString(1));
      }
      c.commit();
    }
  }

  @Test
  void queryTimeoutAndCancelReachTheNode() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      assertThrows(SQLTimeoutException.class, () -> s.executeQuery("SELECT SLEEP(5) FROM users WHERE user_id = 1"));
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
        try {
          Thread.sleep(500);
          s.cancel();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      long started = System.nanoTime();
      try (ResultSet rs = s.executeQuery("SELECT SLEEP(10) FROM users WHERE user_id = 1")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "a cancelled SLEEP returns 1");
      } catch (SQLException cancelled) {
        // Connector/J may also report the cancellation as an exception; either way it stopped early.
      }
      canceller.get(5, TimeUnit.SECONDS);
      assertTrue(System.nanoTime() - started < 8_000_000_000L, "cancel stopped the statement before it ended");
    }
  }

  @Test
  void warningsAndErrorsKeepTheNodesStateAndClass() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT CAST('12abc' AS SIGNED) FROM users WHERE user_id = 1")) {
        rs.next();
      }
      assertNotNull(s.getWarnings(), "the node's truncation warning is visible");
      SQLException duplicate = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO users (user_id, name) VALUES (1, 'again')"));
      assertTrue(duplicate instanceof SQLIntegrityConstraintViolationException, duplicate.getClass().getName());
      assertEquals("23000", duplicate.getSQLState());
      assertEquals(1062, duplicate.getErrorCode());
      assertTrue(duplicate.getMessage().contains("[on node "), duplicate.getMessage());
    }
  }

  @Test
  void unsupportedFeaturesSaySo() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      assertThrows(SQLFeatureNotSupportedException.class, () -> c.prepareCall("CALL p()"));
      assertThrows(SQLFeatureNotSupportedException.class, () -> c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY));
      assertThrows(SQLFeatureNotSupportedException.class, () -> c.setCatalog("elsewhere"));
      SQLException savepointTooEarly = assertThrows(SQLException.class, () -> {
        c.setAutoCommit(false);
        c.setSavepoint();
      });
      assertTrue(savepointTooEarly.getMessage().contains("not bound to a node yet"), savepointTooEarly.getMessage());
      c.rollback();
      assertTrue(c.isWrapperFor(ShardlineConnection.class));
      assertEquals("Shardline", c.getMetaData().getDriverName());
      assertEquals(c, c.getMetaData().getConnection());
    }
  }

  @Test
  void closingTheConnectionRollsBackAndReleasesEverything() throws Exception {
    Connection c = DriverManager.getConnection(url);
    Statement s = c.createStatement();
    c.setAutoCommit(false);
    s.executeUpdate("INSERT INTO posts (user_id, title) VALUES (3, 'never committed')");
    ResultSet open = s.executeQuery("SELECT title FROM posts WHERE user_id = 3");
    c.close();
    assertTrue(open.isClosed());
    assertTrue(s.isClosed());
    assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
    try (Connection check = DriverManager.getConnection(url);
        Statement cs = check.createStatement()) {
      assertEquals(0, count(cs, "SELECT COUNT(*) FROM posts WHERE user_id = 3 AND title = 'never committed'"));
      for (PoolStats pool : check.unwrap(ShardlineConnection.class).poolStats()) {
        assertEquals(0, pool.active(), pool.toString());
      }
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
