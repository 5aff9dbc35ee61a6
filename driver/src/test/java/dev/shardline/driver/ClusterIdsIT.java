package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ShardlineConnection#nextId}: cluster-wide ids from directory blocks. Two driver
 * instances (separate runtimes, told apart by their instance names, as two application servers
 * would be) draw from one sequence concurrently; a restarted instance continues above what it
 * used.
 */
@WithSandbox(nodes = 1, replicasPerNode = 0, passiveMasters = false)
@Timeout(180)
class ClusterIdsIT {
  private static ClusterFixture fixture;

  @BeforeAll
  static void prepare(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "clusterids");
  }

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  private static Connection instance(String name, int blockSize) throws SQLException {
    return DriverManager.getConnection(fixture.url("shardline.instanceName=" + name, "shardline.ids.blockSize=" + blockSize));
  }

  /** Draws {@code count} ids of {@code sequence} on one connection, checking that each is above the one before. */
  private static List<Long> draw(Connection c, String sequence, int count) throws SQLException {
    ShardlineConnection shardline = c.unwrap(ShardlineConnection.class);
    List<Long> ids = new ArrayList<>(count);
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      long id = shardline.nextId(sequence);
      if (id <= previous) {
        throw new AssertionError("id " + id + " after " + previous + " of " + sequence + ": ids of one instance must increase");
      }
      previous = id;
      ids.add(id);
    }
    return ids;
  }

  @Test
  void twoInstancesDrawing200kIdsConcurrentlyNeverShareOne() throws Exception {
    // Small blocks, so the 200k ids take hundreds of directory allocations raced by both instances.
    int threadsPerInstance = 4;
    int idsPerThread = 25_000;
    ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerInstance);
    try (Connection a = instance("ids-a", 97); Connection b = instance("ids-b", 97)) {
      List<Future<List<Long>>> draws = new ArrayList<>();
      for (int t = 0; t < threadsPerInstance; t++) {
        for (String name : List.of("ids-a", "ids-b")) {
          draws.add(pool.submit(() -> {
            // A connection per thread, as pooled applications do; the instance's runtime (and its
            // block cache) is shared by every connection of one configuration.
            try (Connection c = instance(name, 97)) {
              return draw(c, "posts", idsPerThread);
            }
          }));
        }
      }
      Set<Long> all = new HashSet<>();
      int total = 0;
      for (Future<List<Long>> draw : draws) {
        List<Long> ids = draw.get();
        total += ids.size();
        all.addAll(ids);
      }
      assertEquals(200_000, total);
      assertEquals(total, all.size(), "every id handed out once across both instances");
      assertTrue(all.stream().allMatch(id -> id > 0), "ids are positive");
      assertTrue(a.unwrap(ShardlineConnection.class).nextId("posts") > 0 && b.unwrap(ShardlineConnection.class).nextId("posts") > 0);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void idsOfOneInstanceIncreaseAcrossThreadsInTheOrderTheyAreHandedOut() throws Exception {
    try (Connection c = instance("ids-order", 50)) {
      // Single thread across many blocks: strictly increasing (checked in draw).
      List<Long> ids = draw(c, "comments", 1_000);
      assertEquals(1_000, new HashSet<>(ids).size());
    }
  }

  @Test
  void aRestartedInstanceNeverReusesARange() throws Exception {
    long lastBefore;
    try (Connection c = instance("ids-restart", 1_000)) {
      List<Long> ids = draw(c, "restarts", 10); // 990 ids of the block stay unused
      lastBefore = ids.get(ids.size() - 1);
    }
    ShardlineDriver.shutdown(); // the runtime and its block cache are gone, as after a process restart
    try (Connection c = instance("ids-restart", 1_000)) {
      long first = c.unwrap(ShardlineConnection.class).nextId("restarts");
      assertTrue(first > lastBefore + 990, "after a restart the instance starts a fresh block: " + first + " after " + lastBefore);
    }
  }

  @Test
  void aBadSequenceNameIsRefusedWithTheRule() throws Exception {
    try (Connection c = instance("ids-bad", 10)) {
      SQLException e = assertThrows(SQLException.class, () -> c.unwrap(ShardlineConnection.class).nextId("no spaces"));
      assertTrue(e.getMessage().contains("'no spaces'") && e.getMessage().contains("letters, digits"), e.getMessage());
      assertEquals("22023", e.getSQLState());
    }
  }

  @Test
  void aBlockSizeAboveTheDirectoryLimitFailsAtConnect() {
    SQLException e = assertThrows(SQLException.class, () -> instance("ids-big", 2_000_000).close());
    assertTrue(e.getMessage().contains("shardline.ids.blockSize"), e.getMessage());
  }
}
