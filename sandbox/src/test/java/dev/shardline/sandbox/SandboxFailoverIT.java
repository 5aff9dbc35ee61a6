package dev.shardline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Kills, restarts and promotes real servers, so it has a cluster of its own. */
@WithSandbox(nodes = 2, replicasPerNode = 1, dedicated = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxFailoverIT {
  private static final Duration CATCH_UP = Duration.ofSeconds(15);

  @BeforeAll
  static void schema(SandboxCluster cluster) {
    for (SandboxNode node : cluster.nodes()) {
      node.activeMaster().execute(
          "CREATE DATABASE IF NOT EXISTS failover_it",
          "CREATE TABLE IF NOT EXISTS failover_it.events (id BIGINT AUTO_INCREMENT PRIMARY KEY, body VARCHAR(64))");
    }
  }

  @Test
  @Order(1)
  void aLaggingReplicaIsSeenLaggingAndThenCatchesUp(SandboxCluster cluster) {
    SandboxNode node = cluster.nodes().get(1);
    SandboxInstance replica = node.replicas().get(0);
    replica.pauseReplication();
    node.activeMaster().execute("INSERT INTO failover_it.events (body) VALUES ('while lagging')");
    assertFalse(replica.isCaughtUp(), "replica with a stopped SQL thread is behind");
    assertEquals(0L, replica.queryLong("SELECT COUNT(*) FROM failover_it.events WHERE body = 'while lagging'"));

    replica.resumeReplication();
    replica.awaitCaughtUp(CATCH_UP);
    assertTrue(replica.isCaughtUp());
    assertEquals(1L, replica.queryLong("SELECT COUNT(*) FROM failover_it.events WHERE body = 'while lagging'"));
  }

  @Test
  @Order(2)
  void killingTheActiveMasterAndPromotingThePassiveLeavesAWritableNodeWithNoAcknowledgedWriteLost(
      SandboxCluster cluster) throws SQLException {
    SandboxNode node = cluster.nodes().get(0);
    SandboxInstance oldMaster = node.activeMaster();
    SandboxInstance passive = node.passiveMaster().orElseThrow();
    long before;
    try (Connection c = oldMaster.connect();
        Statement s = c.createStatement()) {
      for (int i = 0; i < 200; i++) {
        s.executeUpdate("INSERT INTO failover_it.events (body) VALUES ('acknowledged')");
      }
      before = 200;
    }
    long pid = oldMaster.pid();
    oldMaster.kill();
    assertFalse(oldMaster.isRunning());
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).map(alive -> !alive).orElse(true), "mariadbd " + pid + " is gone");

    SandboxInstance promoted = node.promotePassive();
    assertEquals(passive, promoted);
    assertEquals(promoted, node.activeMaster());
    assertEquals(0L, promoted.queryLong("SELECT @@global.read_only"));
    assertEquals(before, promoted.queryLong("SELECT COUNT(*) FROM failover_it.events WHERE body = 'acknowledged'"),
        "semi-synchronous masters: every acknowledged insert is on the promoted master");
    try (Connection c = promoted.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO failover_it.events (body) VALUES ('after promotion')");
    }
    SandboxInstance replica = node.replicas().get(0);
    replica.awaitCaughtUp(CATCH_UP);
    assertEquals(promoted, replica.replicationSource().orElseThrow(), "the replica follows the new master");
    assertEquals(1L, replica.queryLong("SELECT COUNT(*) FROM failover_it.events WHERE body = 'after promotion'"));
  }

  @Test
  @Order(3)
  void theOldMasterComesBackFencedAndFollowsTheNewOne(SandboxCluster cluster) throws SQLException {
    SandboxNode node = cluster.nodes().get(0);
    SandboxInstance oldMaster = node.passiveMaster().orElseThrow();
    oldMaster.start();
    assertEquals(1L, oldMaster.queryLong("SELECT @@global.read_only"), "a fenced master restarts read-only");
    try (Connection c = oldMaster.connect();
        Statement s = c.createStatement()) {
      assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO failover_it.events (body) VALUES ('split brain')"));
    }
    oldMaster.awaitCaughtUp(CATCH_UP);
    assertEquals(1L, oldMaster.queryLong("SELECT COUNT(*) FROM failover_it.events WHERE body = 'after promotion'"));
  }

  @Test
  @Order(4)
  void aStoppedInstanceRestartsOnItsDataAndResumesReplication(SandboxCluster cluster) {
    SandboxNode node = cluster.nodes().get(1);
    SandboxInstance replica = node.replicas().get(0);
    replica.stop();
    assertFalse(replica.isRunning());
    node.activeMaster().execute("INSERT INTO failover_it.events (body) VALUES ('while stopped')");
    replica.start();
    replica.awaitCaughtUp(CATCH_UP);
    assertEquals(1L, replica.queryLong("SELECT COUNT(*) FROM failover_it.events WHERE body = 'while stopped'"));
    assertEquals("Yes", replica.replicaStatus().get("Slave_IO_Running"));
    assertEquals("Yes", replica.replicaStatus().get("Slave_SQL_Running"));
  }

  @Test
  @Order(5)
  void regressionAReplicaAheadOfThePassiveMasterAtTheKillIsCaughtUpFrom(SandboxCluster cluster) throws SQLException {
    // The replica gets the dying master's last events, the passive master does not (its IO thread
    // is stopped, so semi-sync gives up and the master goes on asynchronously). Re-pointing the
    // replica to the promoted master used to fail with GTID error 1236.
    SandboxNode node = cluster.nodes().get(1);
    SandboxInstance master = node.activeMaster();
    SandboxInstance passive = node.passiveMaster().orElseThrow();
    SandboxInstance replica = node.replicas().get(0);
    passive.execute("STOP SLAVE IO_THREAD");
    master.execute("INSERT INTO failover_it.events (body) VALUES ('only on the replica')");
    replica.awaitCaughtUp(CATCH_UP);
    assertEquals(0L, passive.queryLong("SELECT COUNT(*) FROM failover_it.events WHERE body = 'only on the replica'"));

    master.kill();
    SandboxInstance promoted = node.promotePassive();
    assertEquals(1L, promoted.queryLong("SELECT COUNT(*) FROM failover_it.events WHERE body = 'only on the replica'"),
        "the new master fetched what only the replica had");
    try (Connection c = promoted.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO failover_it.events (body) VALUES ('after the catch-up')");
    }
    replica.awaitCaughtUp(CATCH_UP);
    assertEquals(promoted, replica.replicationSource().orElseThrow());
    assertEquals(1L, replica.queryLong("SELECT COUNT(*) FROM failover_it.events WHERE body = 'after the catch-up'"));
  }
}
