package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.WithSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a writer sees of a key that moves: the {@code MOVING} state through a write look-up, the
 * switch through the poller, and {@link Directory#lookUpOnPrimary} for not waiting on the poll.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MovingKeyIT {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final SandboxCluster cluster;

  MovingKeyIT(SandboxCluster cluster) {
    this.cluster = cluster;
  }

  private Directory open(String database, String instance) throws DirectoryException {
    return Directory.open(ItSupport.config(cluster, database, instance).build());
  }

  @Test
  void aSecondClientSeesTheKeyMovingThroughItsPollerThenActiveOnTheNewNode() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_moving_seen");
    try (Directory mover = open(db, "moving-mover");
        Directory writer = open(db, "moving-writer")) {
      NodeInfo node1 = mover.registerNode("node1", List.of("127.0.0.1:4000"), List.of(), 1);
      ShardKey key = ShardKey.of("u-1");
      Placement original = mover.findOrAssign(key);
      NodeInfo node2 = mover.registerNode("node2", List.of("127.0.0.1:4001"), List.of(), 1);
      assertEquals(Optional.of(original), writer.find(key, Access.WRITE), "the writer caches the key from the primary");

      long invalidations = writer.stats().invalidationCount();
      mover.markMoving(List.of(key));
      ItSupport.await(BOUND, "the writer's poller drops the key", () -> writer.stats().invalidationCount() > invalidations);
      Placement moving = new Placement(key, node1.id(), KeyState.MOVING, 2);
      assertEquals(Optional.of(moving), writer.find(key, Access.WRITE), "a write look-up shows the key MOVING");
      assertEquals(Optional.of(moving), writer.find(key, Access.READ), "reads still go to node1");

      mover.switchTo(List.of(key), node2.id());
      ItSupport.await(BOUND, "the writer sees the key on node2",
          () -> writer.find(key, Access.WRITE).orElseThrow().nodeId() == node2.id());
      assertEquals(Optional.of(new Placement(key, node2.id(), KeyState.ACTIVE, 3)), writer.find(key, Access.WRITE));
    }
  }

  @Test
  void theMoverItselfSeesItsKeyMovingForWrites() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_moving_own");
    try (Directory d = open(db, "moving-own")) {
      NodeInfo node1 = d.registerNode("node1", List.of("127.0.0.1:4000"), List.of(), 1);
      ShardKey key = ShardKey.of(77);
      d.findOrAssign(key);
      d.markMoving(List.of(key));
      Placement moving = new Placement(key, node1.id(), KeyState.MOVING, 2);
      assertEquals(Optional.of(moving), d.find(key, Access.WRITE));
      assertEquals(moving, d.findOrAssign(key), "a MOVING key is returned as it is: the caller waits before writing");
    }
  }

  @Test
  void lookUpOnPrimaryReadsPastTheCacheAndStoresWhatItReads() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_moving_fresh");
    // The waiter polls once a minute, so only lookUpOnPrimary can show it a change during the test.
    DirectoryConfig slow = ItSupport.config(cluster, db, "moving-waiter")
        .pollInterval(Duration.ofSeconds(60)).writeLease(Duration.ofSeconds(120)).build();
    try (Directory mover = open(db, "moving-fresh-mover");
        Directory waiter = Directory.open(slow)) {
      NodeInfo node1 = mover.registerNode("node1", List.of("127.0.0.1:4000"), List.of(), 1);
      ShardKey key = ShardKey.of("u-2");
      Placement original = mover.findOrAssign(key);
      NodeInfo node2 = mover.registerNode("node2", List.of("127.0.0.1:4001"), List.of(), 1);
      assertEquals(Optional.of(original), waiter.find(key, Access.WRITE));

      mover.markMoving(List.of(key));
      assertEquals(Optional.of(original), waiter.find(key, Access.WRITE),
          "without a poll the cached placement still serves (the mover waits one lease for exactly this)");
      long hits = waiter.stats().hitCount();
      long misses = waiter.stats().missCount();
      Placement moving = new Placement(key, node1.id(), KeyState.MOVING, 2);
      assertEquals(Optional.of(moving), waiter.lookUpOnPrimary(key));
      assertEquals(hits, waiter.stats().hitCount(), "a fresh look-up is neither a hit");
      assertEquals(misses, waiter.stats().missCount(), "nor a miss");
      assertEquals(Optional.of(moving), waiter.find(key, Access.WRITE), "what it read is cached, trusted for writes");
      assertEquals(hits + 1, waiter.stats().hitCount());

      mover.switchTo(List.of(key), node2.id());
      assertEquals(Optional.of(moving), waiter.find(key, Access.READ), "no poll yet: the cache still says MOVING");
      Placement switched = new Placement(key, node2.id(), KeyState.ACTIVE, 3);
      assertEquals(Optional.of(switched), waiter.lookUpOnPrimary(key), "the waiting writer sees the switch at once");
      assertEquals(Optional.of(switched), waiter.find(key, Access.WRITE));
      assertEquals(Optional.empty(), waiter.lookUpOnPrimary(ShardKey.of("never-assigned")));
    }
  }
}
