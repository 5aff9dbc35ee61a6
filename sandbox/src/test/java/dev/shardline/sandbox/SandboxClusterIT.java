package dev.shardline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithSandbox(nodes = 2, replicasPerNode = 1)
class SandboxClusterIT {
  private static final Duration CATCH_UP = Duration.ofSeconds(10);

  @BeforeAll
  static void schema(SandboxCluster cluster) {
    for (SandboxNode node : cluster.nodes()) {
      node.activeMaster().execute(
          "CREATE DATABASE IF NOT EXISTS sandbox_it",
          "CREATE TABLE IF NOT EXISTS sandbox_it.notes (id BIGINT PRIMARY KEY, body VARCHAR(64))");
    }
  }

  @Test
  void hasTheShapeAskedForWithDistinctServerIdsAndPorts(SandboxCluster cluster) {
    assertEquals(2, cluster.nodes().size());
    assertEquals(2 + 2 * 3, cluster.instances().size());
    Set<Integer> ids = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (SandboxInstance instance : cluster.instances()) {
      assertTrue(instance.isRunning(), instance + " runs");
      assertEquals(instance.serverId(), instance.queryLong("SELECT @@server_id"), instance.name());
      ids.add(instance.serverId());
      ports.add(instance.port());
    }
    assertEquals(cluster.instances().size(), ids.size());
    assertEquals(cluster.instances().size(), ports.size());
  }

  @Test
  void aRowWrittenOnEachMasterReachesItsPassiveMasterAndReplica(SandboxCluster cluster) throws SQLException {
    long id = System.nanoTime();
    for (SandboxNode node : cluster.nodes()) {
      try (Connection c = node.activeMaster().connect();
          Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO sandbox_it.notes VALUES (" + id + ", '" + node.name() + "')");
      }
      node.awaitReplication(CATCH_UP);
      for (SandboxInstance copy : List.of(node.passiveMaster().orElseThrow(), node.replicas().get(0))) {
        assertEquals(node.name(), copy.queryValue("SELECT body FROM sandbox_it.notes WHERE id = " + id), copy.name());
      }
    }
  }

  @Test
  void directoryReplicaFollowsTheDirectoryPrimary(SandboxCluster cluster) {
    cluster.directoryPrimary().execute(
        "CREATE DATABASE IF NOT EXISTS sandbox_dir_it",
        "CREATE TABLE IF NOT EXISTS sandbox_dir_it.t (id INT PRIMARY KEY)",
        "REPLACE INTO sandbox_dir_it.t VALUES (7)");
    SandboxInstance replica = cluster.directoryReplica().orElseThrow();
    replica.awaitCaughtUp(CATCH_UP);
    assertEquals(7L, replica.queryLong("SELECT id FROM sandbox_dir_it.t"));
  }

  @Test
  void passiveMastersAndReplicasRefuseApplicationWrites(SandboxCluster cluster) throws SQLException {
    SandboxNode node = cluster.nodes().get(0);
    for (SandboxInstance readOnly : List.of(node.passiveMaster().orElseThrow(), node.replicas().get(0))) {
      try (Connection c = readOnly.connect();
          Statement s = c.createStatement()) {
        SQLException refused =
            assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO sandbox_it.notes VALUES (1, 'x')"));
        assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
      }
    }
  }

  @Test
  void endpointsListMastersInFailoverOrder(SandboxCluster cluster) {
    SandboxNode node = cluster.nodes().get(1);
    assertEquals(
        node.activeMaster().address() + "," + node.passiveMaster().orElseThrow().address(), node.writeEndpoints());
    assertEquals(node.replicas().get(0).address(), node.readEndpoints());
  }
}
