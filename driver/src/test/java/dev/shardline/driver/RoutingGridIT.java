package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Where each statement of a fixed set goes, in every combination of {autocommit, transaction,
 * read-only} x {replicas up, replicas down} x {plain connections, pooled by HikariCP}, checked by
 * the answering server's {@code @@server_id}; and that every row written lands on its key's master
 * and nowhere else. A cluster of its own: the grid stops and restarts replicas.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1, dedicated = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class RoutingGridIT {
  enum Mode { AUTOCOMMIT, TRANSACTION, READ_ONLY }

  enum Access { PLAIN, POOLED }

  private static ClusterFixture fixture;
  private static String url;
  private static HikariDataSource pool;
  private static final AtomicLong nextPost = new AtomicLong(1_000);
  private static final List<long[]> written = new ArrayList<>();
  private static final long[] USERS = {1, 2, 3, 4, 5, 6};

  @AfterAll
  static void close() {
    if (pool != null) {
      pool.close();
    }
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "grid");
    url = fixture.url("shardline.globalTables=countries", "shardline.broadcastTables=settings", "shardline.readYourWritesMs=0");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(20))");
      s.execute("CREATE TABLE posts (post_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, KEY (user_id))");
      s.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY)");
      s.execute("CREATE TABLE settings (k VARCHAR(10) PRIMARY KEY)");
      s.execute("INSERT INTO countries VALUES ('fr')");
      s.execute("INSERT INTO settings VALUES ('theme')");
      for (long user : USERS) {
        s.execute("INSERT INTO users (user_id, name) VALUES (" + user + ", 'u')");
      }
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(2);
    pool = new HikariDataSource(config);
    cluster.awaitReplication(Duration.ofSeconds(10));
  }

  private static Connection open(Access access) throws SQLException {
    return access == Access.POOLED ? pool.getConnection() : DriverManager.getConnection(url);
  }

  private static SandboxNode home(Connection c, long user) throws SQLException {
    return fixture.cluster.node(c.unwrap(ShardlineConnection.class).explain("SELECT * FROM users WHERE user_id = ?", user).targets().get(0).node());
  }

  private static int serverOf(Connection c, String sql, long user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (sql.contains("?")) {
        ps.setLong(1, user);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), sql);
        return rs.getInt(1);
      }
    }
  }

  /** Runs the statement set in one mode and checks every answer's server. */
  private static void grid(Mode mode, Access access, boolean replicasUp) throws Exception {
    String where = mode + "/" + access + "/replicas " + (replicasUp ? "up" : "down");
    SandboxNode global = fixture.cluster.node("node1");
    try (Connection c = open(access)) {
      if (mode == Mode.READ_ONLY) {
        c.setReadOnly(true);
      }
      for (long user : USERS) {
        SandboxNode node = home(c, user);
        int master = node.activeMaster().serverId();
        int replica = node.replicas().get(0).serverId();
        if (mode == Mode.TRANSACTION) {
          c.setAutoCommit(false);
        }
        int read = serverOf(c, "SELECT @@server_id, name FROM users WHERE user_id = ?", user);
        int expectedRead = mode == Mode.TRANSACTION || !replicasUp ? master : replica;
        assertEquals(expectedRead, read, where + ": point select of user " + user);
        assertEquals(master, serverOf(c, "SELECT @@server_id FROM users WHERE user_id = ? FOR UPDATE", user), where + ": FOR UPDATE");
        if (mode != Mode.READ_ONLY) {
          long post = nextPost.incrementAndGet();
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO posts (post_id, user_id) VALUES (?, ?)")) {
            ps.setLong(1, post);
            ps.setLong(2, user);
            assertEquals(1, ps.executeUpdate(), where);
          }
          synchronized (written) {
            written.add(new long[] {post, user});
          }
          int broadcast = serverOf(c, "SELECT @@server_id FROM settings", user);
          int expectedBroadcast = mode == Mode.TRANSACTION ? master : (replicasUp ? global.replicas().get(0).serverId() : global.activeMaster().serverId());
          assertEquals(expectedBroadcast, broadcast, where + ": a broadcast read (in a transaction: the transaction's node)");
        }
        if (mode == Mode.TRANSACTION) {
          c.commit();
          c.setAutoCommit(true);
        }
        int globalRead = serverOf(c, "SELECT @@server_id FROM countries", user);
        int expectedGlobal = replicasUp ? global.replicas().get(0).serverId() : global.activeMaster().serverId();
        assertEquals(expectedGlobal, globalRead, where + ": a global table read goes to the global node");
      }
    }
  }

  @Test
  @Order(1)
  void withReplicasUp() throws Exception {
    for (Mode mode : Mode.values()) {
      for (Access access : Access.values()) {
        grid(mode, access, true);
      }
    }
  }

  @Test
  @Order(2)
  void withReplicasDown() throws Exception {
    List<SandboxInstance> replicas = fixture.cluster.nodes().stream().flatMap(n -> n.replicas().stream()).toList();
    replicas.forEach(SandboxInstance::stop);
    try {
      for (Mode mode : Mode.values()) {
        for (Access access : Access.values()) {
          grid(mode, access, false);
        }
      }
    } finally {
      replicas.forEach(SandboxInstance::start);
    }
  }

  @Test
  @Order(3)
  void everyRowWrittenIsOnItsKeysMasterAndNowhereElse() throws Exception {
    assertTrue(written.size() >= 48, "the grid wrote " + written.size() + " rows");
    try (Connection c = DriverManager.getConnection(url)) {
      for (long[] row : written) {
        SandboxNode home = home(c, row[1]);
        for (SandboxNode node : fixture.cluster.nodes()) {
          long expected = node == home ? 1 : 0;
          assertEquals(expected, node.activeMaster().queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + ".posts WHERE post_id = " + row[0]
              + " AND user_id = " + row[1]), "post " + row[0] + " of user " + row[1] + " on " + node.name());
        }
      }
    }
  }
}
