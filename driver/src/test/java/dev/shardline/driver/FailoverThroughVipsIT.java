package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.sandbox.Await;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node is known to the directory only by its HAProxy write and read VIPs; its master is killed. */
@WithSandbox(nodes = 1, replicasPerNode = 1, vips = true, dedicated = true)
@Timeout(120)
class FailoverThroughVipsIT {
  private static ClusterFixture fixture;

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "vips", true);
    try (Connection c = java.sql.DriverManager.getConnection(fixture.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL)");
    }
  }

  @Test
  void writesResumeBehindTheWriteVipAndNoAcknowledgedWriteIsLost() throws Exception {
    SandboxNode node = fixture.cluster.nodes().get(0);
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(fixture.url("shardline.probe.intervalMs=100"));
    pool.setMaximumPoolSize(2);
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    Set<Long> unknown = ConcurrentHashMap.newKeySet();
    AtomicLong ids = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    try (HikariDataSource app = new HikariDataSource(pool)) {
      Thread writer = new Thread(() -> {
        while (!stop.get()) {
          long id = ids.incrementAndGet();
          try (Connection c = app.getConnection();
              PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, user_id) VALUES (?, 7)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
            acknowledged.add(id);
          } catch (ShardlineFailoverException e) {
            unknown.add(id);
          } catch (SQLException e) {
            // no writable master within the deadline: the loop tries again, as an application would
          }
        }
      }, "vip-it-writer");
      writer.start();
      SandboxInstance promoted;
      try {
        Await.until(Duration.ofSeconds(20), () -> "100 acknowledged writes before the kill: " + acknowledged.size() + " acknowledged",
            () -> acknowledged.size() >= 100);
        node.activeMaster().kill();
        Thread.sleep(300); // the time a Heartbeat takes to decide
        promoted = node.promotePassive();
        int before = acknowledged.size();
        Await.until(Duration.ofSeconds(15), () -> "writes to resume behind the VIP: " + acknowledged.size() + " acknowledged, " + before + " before the promotion",
            () -> acknowledged.size() >= before + 100);
      } finally {
        stop.set(true); // also when a wait fails: the writer must not outlive the test
        writer.join(20_000);
      }
      for (long id : acknowledged) {
        assertEquals(1L, promoted.queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + ".events WHERE id = " + id), "write " + id);
      }
      for (long id : unknown) {
        assertTrue(promoted.queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + ".events WHERE id = " + id) <= 1);
      }
    }
  }
}
