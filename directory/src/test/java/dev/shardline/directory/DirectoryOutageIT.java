package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.WithSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The directory primary dies (SIGKILL) or stops, and comes back. Clients keep reading from their
 * cache and the directory replica, refuse writes once the lease has run out, and recover by
 * themselves. A dedicated cluster, because these tests kill its directory primary.
 */
@WithSandbox(nodes = 1, replicasPerNode = 0, passiveMasters = false, dedicated = true)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DirectoryOutageIT {
  private static final Duration BOUND = Duration.ofSeconds(15);

  private final SandboxCluster cluster;
  private final SandboxInstance primary;

  DirectoryOutageIT(SandboxCluster cluster) {
    this.cluster = cluster;
    this.primary = cluster.directoryPrimary();
  }

  @AfterEach
  void primaryRunsAgain() {
    primary.start();
  }

  private Directory open(String db, String instance) throws DirectoryException {
    return Directory.open(ItSupport.config(cluster, db, instance).build());
  }

  @Test
  void afterTheLeaseWritesAreRefusedWhileReadsContinueAndAllRecovers() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_outage");
    try (Directory client = open(db, "outage");
        Directory other = open(db, "outage-other")) {
      NodeInfo node = client.registerNode("node1", List.of(cluster.nodes().get(0).writeEndpoints().split(",")), List.of(), 1);
      ShardKey hot = ShardKey.of(1);
      ShardKey cold = ShardKey.of(2);
      Placement hotPlacement = client.findOrAssign(hot);   // cached by the client, from the primary
      Placement coldPlacement = other.findOrAssign(cold);  // in the directory, not in the client's cache
      cluster.directoryReplica().orElseThrow().awaitCaughtUp(Duration.ofSeconds(10));
      assertEquals(Optional.of(hotPlacement), client.find(hot, Access.WRITE));

      primary.kill();
      ItSupport.await(BOUND, "the client's poller fails and its lease runs out",
          () -> client.stats().pollFailures() > 0 && !client.stats().writeLeaseValid());

      DirectoryUnavailableException write =
          assertThrows(DirectoryUnavailableException.class, () -> client.find(hot, Access.WRITE));
      assertTrue(write.getMessage().startsWith("directory primary " + primary.address() + " cannot be reached ("), write.getMessage());
      assertTrue(write.getMessage().contains("the write look-up of key '1' needs it"), write.getMessage());
      assertTrue(write.getMessage().contains("The cached placement of key '1' is not trusted for writes: the last successful"
          + " change-log poll started "), write.getMessage());
      assertTrue(write.getMessage().contains("and the write lease is 600ms"), write.getMessage());
      assertTrue(write.getSQLState().startsWith("08"), write.getSQLState());

      assertEquals(Optional.of(hotPlacement), client.find(hot, Access.READ), "cached reads keep working");
      assertEquals(Optional.of(coldPlacement), client.find(cold, Access.READ), "read misses go to the replica");
      assertEquals(node, client.node(node.id()));
      assertEquals(2L, client.keyCountsByNode().get("node1"), "the replica answers counts too");

      DirectoryUnavailableException assign =
          assertThrows(DirectoryUnavailableException.class, () -> client.findOrAssign(ShardKey.of(3)));
      assertTrue(assign.getMessage().startsWith("directory primary " + primary.address() + " cannot be reached"), assign.getMessage());
      DirectoryUnavailableException register =
          assertThrows(DirectoryUnavailableException.class, () -> client.registerNode("node2", List.of("127.0.0.1:1"), List.of(), 1));
      assertTrue(register.getMessage().contains("registering node 'node2' needs it"), register.getMessage());
      // the replica's answer for `cold` is cached for reads but never trusted for writes
      assertThrows(DirectoryUnavailableException.class, () -> client.find(cold, Access.WRITE));
      // a writer waiting on a MOVING key asks the primary itself: that fails as plainly, the cache is not an answer
      DirectoryUnavailableException fresh =
          assertThrows(DirectoryUnavailableException.class, () -> client.lookUpOnPrimary(hot));
      assertTrue(fresh.getMessage().startsWith("directory primary " + primary.address() + " cannot be reached ("), fresh.getMessage());
      assertTrue(fresh.getMessage().contains("the fresh look-up of key '1' needs it"), fresh.getMessage());

      primary.start();
      ItSupport.await(BOUND, "the client polls the primary again and renews its lease", () -> client.stats().writeLeaseValid());
      assertEquals(0, client.stats().consecutivePollFailures());
      assertEquals(Optional.of(hotPlacement), client.find(hot, Access.WRITE));
      long misses = client.stats().missCount();
      assertEquals(Optional.of(coldPlacement), client.find(cold, Access.WRITE));
      assertEquals(misses + 1, client.stats().missCount(), "a replica-loaded placement must be re-read from the primary for a write");
      assertEquals(Optional.of(coldPlacement), client.find(cold, Access.WRITE));
      assertEquals(misses + 1, client.stats().missCount(), "once re-read from the primary it is trusted");
      assertEquals(Optional.of(hotPlacement), client.lookUpOnPrimary(hot));
      Placement assigned = client.findOrAssign(ShardKey.of(3));
      assertEquals(node.id(), assigned.nodeId());
    }
  }

  @Test
  void aClientOpenedWhileThePrimaryIsDownServesReadsFromTheReplica() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_outage_open");
    Placement placed;
    try (Directory setup = open(db, "outage-setup")) {
      setup.registerNode("node1", List.of("127.0.0.1:4000"), List.of(), 1);
      placed = setup.findOrAssign(ShardKey.of("u1"));
    }
    cluster.directoryReplica().orElseThrow().awaitCaughtUp(Duration.ofSeconds(10));
    primary.stop();
    try (Directory client = open(db, "outage-late")) {
      assertFalse(client.stats().writeLeaseValid());
      assertTrue(client.stats().lastSuccessfulPollAge().isEmpty());
      assertEquals(1, client.nodes().size());
      assertEquals(Optional.of(placed), client.find(ShardKey.of("u1"), Access.READ));
      DirectoryUnavailableException e =
          assertThrows(DirectoryUnavailableException.class, () -> client.find(ShardKey.of("u1"), Access.WRITE));
      assertTrue(e.getMessage().contains("no poll of the primary has succeeded since this client opened"), e.getMessage());

      primary.start();
      ItSupport.await(BOUND, "the late client reaches the primary", () -> client.stats().writeLeaseValid());
      assertEquals(Optional.of(placed), client.find(ShardKey.of("u1"), Access.WRITE));
    }
  }

  @Test
  void withNoServerReachableOpeningFailsNamingEveryServer() {
    primary.stop();
    cluster.directoryReplica().orElseThrow().stop();
    try {
      DirectoryUnavailableException e = assertThrows(DirectoryUnavailableException.class, () -> open("dir_it_outage_none", "outage-none"));
      assertTrue(e.getMessage().startsWith("opening the directory failed: no directory server could be reached (directory primary "
          + primary.address() + ": "), e.getMessage());
      assertTrue(e.getMessage().contains("directory replica 1 " + cluster.directoryReplica().orElseThrow().address()), e.getMessage());
      assertEquals(2, e.getSuppressed().length, "each server's own failure is kept");
    } finally {
      cluster.directoryReplica().orElseThrow().start();
    }
  }
}
