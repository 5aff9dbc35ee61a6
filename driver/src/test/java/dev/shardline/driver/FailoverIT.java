package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.sandbox.Await;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** Real processes killed with SIGKILL under a running workload; every test leaves the node whole. */
@WithSandbox(nodes = 1, replicasPerNode = 2, dedicated = true)
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {
  private static ClusterFixture fixture;
  private static String url;
  private static SandboxNode node;

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "failover");
    node = cluster.nodes().get(0);
    url = fixture.url("shardline.readYourWritesMs=0", "shardline.probe.intervalMs=100");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, note VARCHAR(32))");
      s.executeUpdate("INSERT INTO events (id, user_id, note) VALUES (0, 1, 'seed')");
    }
    node.awaitReplication(Duration.ofSeconds(10));
  }

  private static int serverIdOfRead(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT @@server_id FROM events WHERE user_id = ? LIMIT 1")) {
      ps.setLong(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Reads in a loop on another thread; counts errors and which servers answered. */
  private static final class Reader implements AutoCloseable {
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final Set<Integer> servers = ConcurrentHashMap.newKeySet();
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread thread;
    volatile SQLException lastError;

    Reader() {
      thread = new Thread(() -> {
        try (Connection c = DriverManager.getConnection(url)) {
          while (!stop.get()) {
            try {
              servers.add(serverIdOfRead(c));
              reads.incrementAndGet();
            } catch (SQLException e) {
              lastError = e;
              errors.incrementAndGet();
            }
          }
        } catch (SQLException e) {
          lastError = e;
          errors.incrementAndGet();
        }
      }, "failover-it-reader");
      thread.start();
    }

    void clearServers() {
      servers.clear();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(10_000);
    }
  }

  /** {@link #serverIdOfRead} for a wait's condition, which cannot throw a checked exception. */
  private static int serverIdOfReadUnchecked(Connection c) {
    try {
      return serverIdOfRead(c);
    } catch (SQLException e) {
      throw new AssertionError("a read failed: " + e.getMessage(), e);
    }
  }

  private static void awaitReads(Reader reader, int more) {
    int target = reader.reads.get() + more;
    Await.until(Duration.ofSeconds(20),
        () -> "the reader to make progress: " + reader.reads.get() + " of " + target + " reads, last error " + reader.lastError,
        () -> reader.reads.get() >= target);
  }

  @Test
  @Order(1)
  void readsSeeNoErrorWhileReplicasDieAndMoveToTheMasterWhenNoneIsLeft() throws Exception {
    SandboxInstance first = node.replicas().get(0);
    SandboxInstance second = node.replicas().get(1);
    try (Reader reader = new Reader()) {
      awaitReads(reader, 200);
      first.kill();
      awaitReads(reader, 300);
      reader.clearServers();
      awaitReads(reader, 200);
      assertEquals(Set.of(second.serverId()), reader.servers, "with one replica dead, reads go to the other");
      second.kill();
      awaitReads(reader, 300);
      reader.clearServers();
      awaitReads(reader, 200);
      assertEquals(Set.of(node.activeMaster().serverId()), reader.servers, "with no replica left, reads go to the master");
      first.start();
      second.start();
      reader.clearServers();
      Await.until(Duration.ofSeconds(10), () -> "recovered replicas to be used again: " + reader.servers,
          () -> reader.servers.containsAll(Set.of(first.serverId(), second.serverId())));
      assertEquals(0, reader.errors.get(), "read errors: " + reader.lastError);
    }
  }

  @Test
  @Order(2)
  void aLaggingReplicaLeavesRotationAndComesBack() throws Exception {
    SandboxInstance lagging = node.replicas().get(0);
    lagging.pauseReplication();
    try (Connection c = DriverManager.getConnection(url)) {
      // The prober checks healthy replicas' lag every fourth interval: wait (bounded) until it has,
      // that is until 50 reads in a row avoid the lagging replica.
      Await.until(Duration.ofSeconds(10), "the lagging replica to leave rotation",
          () -> IntStream.range(0, 50).allMatch(i -> serverIdOfReadUnchecked(c) != lagging.serverId()));
      for (int i = 0; i < 50; i++) {
        assertNotEquals(lagging.serverId(), serverIdOfRead(c), "a replica whose replication is stopped is not read");
      }
      lagging.resumeReplication();
      lagging.awaitCaughtUp(Duration.ofSeconds(10));
      Await.until(Duration.ofSeconds(10), "the caught-up replica to be back in rotation",
          () -> serverIdOfReadUnchecked(c) == lagging.serverId());
    }
  }

  @Test
  @Order(3)
  void aFencedMasterNeverReceivesAWriteAndWritesFollowThePromotion() throws Exception {
    SandboxInstance master = node.activeMaster();
    SandboxInstance passive = node.passiveMaster().orElseThrow();
    try (Connection c = DriverManager.getConnection(fixture.url("shardline.failover.deadlineMs=1500"));
        PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, user_id, note) VALUES (?, 1, 'fenced')")) {
      ps.setLong(1, 1);
      ps.executeUpdate(); // the driver has now seen the master writable
      master.setReadOnly(true);
      ps.setLong(1, 2);
      SQLException none = assertThrows(SQLException.class, ps::executeUpdate);
      assertTrue(none.getMessage().contains("no writable master"), none.getMessage());
      assertEquals(0L, master.queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + ".events WHERE id = 2"));

      passive.setReadOnly(false); // what an operator's promotion does; the directory still lists the old order
      ps.setLong(1, 3);
      assertEquals(1, ps.executeUpdate());
      assertEquals(1L, passive.queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + ".events WHERE id = 3"));
      node.awaitReplication(Duration.ofSeconds(10));
    } finally {
      passive.setReadOnly(true);
      master.setReadOnly(false);
    }
  }

  @Test
  @Order(4)
  void aWriterLoopSurvivesTheMasterBeingKilledAndNoAcknowledgedWriteIsLostOrDoubled() throws Exception {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url);
    pool.setMaximumPoolSize(2);
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    Set<Long> unknown = ConcurrentHashMap.newKeySet();
    AtomicLong ids = new AtomicLong(1000);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong firstSuccessAfterPromotion = new AtomicLong();
    AtomicLong promotedAt = new AtomicLong(Long.MAX_VALUE);
    AtomicInteger otherErrors = new AtomicInteger();
    try (HikariDataSource app = new HikariDataSource(pool)) {
      Thread writer = new Thread(() -> {
        while (!stop.get()) {
          long id = ids.incrementAndGet();
          try (Connection c = app.getConnection();
              PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, user_id, note) VALUES (?, 1, 'loop')")) {
            ps.setLong(1, id);
            ps.executeUpdate();
            acknowledged.add(id);
            if (System.nanoTime() > promotedAt.get()) {
              firstSuccessAfterPromotion.compareAndSet(0, System.nanoTime());
            }
          } catch (ShardlineFailoverException e) {
            assertEquals(ShardlineFailoverException.Outcome.UNKNOWN, e.outcome());
            unknown.add(id);
          } catch (SQLException e) {
            otherErrors.incrementAndGet();
          }
        }
      }, "failover-it-writer");
      writer.start();
      SandboxInstance old = node.activeMaster();
      SandboxInstance promoted;
      try {
        Await.until(Duration.ofSeconds(20), () -> "200 acknowledged writes before the kill: " + acknowledged.size() + " acknowledged, " + otherErrors.get() + " errors",
            () -> acknowledged.size() >= 200);
        old.kill();
        Thread.sleep(300); // the time a Heartbeat takes to decide
        promoted = node.promotePassive();
        promotedAt.set(System.nanoTime());
        int before = acknowledged.size();
        Await.until(Duration.ofSeconds(15), () -> "writes to resume on the promoted master: " + acknowledged.size() + " acknowledged, " + before + " before the promotion",
            () -> acknowledged.size() >= before + 200);
      } finally {
        stop.set(true); // also when a wait fails: the writer must not outlive the test
        writer.join(20_000);
      }
      long unavailableMs = (firstSuccessAfterPromotion.get() - promotedAt.get()) / 1_000_000;
      assertTrue(unavailableMs >= 0, "a write succeeded after the promotion");

      String db = fixture.appDatabase;
      for (long id : acknowledged) {
        assertEquals(1L, promoted.queryLong("SELECT COUNT(*) FROM " + db + ".events WHERE id = " + id), "acknowledged write " + id + " exactly once");
      }
      for (long id : unknown) {
        assertTrue(promoted.queryLong("SELECT COUNT(*) FROM " + db + ".events WHERE id = " + id) <= 1, "outcome-unknown write " + id + " at most once");
      }
      assertTrue(unknown.size() <= 2, "only writes in flight at the kill are outcome-unknown: " + unknown);
      System.out.printf("failover: %d acknowledged, %d outcome-unknown, %d other errors, first write %d ms after promotion%n",
          acknowledged.size(), unknown.size(), otherErrors.get(), unavailableMs);
      old.start(); // comes back fenced, as the passive side
      node.awaitReplication(Duration.ofSeconds(15));
    }
  }

  @Test
  @Order(5)
  void aTransactionInFlightWhenItsMasterDiesIsRolledBackAndCanBeRetried() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO events (id, user_id, note) VALUES (5001, 1, 'tx')");
      node.activeMaster().kill();
      SandboxInstance promoted = node.promotePassive();
      ShardlineFailoverException lost =
          assertThrows(ShardlineFailoverException.class, () -> s.executeUpdate("INSERT INTO events (id, user_id, note) VALUES (5002, 1, 'tx')"));
      assertEquals(ShardlineFailoverException.Outcome.ROLLED_BACK, lost.outcome());
      assertEquals("08006", lost.getSQLState());
      assertEquals(0L, promoted.queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + ".events WHERE id IN (5001, 5002)"),
          "nothing of the transaction is on the survivor");

      // The same logical connection, still in manual commit mode, retries the whole transaction.
      s.executeUpdate("INSERT INTO events (id, user_id, note) VALUES (5001, 1, 'tx')");
      s.executeUpdate("INSERT INTO events (id, user_id, note) VALUES (5002, 1, 'tx')");
      c.commit();
      assertEquals(2L, promoted.queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + ".events WHERE id IN (5001, 5002)"));
    }
  }

  @Test
  @Order(6)
  void sessionStateFollowsTheLogicalConnectionToAnotherReplica() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("SET @greeting = 'hello'");
      int answered;
      try (ResultSet rs = s.executeQuery("SELECT @greeting, @@server_id FROM events WHERE user_id = 1 LIMIT 1")) {
        rs.next();
        assertEquals("hello", rs.getString(1));
        answered = rs.getInt(2);
      }
      SandboxInstance replica = node.replicas().stream().filter(r -> r.serverId() == answered).findFirst().orElseThrow();
      replica.kill();
      try (ResultSet rs = s.executeQuery("SELECT @greeting, @@server_id FROM events WHERE user_id = 1 LIMIT 1")) {
        rs.next();
        assertEquals("hello", rs.getString(1), "the session variable is set again on the surviving replica");
        assertNotEquals(answered, rs.getInt(2));
      } finally {
        replica.start();
      }
    }
  }

  @Test
  @Order(7)
  void shuttingDownLeavesNoThreadAndNoServerConnection() throws Exception {
    ShardlineDriver.shutdown();
    try (Connection c = DriverManager.getConnection(url)) {
      serverIdOfRead(c);
      assertTrue(shardlineThreads() > 0, "the runtime runs its prober, poller and pools");
    }
    ShardlineDriver.shutdown();
    Await.until(Duration.ofSeconds(5),
        () -> "no shardline- thread; threads left: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList(),
        () -> shardlineThreads() == 0);
    for (SandboxInstance instance : fixture.cluster.instances()) {
      if (instance.isRunning()) {
        assertEquals(0L, instance.queryLong("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + SandboxCluster.APP_USER + "'"),
            "connections left open on " + instance.name());
      }
    }
  }

  private static long shardlineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("shardline-"))
        .count();
  }
}
