package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Defects that only show when the topology changes under the driver: a master fenced and its
 * passive master promoted, and servers that are gone when the application shuts down. A cluster of
 * its own, since these tests promote and kill real servers.
 */
@WithSandbox(nodes = 1, replicasPerNode = 1, dedicated = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class TopologyChangesIT {
  private static ClusterFixture fixture;
  private static String url;
  private static SandboxNode node;

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "topology");
    url = fixture.url("shardline.failover.deadlineMs=5000");
    node = cluster.nodes().get(0);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, note VARCHAR(20))");
      s.execute("INSERT INTO events (id, user_id, note) VALUES (1, 1, 'before')");
    }
  }

  private static long rowsOn(SandboxInstance instance, String where) {
    return instance.queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + ".events WHERE " + where);
  }

  @Test
  @Order(1)
  void batchesFollowAFenceAndPromotionLikeSingleWrites_defect4() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement batch = c.prepareStatement("INSERT INTO events (id, user_id, note) VALUES (?, ?, 'batch')");
        PreparedStatement split = c.prepareStatement("INSERT INTO events (id, user_id, note) VALUES (?, 1, 'split'), (?, 2, 'split')");
        Statement single = c.createStatement()) {
      single.executeUpdate("INSERT INTO events (id, user_id, note) VALUES (2, 1, 'seen')"); // the driver has seen the first master writable
      SandboxInstance promoted = node.promotePassive();
      for (long id = 100; id < 110; id++) {
        batch.setLong(1, id);
        batch.setLong(2, id % 3);
        batch.addBatch();
      }
      int[] counts = batch.executeBatch();
      assertEquals(10, counts.length);
      split.setLong(1, 200);
      split.setLong(2, 201);
      assertEquals(2, split.executeUpdate());
      assertEquals(1, single.executeUpdate("INSERT INTO events (id, user_id, note) VALUES (300, 1, 'single')"));
      assertEquals(10, rowsOn(promoted, "note = 'batch'"), "the batch ran on the promoted master");
      assertEquals(2, rowsOn(promoted, "note = 'split'"));
      assertEquals(1, rowsOn(promoted, "note = 'single'"));
    }
  }

  @Test
  @Order(2)
  void shutdownWithEveryServerGoneIsBounded_defect10() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT note FROM events WHERE user_id = 1").close();
    }
    for (SandboxInstance instance : fixture.cluster.instances()) {
      instance.kill();
    }
    assertTimeoutPreemptively(Duration.ofSeconds(5), ShardlineDriver::shutdown, "shutdown waits for no dead server's timeout in turn");
  }
}
