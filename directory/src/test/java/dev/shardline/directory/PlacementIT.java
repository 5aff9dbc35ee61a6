package dev.shardline.directory;

import static dev.shardline.directory.ItSupport.endpoints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Placement, assignment and id blocks against a real directory. */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PlacementIT {
  private final SandboxCluster cluster;

  PlacementIT(SandboxCluster cluster) {
    this.cluster = cluster;
  }

  private Directory open(String database, String instance) throws DirectoryException {
    return Directory.open(ItSupport.config(cluster, database, instance).build());
  }

  private void registerSandboxNodes(Directory directory, int... weights) throws DirectoryException {
    for (int i = 0; i < weights.length; i++) {
      SandboxNode node = cluster.nodes().get(i % cluster.nodes().size());
      directory.registerNode("node" + (i + 1), endpoints(node.writeEndpoints()), endpoints(node.readEndpoints()), weights[i]);
    }
  }

  private long count(String database, String sql) {
    return cluster.directoryPrimary().queryLong(sql.replace("$db", database));
  }

  @Test
  void numericAndStringKeysRoundTrip() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_roundtrip");
    try (Directory a = open(db, "roundtrip-a");
        Directory b = open(db, "roundtrip-b")) {
      registerSandboxNodes(a, 1, 1);
      Placement numeric = a.findOrAssign(ShardKey.of(42L));
      assertEquals(KeyState.ACTIVE, numeric.state());
      assertEquals(1, numeric.version());
      // setLong(42), setInt(42) and setString("42") are one key, in this client and in another
      assertEquals(Optional.of(numeric), a.find(ShardKey.of("42"), Access.READ));
      assertEquals(Optional.of(numeric), b.find(ShardKey.of(42), Access.READ));
      assertEquals(Optional.of(numeric), b.find(ShardKey.of("42"), Access.WRITE));
      assertEquals(numeric, b.findOrAssign(ShardKey.of(42)));

      Placement alice = a.findOrAssign(ShardKey.of("alice@example.com"));
      assertEquals(Optional.of(alice), b.find(ShardKey.of("alice@example.com"), Access.READ));
      // keys compare exactly: case and trailing blanks make different keys, each with its own row
      Placement upper = a.findOrAssign(ShardKey.of("Alice@example.com"));
      Placement padded = a.findOrAssign(ShardKey.of("alice@example.com "));
      assertEquals(ShardKey.of("Alice@example.com"), upper.key());
      assertEquals(4, count(db, "SELECT COUNT(*) FROM $db.shard_keys"));
      assertEquals(numeric.nodeId(), count(db, "SELECT node_id FROM $db.shard_keys WHERE key_text = '42'"));
      assertEquals(padded.nodeId(), count(db, "SELECT node_id FROM $db.shard_keys WHERE key_text = 'alice@example.com '"));
      Placement emoji = a.findOrAssign(ShardKey.of("\uD83D\uDE00-user"));
      assertEquals(Optional.of(emoji), b.find(ShardKey.of("\uD83D\uDE00-user"), Access.READ));
    }
  }

  @Test
  void unknownKeysAreEmptyAndNeverCached() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_unknown");
    try (Directory d = open(db, "unknown")) {
      registerSandboxNodes(d, 1);
      assertEquals(Optional.empty(), d.find(ShardKey.of(7), Access.READ));
      assertEquals(Optional.empty(), d.find(ShardKey.of(7), Access.WRITE));
      assertEquals(Optional.empty(), d.find(ShardKey.of(7), Access.READ));
      DirectoryStats stats = d.stats();
      assertEquals(0, stats.hitCount());
      assertEquals(3, stats.missCount());
      assertEquals(0, stats.size());
      Placement assigned = d.findOrAssign(ShardKey.of(7));
      assertEquals(Optional.of(assigned), d.find(ShardKey.of(7), Access.READ));
      assertEquals(1, d.stats().hitCount());
    }
  }

  @Test
  void concurrentAssignersInTwoClientsAgreeOnEveryKey() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_race");
    int keys = 150;
    int threads = 8;
    try (HikariDataSource poolA = ItSupport.pool(cluster.directoryPrimary(), db, 4);
        HikariDataSource poolB = ItSupport.pool(cluster.directoryPrimary(), db, 4);
        Directory a = Directory.open(ItSupport.config(cluster, db, "race-a").primary(poolA).build());
        Directory b = Directory.open(ItSupport.config(cluster, db, "race-b").primary(poolB).build())) {
      registerSandboxNodes(a, 1, 1);
      Map<ShardKey, Set<Integer>> seen = new ConcurrentHashMap<>();
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Directory client = t % 2 == 0 ? a : b;
          long seed = t;
          futures.add(pool.submit(() -> {
            List<Integer> order = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
              order.add(k);
            }
            Collections.shuffle(order, new Random(seed));
            start.await();
            for (int k : order) {
              ShardKey key = ShardKey.of(1_000_000L + k);
              seen.computeIfAbsent(key, x -> ConcurrentHashMap.newKeySet()).add(client.findOrAssign(key).nodeId());
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(keys, seen.size());
      seen.forEach((key, nodes) -> assertEquals(1, nodes.size(), "key " + key + " was placed on nodes " + nodes));
      assertEquals(keys, count(db, "SELECT COUNT(*) FROM $db.shard_keys"));
      // the maintained counts are exact: they equal the rows, node by node
      assertEquals(keys, count(db, "SELECT SUM(key_count) FROM $db.nodes"));
      assertEquals(0, count(db,
          "SELECT COUNT(*) FROM $db.nodes n WHERE n.key_count <> (SELECT COUNT(*) FROM $db.shard_keys k WHERE k.node_id = n.id)"));
      Map<String, Long> counts = a.keyCountsByNode();
      assertEquals(keys, counts.values().stream().mapToLong(Long::longValue).sum());
      // every client reads each key back where it was placed
      for (Map.Entry<ShardKey, Set<Integer>> e : seen.entrySet()) {
        assertEquals(e.getValue().iterator().next(), b.find(e.getKey(), Access.WRITE).orElseThrow().nodeId());
      }
    }
  }

  @Test
  void newKeysSpreadByWeight() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_weights");
    try (Directory a = open(db, "weights-a");
        Directory b = open(db, "weights-b")) {
      registerSandboxNodes(a, 2, 1); // node1 weight 2, node2 weight 1
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          Directory client = t % 2 == 0 ? a : b;
          int first = t * 75;
          futures.add(pool.submit(() -> {
            for (int k = first; k < first + 75; k++) {
              client.findOrAssign(ShardKey.of("w-" + k));
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      Map<String, Long> counts = a.keyCountsByNode();
      // The policy chooses under locks on the node rows, so it always sees exact counts and the split of
      // 300 keys over weights 2:1 is exactly 200:100 whatever the interleaving; we allow +-1 key.
      assertEquals(200, counts.get("node1"), 1, "counts " + counts);
      assertEquals(100, counts.get("node2"), 1, "counts " + counts);
      assertEquals(counts.get("node1"), count(db, "SELECT COUNT(*) FROM $db.shard_keys WHERE node_id = 1"));
    }
  }

  @Test
  void drainingAndOfflineNodesGetNoNewKeys() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_drain");
    try (Directory d = open(db, "drain")) {
      DirectoryException empty = assertThrows(DirectoryException.class, () -> d.findOrAssign(ShardKey.of(1)));
      assertEquals(
          "cannot place key '1': the directory has no nodes; register one with `shardline node add NAME --write host:port`",
          empty.getMessage());
      registerSandboxNodes(d, 1, 1);
      Placement before = d.findOrAssign(ShardKey.of("early"));
      NodeInfo drained = d.setNodeState("node1", NodeState.DRAINING);
      assertEquals(NodeState.DRAINING, drained.state());
      assertEquals(NodeState.DRAINING, d.node("node1").state());
      for (int k = 0; k < 20; k++) {
        assertEquals(d.node("node2").id(), d.findOrAssign(ShardKey.of(k)).nodeId(), "key " + k);
      }
      d.setNodeState("node2", NodeState.OFFLINE);
      DirectoryException none = assertThrows(DirectoryException.class, () -> d.findOrAssign(ShardKey.of("late")));
      assertEquals(
          "cannot place key 'late': no node is ACTIVE (nodes: [1=node1 DRAINING, 2=node2 OFFLINE]); set one ACTIVE"
              + " with `shardline node set-state NAME ACTIVE` or register a new node",
          none.getMessage());
      // keys already placed are still found, on their nodes
      assertEquals(before, d.findOrAssign(ShardKey.of("early")));
      d.setNodeState("node1", NodeState.ACTIVE);
      assertEquals(d.node("node1").id(), d.findOrAssign(ShardKey.of("late")).nodeId());
    }
  }

  @Test
  void fixedNodePolicyFillsTheNamedNode() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_fixed");
    try (Directory setup = open(db, "fixed-setup")) {
      registerSandboxNodes(setup, 1, 1);
    }
    try (Directory d = Directory.open(ItSupport.config(cluster, db, "fixed").placementPolicy(PlacementPolicy.fixedNode("node2")).build())) {
      for (int k = 0; k < 10; k++) {
        assertEquals(2, d.findOrAssign(ShardKey.of(k)).nodeId());
      }
      d.setNodeState("node2", NodeState.DRAINING);
      DirectoryException e = assertThrows(DirectoryException.class, () -> d.findOrAssign(ShardKey.of(99)));
      assertEquals(
          "placement policy fixedNode(node2) could not place key '99': node 'node2' is not ACTIVE (ACTIVE nodes: [node1]);"
              + " set it ACTIVE or choose another placement policy",
          e.getMessage());
    }
  }

  @Test
  void idBlocksAreDisjointAcrossThreadsAndClients() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_ids");
    try (Directory a = open(db, "ids-a");
        Directory b = open(db, "ids-b")) {
      List<LongRange> ranges = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          Directory client = t % 2 == 0 ? a : b;
          futures.add(pool.submit(() -> {
            for (int i = 0; i < 25; i++) {
              ranges.add(client.allocateIdBlock("post_id", 10));
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      Set<Long> ids = new HashSet<>();
      for (LongRange r : ranges) {
        assertEquals(10, r.size());
        for (long id = r.first(); id <= r.last(); id++) {
          assertTrue(ids.add(id), "id " + id + " was handed out twice");
        }
      }
      assertEquals(2000, ids.size());
      assertEquals(1, Collections.min(ids));
      assertEquals(2000, Collections.max(ids));
      assertEquals(new LongRange(1, 5), a.allocateIdBlock("comment_id", 5));
      assertThrows(IllegalArgumentException.class, () -> a.allocateIdBlock("post_id", 0));
    }
  }

  @Test
  void changeLogListsNodeChangesInOrder() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_changes");
    try (Directory d = open(db, "changes")) {
      registerSandboxNodes(d, 1, 1);
      d.setNodeState("node2", NodeState.DRAINING);
      d.setNodeState("node2", NodeState.DRAINING); // no change: no entry
      d.updateNode("node1", List.of("127.0.0.1:1"), List.of(), 3);
      d.findOrAssign(ShardKey.of(5)); // assignments write no entry
      List<ChangeLogEntry> all = d.changesSince(0, 100);
      assertEquals(List.of(1L, 2L, 3L, 4L), all.stream().map(ChangeLogEntry::sequence).toList());
      assertEquals(List.of("node1", "node2", "node2", "node1"), all.stream().map(ChangeLogEntry::subject).toList());
      assertTrue(all.stream().allMatch(e -> e.kind().equals("NODE")));
      assertFalse(all.get(0).at().isAfter(java.time.Instant.now().plusSeconds(5)));
      assertTrue(all.get(0).at().isAfter(java.time.Instant.now().minusSeconds(600)), "at " + all.get(0).at());
      assertEquals(all.subList(2, 4), d.changesSince(2, 100));
      assertEquals(all.subList(0, 1), d.changesSince(0, 1));
      assertEquals(new NodeInfo(1, "node1", List.of("127.0.0.1:1"), List.of(), 3, NodeState.ACTIVE), d.node(1));
    }
  }
}
