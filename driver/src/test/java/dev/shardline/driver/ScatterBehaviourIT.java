package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.routing.StatementRouter;
import dev.shardline.sandbox.Await;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a statement across nodes behaves around its answer: failures of one node, timeouts and
 * cancel, concurrency against small pools, writes split per node or run on every node, and what
 * explain shows. The answers themselves are proven by {@link ScatterDifferentialIT}.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1, passiveMasters = false, dedicated = true)
@Timeout(120)
class ScatterBehaviourIT {
  private static final int USERS = 200;
  /** Rows of {@code big} on each node: enough that a node's stream cannot sit whole in socket buffers. */
  private static final int BIG_ROWS_PER_NODE = 20_000;

  private static ClusterFixture fixture;
  private static String url;
  private static final Map<String, List<Long>> usersByNode = new java.util.TreeMap<>();

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void data(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "scatterb");
    url = fixture.url("shardline.readYourWritesMs=0", "shardline.probe.intervalMs=100");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(32) NOT NULL, score INT NOT NULL)");
      s.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, pad VARCHAR(1000) NOT NULL)");
      s.execute("CREATE TABLE sleepy (id INT PRIMARY KEY, user_id BIGINT NOT NULL)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, name, score) VALUES (?, ?, ?)")) {
        for (long user = 1; user <= USERS; user++) {
          ps.setLong(1, user);
          ps.setString(2, "user" + (user % 37));
          ps.setInt(3, (int) (user % 7)); // both parities in every score: each score has rows on both nodes
          ps.addBatch();
        }
        ps.executeBatch();
      }
      for (long user = 1; user <= USERS; user++) {
        usersByNode.computeIfAbsent(ClusterFixture.nodeOf(c, "users", user), n -> new ArrayList<>()).add(user);
      }
    }
    assertEquals(2, usersByNode.size(), "both nodes hold users: " + usersByNode.keySet());
    int node = 0;
    for (SandboxNode n : cluster.nodes()) {
      // Rows the directory does not know are fine for keyless reads, which never look keys up.
      n.activeMaster().execute(
          "INSERT INTO " + fixture.appDatabase + ".big SELECT seq * 2 + " + node + ", seq, REPEAT('x', 1000) FROM " + fixture.appDatabase + ".seq_0_to_" + (BIG_ROWS_PER_NODE - 1),
          "INSERT INTO " + fixture.appDatabase + ".sleepy VALUES (1, 1), (2, 2)");
      node++;
    }
    cluster.awaitReplication(Duration.ofSeconds(30));
  }

  /** Every replica runs and serves its node's reads again, so each test starts from the same cluster. */
  @BeforeEach
  void replicasServeReads() throws Exception {
    for (SandboxNode n : fixture.cluster.nodes()) {
      for (SandboxInstance replica : n.replicas()) {
        if (!replica.isRunning()) {
          replica.start();
        }
      }
    }
    try (Connection c = DriverManager.getConnection(url)) {
      ShardlineConnection shardline = c.unwrap(ShardlineConnection.class);
      Await.until(Duration.ofSeconds(20), () -> "both nodes' reads go to their replicas: " + readEndpoints(shardline),
          () -> readEndpoints(shardline).equals(List.of(replicaOf("node1").address(), replicaOf("node2").address())));
    }
  }

  private static List<String> readEndpoints(ShardlineConnection c) {
    try {
      return c.explain("SELECT COUNT(*) FROM users").targets().stream().map(Explanation.Target::endpoint).toList();
    } catch (SQLException e) {
      throw new AssertionError("explain failed: " + e.getMessage(), e);
    }
  }

  private static long countOnMaster(String node, String sql) {
    return fixture.cluster.node(node).activeMaster().queryLong(sql.replace("$db", fixture.appDatabase));
  }

  private static long countEverywhere(String sql) {
    long total = 0;
    for (SandboxNode n : fixture.cluster.nodes()) {
      total += countOnMaster(n.name(), sql);
    }
    return total;
  }

  private static void assertNoConnectionInUse(Connection c) throws SQLException {
    for (PoolStats pool : c.unwrap(ShardlineConnection.class).poolStats()) {
      assertEquals(0, pool.active(), "every connection is given back: " + pool);
    }
  }

  /** The statements of this test's database still running on {@code instance}. */
  private static long running(SandboxInstance instance, String marker) {
    return instance.queryLong("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '" + fixture.appDatabase
        + "' AND COMMAND = 'Query' AND INFO LIKE '%" + marker + "%' AND INFO NOT LIKE '%PROCESSLIST%'");
  }

  private static SandboxInstance replicaOf(String node) {
    return fixture.cluster.node(node).replicas().get(0);
  }

  // --- failures of one node ---------------------------------------------------------------

  @Test
  void aNodeThatFailsBeforeItsFirstRowIsRunAgainOnASurvivor() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
        assertTrue(rs.next()); // the node2 replica's pool now holds an idle connection
        assertEquals(USERS, rs.getLong(1));
      }
      replicaOf("node2").kill();
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(score) FROM users")) {
        assertTrue(rs.next());
        assertEquals(USERS, rs.getLong(1), "node2's part was answered by its master");
        assertEquals(countEverywhere("SELECT SUM(score) FROM $db.users"), rs.getLong(2));
      }
      assertNoConnectionInUse(c);
    }
  }

  @Test
  void aNodeKilledWhileItsRowsFlowFailsTheStatementNamingItAndEveryConnectionIsGivenBack() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      SQLException failure;
      int read = 0;
      try (ResultSet rs = s.executeQuery("SELECT id, pad FROM big ORDER BY id")) {
        for (; read < 10; read++) {
          assertTrue(rs.next());
          assertEquals(read, rs.getLong(1), "ids of both nodes interleave in order");
        }
        replicaOf("node2").kill();
        failure = assertThrows(SQLException.class, () -> {
          while (rs.next()) {
            rs.getString(2);
          }
        }, "the rows stop with an error, never a silently shorter answer");
      }
      assertTrue(failure.getMessage().contains("node node2"), "the node is named: " + failure.getMessage());
      assertTrue(failure.getMessage().contains("merged"), failure.getMessage());
      assertNoConnectionInUse(c);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big")) {
        assertTrue(rs.next());
        assertEquals(2L * BIG_ROWS_PER_NODE, rs.getLong(1), "the next statement runs; node2 answers from its master");
      }
      assertNoConnectionInUse(c);
    }
  }

  @Test
  void anErrorOnOneNodeFailsTheWholeStatementAndReleasesTheOthers() throws Exception {
    fixture.cluster.node("node2").activeMaster().execute("ALTER TABLE " + fixture.appDatabase + ".sleepy ADD COLUMN only_on_node2 INT");
    fixture.cluster.awaitReplication(Duration.ofSeconds(10));
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT id, only_on_node2 FROM sleepy ORDER BY id"));
      assertTrue(e.getMessage().contains("node node1") && e.getMessage().contains("only_on_node2"), e.getMessage());
      assertEquals("42S22", e.getSQLState(), "the server's SQLState is kept");
      assertNoConnectionInUse(c);
    } finally {
      fixture.cluster.node("node2").activeMaster().execute("ALTER TABLE " + fixture.appDatabase + ".sleepy DROP COLUMN only_on_node2");
      fixture.cluster.awaitReplication(Duration.ofSeconds(10));
    }
  }

  // --- timeouts and cancel ------------------------------------------------------------------

  @Test
  void aQueryTimeoutReachesEveryNode() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      // two rows per node, three seconds a row: six seconds on each node without the timeout
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT COUNT(*) FROM sleepy WHERE SLEEP(3) = 0 /* timeout-probe */"));
      assertInstanceOf(SQLTimeoutException.class, e, "a timeout is a timeout: " + e);
      for (String node : List.of("node1", "node2")) {
        Await.until(Duration.ofSeconds(5), () -> "the query stopped on " + node, () -> running(replicaOf(node), "timeout-probe") == 0);
      }
      assertNoConnectionInUse(c);
    }
  }

  @Test
  void cancelReachesEveryNode() throws Exception {
    ExecutorService canceller = Executors.newSingleThreadExecutor();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      Future<?> cancel = canceller.submit(() -> {
        Await.until(Duration.ofSeconds(10), () -> "the query runs on both replicas",
            () -> running(replicaOf("node1"), "cancel-probe") == 1 && running(replicaOf("node2"), "cancel-probe") == 1);
        s.cancel();
        return null;
      });
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT COUNT(*) FROM sleepy WHERE SLEEP(5) = 0 /* cancel-probe */"));
      cancel.get(10, TimeUnit.SECONDS);
      assertEquals("70100", e.getSQLState(), "interrupted: " + e.getMessage());
      for (String node : List.of("node1", "node2")) {
        Await.until(Duration.ofSeconds(5), () -> "the query stopped on " + node, () -> running(replicaOf(node), "cancel-probe") == 0);
      }
      assertNoConnectionInUse(c);
    } finally {
      canceller.shutdownNow();
    }
  }

  // --- bounded resources ----------------------------------------------------------------------

  @Test
  void eightConcurrentScattersOverPoolsOfTwoFinishWithoutDeadlock() throws Exception {
    String small = fixture.url("shardline.readYourWritesMs=0", "shardline.pool.maxSize=2", "shardline.instanceName=scatter-small-pools");
    List<Long> expected = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT user_id FROM users ORDER BY name, user_id")) {
      while (rs.next()) {
        expected.add(rs.getLong(1));
      }
    }
    assertEquals(USERS, expected.size());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        runs.add(threads.submit(() -> {
          int done = 0;
          try (Connection c = DriverManager.getConnection(small);
              Statement s = c.createStatement()) {
            for (int i = 0; i < 20; i++) {
              List<Long> got = new ArrayList<>();
              try (ResultSet rs = s.executeQuery("SELECT user_id FROM users ORDER BY name, user_id")) {
                while (rs.next()) {
                  got.add(rs.getLong(1));
                  if (got.size() % 50 == 0) {
                    Thread.sleep(1); // hold both nodes' connections a while, as a slow reader does
                  }
                }
              }
              assertEquals(expected, got);
              done++;
            }
          }
          return done;
        }));
      }
      for (Future<Integer> run : runs) {
        assertEquals(20, run.get(90, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
    try (Connection c = DriverManager.getConnection(small)) {
      for (PoolStats pool : c.unwrap(ShardlineConnection.class).poolStats()) {
        assertTrue(pool.total() <= 2, "a pool never grows past its bound: " + pool);
        assertEquals(0, pool.active(), pool.toString());
      }
    }
  }

  @Test
  void aMergeThatMustHoldTooManyGroupsFailsClearly() throws Exception {
    try (Connection c = DriverManager.getConnection(fixture.url("shardline.scatter.maxRows=100", "shardline.instanceName=scatter-bounded"));
        Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery("SELECT id, COUNT(*) FROM big GROUP BY id ORDER BY COUNT(*) DESC")) {
          while (rs.next()) {
            rs.getLong(1);
          }
        }
      });
      assertTrue(e.getMessage().contains("shardline.scatter.maxRows"), "the bound is named: " + e.getMessage());
      assertNoConnectionInUse(c);
    }
  }

  // --- writes on several nodes ----------------------------------------------------------------

  @Test
  void anUpdateOrDeleteWithKeysOnSeveralNodesIsSplitPerNode() throws Exception {
    long a = usersByNode.get("node1").get(0);
    long b = usersByNode.get("node1").get(1);
    long x = usersByNode.get("node2").get(0);
    String keys = a + ", " + x + ", " + b;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      Explanation plan = c.unwrap(ShardlineConnection.class).explain("UPDATE users SET score = score + 100 WHERE user_id IN (" + keys + ")");
      assertEquals(2, plan.targets().size(), plan.toString());
      for (Explanation.Target t : plan.targets()) {
        assertEquals("master", t.role());
        List<Long> own = usersByNode.get(t.node());
        for (long key : List.of(a, b, x)) {
          assertEquals(own.contains(key), t.sql().matches(".*\\b" + key + "\\b.*"), t.node() + " gets only its own keys: " + t.sql());
        }
      }
      assertEquals(3, s.executeUpdate("UPDATE users SET score = score + 100 WHERE user_id IN (" + keys + ")"), "counts summed over the nodes");
      assertEquals(2, countOnMaster("node1", "SELECT COUNT(*) FROM $db.users WHERE score >= 100"));
      assertEquals(1, countOnMaster("node2", "SELECT COUNT(*) FROM $db.users WHERE score >= 100"));
      try (PreparedStatement ps = c.prepareStatement("UPDATE users SET score = score - 100 WHERE user_id IN (?, ?, ?)")) {
        ps.setLong(1, a);
        ps.setLong(2, x);
        ps.setLong(3, b);
        assertEquals(3, ps.executeUpdate());
      }
      assertEquals(0, countEverywhere("SELECT COUNT(*) FROM $db.users WHERE score >= 100"));

      s.executeUpdate("INSERT INTO users (user_id, name, score) VALUES (" + (USERS + 1) + ", 'gone', 0), (" + (USERS + 2) + ", 'gone', 0), ("
          + (USERS + 3) + ", 'gone', 0), (" + (USERS + 4) + ", 'gone', 0)");
      assertEquals(4, s.executeUpdate("DELETE FROM users WHERE user_id IN (" + (USERS + 1) + ", " + (USERS + 2) + ", " + (USERS + 3) + ", " + (USERS + 4) + ")"));
      assertEquals(0, countEverywhere("SELECT COUNT(*) FROM $db.users WHERE name = 'gone'"));
      assertEquals(USERS, countEverywhere("SELECT COUNT(*) FROM $db.users"));
    }
  }

  @Test
  void aKeylessWriteIsRefusedUnlessAskedForAndThenRunsOnEveryNode() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      long before = countEverywhere("SELECT SUM(score) FROM $db.users");
      SQLException refused = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE users SET score = score + 1"));
      assertEquals(StatementRouter.UNROUTABLE, refused.getSQLState());
      assertTrue(refused.getMessage().contains("/* shardline:all_nodes */"), "the opt-in is named: " + refused.getMessage());
      assertEquals(before, countEverywhere("SELECT SUM(score) FROM $db.users"), "nothing ran");

      long sixes = countEverywhere("SELECT COUNT(*) FROM $db.users WHERE score = 6");
      assertTrue(countOnMaster("node1", "SELECT COUNT(*) FROM $db.users WHERE score = 6") > 0
          && countOnMaster("node2", "SELECT COUNT(*) FROM $db.users WHERE score = 6") > 0, "both nodes have rows to update");
      assertEquals(sixes, s.executeUpdate("/* shardline:all_nodes */ UPDATE users SET score = 16 WHERE score = 6"), "counts summed");
      assertEquals(sixes, countEverywhere("SELECT COUNT(*) FROM $db.users WHERE score = 16"));
      assertEquals(0, countEverywhere("SELECT COUNT(*) FROM $db.users WHERE score = 6"));
    }
    try (Connection c = DriverManager.getConnection(fixture.url("shardline.keylessWrites=all-nodes", "shardline.instanceName=scatter-keyless"));
        Statement s = c.createStatement()) {
      long sixteens = countEverywhere("SELECT COUNT(*) FROM $db.users WHERE score = 16");
      assertEquals(sixteens, s.executeUpdate("UPDATE users SET score = 6 WHERE score = 16"), "the connection's opt-in");
      assertEquals(0, countEverywhere("SELECT COUNT(*) FROM $db.users WHERE score = 16"));
    }
  }

  // --- what the application sees ----------------------------------------------------------

  @Test
  void explainShowsEachNodesSqlAndTheMerge() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      Explanation plan = c.unwrap(ShardlineConnection.class).explain("SELECT name, AVG(score) FROM users GROUP BY name ORDER BY AVG(score) DESC LIMIT 5");
      assertEquals(List.of("node1", "node2"), plan.targets().stream().map(Explanation.Target::node).toList(), plan.toString());
      for (Explanation.Target t : plan.targets()) {
        assertEquals("replica", t.role());
        assertTrue(t.sql().contains("SUM(") && t.sql().contains("COUNT("), "AVG is sent as SUM and COUNT: " + t.sql());
        assertFalse(t.sql().contains("LIMIT 5"), "groups are combined before the LIMIT applies: " + t.sql());
      }
      assertTrue(plan.reason().contains("merge"), plan.reason());
    }
  }

  @Test
  void theMergedResultDescribesItsColumnsAsOneNodeWould() throws Exception {
    String sql = "SELECT user_id AS id, name, score * 2 AS twice FROM users ORDER BY name DESC, id LIMIT 7";
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet merged = s.executeQuery(sql);
        Connection direct = fixture.cluster.node("node1").activeMaster().connect();
        Statement ds = direct.createStatement()) {
      ds.execute("USE " + fixture.appDatabase);
      try (ResultSet one = ds.executeQuery(sql)) {
        ResultSetMetaData m = merged.getMetaData();
        ResultSetMetaData d = one.getMetaData();
        assertEquals(d.getColumnCount(), m.getColumnCount(), "the hidden sort columns are not shown");
        for (int i = 1; i <= d.getColumnCount(); i++) {
          assertEquals(d.getColumnLabel(i), m.getColumnLabel(i));
          assertEquals(d.getColumnType(i), m.getColumnType(i), d.getColumnLabel(i));
          assertEquals(d.getColumnClassName(i), m.getColumnClassName(i), d.getColumnLabel(i));
        }
      }
      int rows = 0;
      while (merged.next()) {
        rows++;
        assertEquals(merged.getLong("id"), merged.getLong(1));
      }
      assertEquals(7, rows);
      assertThrows(SQLException.class, () -> merged.getLong(1), "after the last row");
    }
  }

  @Test
  void aScatterInsideATransactionIsRefusedUntilCrossNodeTransactionsLand() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("UPDATE users SET score = score WHERE user_id = " + usersByNode.get("node1").get(0));
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT COUNT(*) FROM users"));
      assertTrue(e.getMessage().contains("node1"), e.getMessage());
      c.rollback();
      assertNoConnectionInUse(c);
    }
  }
}
