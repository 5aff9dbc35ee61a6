package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The invariant of two-phase commit under load: 4 threads move money between accounts on two
 * nodes, each transfer one two-phase transaction, for 60 s ({@code -Dshardline.test.transferSeconds}
 * to change it); the total over both nodes' masters is the same at the end, and no branch is left
 * prepared. Each transfer updates its two rows in user id order, as applications must to keep
 * transactions on several nodes from waiting on each other in a cycle no single server can see.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1, passiveMasters = true)
@Timeout(240)
class TransferInvariantIT {
  private static final int ACCOUNTS = 40;
  private static final long OPENING_BALANCE = 1_000;

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @Test
  void transfersBetweenTwoNodesKeepTheTotal(SandboxCluster cluster) throws Exception {
    ClusterFixture fixture = ClusterFixture.prepare(cluster, "transfers");
    String url = fixture.url("shardline.transactions=two-phase", "shardline.pool.maxSize=8");
    Map<String, List<Long>> byNode = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE accounts (user_id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)");
      for (long user = 1; user <= ACCOUNTS; user++) {
        s.executeUpdate("INSERT INTO accounts (user_id, balance) VALUES (" + user + ", " + OPENING_BALANCE + ")");
        byNode.computeIfAbsent(ClusterFixture.nodeOf(c, "accounts", user), n -> new ArrayList<>()).add(user);
      }
    }
    assertEquals(2, byNode.size(), "accounts on both nodes: " + byNode);
    List<Long> node1 = byNode.get("node1");
    List<Long> node2 = byNode.get("node2");
    long seconds = Long.getLong("shardline.test.transferSeconds", 60);
    long seed = Long.getLong("shardline.test.seed", System.nanoTime());
    System.out.println("TransferInvariantIT: " + seconds + " s, seed " + seed);
    AtomicLong committed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Random random = new Random(seed + t);
      done.add(threads.submit(() -> {
        try (Connection c = DriverManager.getConnection(url);
            PreparedStatement move = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE user_id = ?")) {
          c.setAutoCommit(false);
          while (System.nanoTime() < deadline) {
            long a = node1.get(random.nextInt(node1.size()));
            long b = node2.get(random.nextInt(node2.size()));
            long amount = 1 + random.nextInt(50) * (random.nextBoolean() ? 1 : -1);
            try {
              // In user id order, the same on every thread.
              long first = Math.min(a, b);
              long second = Math.max(a, b);
              move.setLong(1, first == a ? -amount : amount);
              move.setLong(2, first);
              assertEquals(1, move.executeUpdate());
              move.setLong(1, second == a ? -amount : amount);
              move.setLong(2, second);
              assertEquals(1, move.executeUpdate());
              c.commit();
              committed.incrementAndGet();
            } catch (SQLException e) {
              failed.incrementAndGet();
              c.rollback();
            }
          }
        }
        return null;
      }));
    }
    threads.shutdown();
    for (Future<?> thread : done) {
      thread.get(seconds + 60, TimeUnit.SECONDS);
    }
    long total = 0;
    for (SandboxNode node : cluster.nodes()) {
      total += node.activeMaster().queryLong("SELECT COALESCE(SUM(balance), 0) FROM " + fixture.appDatabase + ".accounts");
      assertEquals(0, node.activeMaster().query("XA RECOVER").size(), node.name() + ": no branch left prepared");
    }
    System.out.println("TransferInvariantIT: " + committed.get() + " transfers committed, " + failed.get() + " rolled back");
    assertTrue(committed.get() > 0, "transfers committed");
    assertEquals(ACCOUNTS * OPENING_BALANCE, total, "the total over both nodes after " + committed.get() + " transfers (seed " + seed + ")");
  }
}
