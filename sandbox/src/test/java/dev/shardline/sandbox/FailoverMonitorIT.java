package dev.shardline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kills real masters and lets the monitor fail them over, so it has a cluster of its own. */
@WithSandbox(nodes = 1, replicasPerNode = 1, dedicated = true)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailoverMonitorIT {

  @Test
  void aKilledMasterIsFencedThePassiveIsPromotedAndTheOldMasterRejoinsAsPassive(SandboxCluster cluster) throws SQLException {
    SandboxNode node = cluster.nodes().get(0);
    node.activeMaster().execute(
        "CREATE DATABASE IF NOT EXISTS monitor_it",
        "CREATE TABLE IF NOT EXISTS monitor_it.events (id BIGINT PRIMARY KEY, body VARCHAR(64))",
        "INSERT INTO monitor_it.events VALUES (1, 'before')");
    try (FailoverMonitor monitor = FailoverMonitor.start(cluster, Duration.ofMillis(100), 2, true)) {
      for (int round = 1; round <= 2; round++) {
        SandboxInstance dead = node.activeMaster();
        SandboxInstance passive = node.passiveMaster().orElseThrow();
        dead.kill();

        int expected = round;
        Await.until(Duration.ofSeconds(30), () -> "promotion " + expected + "; events " + monitor.events(),
            () -> monitor.failovers() == expected);
        assertEquals(passive, node.activeMaster(), "the passive master is the active one");
        assertEquals(dead, node.passiveMaster().orElseThrow(), "the fenced master is the passive one");
        assertEquals(0L, passive.queryLong("SELECT @@global.read_only"));
        assertEquals(1L, dead.queryLong("SELECT @@global.read_only"), "the fenced master came back read-only");
        try (Connection c = dead.connect();
            Statement s = c.createStatement()) {
          assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO monitor_it.events VALUES (99, 'split brain')"),
              "the application user cannot write to the fenced master");
        }

        long id = 10L + round;
        try (Connection c = passive.connect();
            Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO monitor_it.events VALUES (" + id + ", 'after promotion')");
        }
        node.awaitReplication(Duration.ofSeconds(20));
        assertEquals(1L, dead.queryLong("SELECT COUNT(*) FROM monitor_it.events WHERE id = " + id), "the rejoined master replicates");
        assertEquals(1L, node.replicas().get(0).queryLong("SELECT COUNT(*) FROM monitor_it.events WHERE id = " + id),
            "the replica follows the new master");
      }
      assertEquals(3L, node.activeMaster().queryLong("SELECT COUNT(*) FROM monitor_it.events"));
      assertTrue(monitor.events().stream().anyMatch(e -> e.message().startsWith("fenced ")), monitor.events().toString());
    }
  }

  @Test
  void refusesSettingsOutOfRange(SandboxCluster cluster) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FailoverMonitor.start(cluster, Duration.ofMillis(10), 2, true));
    assertEquals("interval must be between 50 ms and 10 s, was 10 ms", e.getMessage());
    assertNotEquals(null, assertThrows(IllegalArgumentException.class,
        () -> FailoverMonitor.start(cluster, Duration.ofMillis(100), 0, true)).getMessage());
  }
}
