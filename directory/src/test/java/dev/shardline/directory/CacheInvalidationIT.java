package dev.shardline.directory;

import static dev.shardline.directory.ItSupport.endpoints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.WithSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One client changes the directory; another, with the placements cached, sees exactly that change
 * through its change-log poller. Waits are bounded (a few seconds for a 100 ms poll interval): they
 * check that the change arrives, not how fast.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CacheInvalidationIT {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final SandboxCluster cluster;

  CacheInvalidationIT(SandboxCluster cluster) {
    this.cluster = cluster;
  }

  private Directory open(String database, String instance) throws DirectoryException {
    return Directory.open(ItSupport.config(cluster, database, instance).build());
  }

  @Test
  void nodeChangesByOneClientReachAnotherClientsNodeList() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_nodes_seen");
    try (Directory writer = open(db, "nodes-writer");
        Directory reader = open(db, "nodes-reader")) {
      writer.registerNode("node1", endpoints(cluster.nodes().get(0).writeEndpoints()), List.of(), 1);
      ItSupport.await(BOUND, "reader lists node1", () -> reader.nodes().size() == 1);
      assertEquals(NodeState.ACTIVE, reader.nodes().get(0).state());

      writer.setNodeState("node1", NodeState.DRAINING);
      ItSupport.await(BOUND, "reader sees node1 DRAINING", () -> reader.nodes().get(0).state() == NodeState.DRAINING);

      writer.updateNode("node1", List.of("127.0.0.1:4000", "127.0.0.1:4001"), List.of("127.0.0.1:4002"), 5);
      ItSupport.await(BOUND, "reader sees node1's new endpoints", () -> reader.nodes().get(0).weight() == 5);
      assertEquals(new NodeInfo(1, "node1", List.of("127.0.0.1:4000", "127.0.0.1:4001"), List.of("127.0.0.1:4002"), 5, NodeState.DRAINING),
          reader.node("node1"));

      // a node the reader has not polled yet is still found by name or id: the look-up asks the directory
      writer.registerNode("node2", List.of("127.0.0.1:5000"), List.of(), 1);
      assertEquals("node2", reader.node(2).name());
      assertEquals(2, reader.node("node2").id());
    }
  }

  @Test
  void aKeyChangeInvalidatesExactlyThatKeyInTheOtherClient() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_keys_seen");
    try (Directory writer = open(db, "keys-writer");
        Directory reader = open(db, "keys-reader")) {
      NodeInfo node1 = writer.registerNode("node1", endpoints(cluster.nodes().get(0).writeEndpoints()), List.of(), 1);
      ShardKey moving = ShardKey.of(100);
      ShardKey staying = ShardKey.of(200);
      Placement original = writer.findOrAssign(moving);
      Placement stayingPlacement = writer.findOrAssign(staying);
      assertEquals(node1.id(), original.nodeId());
      NodeInfo node2 = writer.registerNode("node2", endpoints(cluster.nodes().get(1).writeEndpoints()), List.of(), 1);

      // the reader caches both keys
      assertEquals(Optional.of(original), reader.find(moving, Access.READ));
      assertEquals(Optional.of(stayingPlacement), reader.find(staying, Access.READ));
      assertEquals(2, reader.stats().missCount());
      reader.find(moving, Access.WRITE);
      assertEquals(1, reader.stats().hitCount(), "a write look-up of a cached key under the lease is a hit");

      writer.markMoving(List.of(moving));
      ItSupport.await(BOUND, "reader sees key 100 MOVING",
          () -> reader.find(moving, Access.READ).orElseThrow().state() == KeyState.MOVING);
      assertEquals(new Placement(moving, node1.id(), KeyState.MOVING, 2), reader.find(moving, Access.READ).orElseThrow());

      long missesBefore = reader.stats().missCount();
      assertEquals(Optional.of(stayingPlacement), reader.find(staying, Access.READ));
      assertEquals(missesBefore, reader.stats().missCount(), "the unchanged key must still be cached");

      writer.switchTo(List.of(moving), node2.id());
      ItSupport.await(BOUND, "reader sees key 100 on node2",
          () -> reader.find(moving, Access.READ).orElseThrow().nodeId() == node2.id());
      assertEquals(new Placement(moving, node2.id(), KeyState.ACTIVE, 3), reader.find(moving, Access.WRITE).orElseThrow());
      assertEquals(java.util.Map.of("node1", 1L, "node2", 1L), reader.keyCountsByNode());
      long missesAfterSwitch = reader.stats().missCount();
      assertEquals(Optional.of(stayingPlacement), reader.find(staying, Access.READ));
      assertEquals(missesAfterSwitch, reader.stats().missCount(), "the unchanged key must survive the second change too");
      assertTrue(reader.stats().invalidationCount() >= 2, reader.stats().toString());
    }
  }

  @Test
  void moveMistakesAreRefusedAndChangeNothing() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_keys_refused");
    try (Directory d = open(db, "refused")) {
      d.registerNode("node1", List.of("127.0.0.1:4000"), List.of(), 1);
      ShardKey key = ShardKey.of("k");
      d.findOrAssign(key);
      DirectoryException unknown = assertThrows(DirectoryException.class, () -> d.markMoving(List.of(key, ShardKey.of("nope"))));
      assertEquals("key 'nope' is not in the directory", unknown.getMessage());
      assertEquals(KeyState.ACTIVE, d.find(key, Access.WRITE).orElseThrow().state(), "the failed batch must roll back");
      DirectoryException notMoving = assertThrows(DirectoryException.class, () -> d.switchTo(List.of(key), 1));
      assertTrue(notMoving.getMessage().startsWith("key 'k' is ACTIVE, not MOVING"), notMoving.getMessage());
      d.markMoving(List.of(key));
      assertEquals("key 'k' is already MOVING; finish or roll back its move first",
          assertThrows(DirectoryException.class, () -> d.markMoving(List.of(key))).getMessage());
      assertTrue(assertThrows(DirectoryException.class, () -> d.switchTo(List.of(key), 42)).getMessage()
          .startsWith("no node with id 42 in the directory"));
      d.switchTo(List.of(key), 1); // roll back onto its own node
      assertEquals(new Placement(key, 1, KeyState.ACTIVE, 3), d.find(key, Access.WRITE).orElseThrow());
      assertEquals(java.util.Map.of("node1", 1L), d.keyCountsByNode());
    }
  }
}
