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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The global node is pinned in the directory: by the first registration, moved only by
 * {@link Directory#setGlobalNode}, and followed by every client through its change-log poller.
 * Waits are bounded (a few seconds for a 100 ms poll interval): they check that a change arrives,
 * not how fast.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GlobalNodeIT {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final SandboxCluster cluster;

  GlobalNodeIT(SandboxCluster cluster) {
    this.cluster = cluster;
  }

  private Directory open(String database, String instance) throws DirectoryException {
    return Directory.open(ItSupport.config(cluster, database, instance).build());
  }

  private NodeInfo register(Directory d, String name, int sandboxNode) throws DirectoryException {
    var node = cluster.nodes().get(sandboxNode);
    return d.registerNode(name, endpoints(node.writeEndpoints()), endpoints(node.readEndpoints()), 1);
  }

  private Object pinned(String db) {
    return cluster.directoryPrimary().queryValue("SELECT `value` FROM " + db + ".cluster_settings WHERE name = 'global_node'");
  }

  private static String globalName(Directory d) {
    return d.globalNode().map(NodeInfo::name).orElse("none");
  }

  /** Regression: the global node was "the ACTIVE node of lowest id", so draining node1 moved it to node2. */
  @Test
  void theFirstNodeRegisteredIsPinnedAndStaysTheGlobalNodeWhenDrained() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_global_pin");
    try (Directory writer = open(db, "global-writer");
        Directory reader = open(db, "global-reader")) {
      assertEquals(Optional.empty(), writer.globalNode(), "no node, no global node");
      NodeInfo node1 = register(writer, "node1", 0);
      assertEquals(Optional.of(node1), writer.globalNode());
      assertEquals(String.valueOf(node1.id()), pinned(db));
      register(writer, "node2", 1);
      assertEquals("node1", globalName(writer), "a later registration does not move the pin");
      ItSupport.await(BOUND, "reader lists both nodes with node1 global",
          () -> reader.nodes().size() == 2 && globalName(reader).equals("node1"));

      writer.setNodeState("node1", NodeState.DRAINING);
      ItSupport.await(BOUND, "reader sees node1 DRAINING", () -> reader.node("node1").state() == NodeState.DRAINING);
      assertEquals("node1", globalName(reader), "draining the global node must not move it: its rows stay on node1");
      assertEquals(NodeState.DRAINING, reader.globalNode().orElseThrow().state());
      assertEquals("node1", globalName(writer));
      assertEquals(List.of("node1", "node2"), reader.dataNodes().stream().map(NodeInfo::name).toList(),
          "a DRAINING node still holds data");
      assertEquals("1", pinned(db));

      // the pin, not a rule over the states: node2 pinned and drained stays global though node1 has the lower id
      writer.setGlobalNode("node2");
      writer.setNodeState("node2", NodeState.DRAINING);
      ItSupport.await(BOUND, "reader sees node2 DRAINING", () -> reader.node("node2").state() == NodeState.DRAINING);
      ItSupport.await(BOUND, "reader sees node2 global", () -> globalName(reader).equals("node2"));
      writer.setNodeState("node1", NodeState.ACTIVE);
      ItSupport.await(BOUND, "reader sees node1 ACTIVE", () -> reader.node("node1").state() == NodeState.ACTIVE);
      assertEquals("node2", globalName(reader));
    }
  }

  @Test
  void setGlobalMovesItAndAnotherClientFollowsThroughItsPoller() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_global_move");
    try (Directory writer = open(db, "move-writer");
        Directory reader = open(db, "move-reader")) {
      register(writer, "node1", 0);
      NodeInfo node2 = register(writer, "node2", 1);
      ItSupport.await(BOUND, "reader lists both nodes", () -> reader.nodes().size() == 2);
      assertEquals("node1", globalName(reader));

      assertEquals(node2, writer.setGlobalNode("node2"));
      assertEquals("node2", globalName(writer), "the writer knows at once");
      assertEquals(String.valueOf(node2.id()), pinned(db));
      ItSupport.await(BOUND, "reader's poller brings in node2 as the global node", () -> globalName(reader).equals("node2"));
      List<ChangeLogEntry> log = writer.changesSince(0, 100);
      ChangeLogEntry last = log.get(log.size() - 1);
      assertEquals("SETTINGS", last.kind());
      assertEquals("global_node", last.subject());

      assertEquals(node2, writer.setGlobalNode("node2"), "pinning the pinned node changes nothing");
      assertEquals(log.size(), writer.changesSince(0, 100).size(), "and writes no change-log entry");

      // node1 is no longer the global node, so it may go OFFLINE; an OFFLINE node cannot be pinned
      writer.setNodeState("node1", NodeState.OFFLINE);
      DirectoryException offline = assertThrows(DirectoryException.class, () -> writer.setGlobalNode("node1"));
      assertEquals("node node1 is OFFLINE and holds no data, so it cannot be the global node; set it ACTIVE first"
          + " (`shardline node set-state node1 ACTIVE`) and copy the global tables to it", offline.getMessage());
      assertEquals(String.valueOf(node2.id()), pinned(db));
      DirectoryException unknown = assertThrows(DirectoryException.class, () -> writer.setGlobalNode("node9"));
      assertTrue(unknown.getMessage().startsWith("no node named 'node9' in the directory (nodes: node1, node2)"), unknown.getMessage());
    }
  }

  @Test
  void theGlobalNodeCannotBeSetOffline() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_global_offline");
    try (Directory d = open(db, "global-offline")) {
      register(d, "node1", 0);
      register(d, "node2", 1);
      DirectoryException e = assertThrows(DirectoryException.class, () -> d.setNodeState("node1", NodeState.OFFLINE));
      assertEquals("cannot set node1 OFFLINE: node1 is the global node (it holds the global tables); pin another with"
          + " `shardline node set-global NAME` after copying the global tables to it", e.getMessage());
      assertEquals("ACTIVE", cluster.directoryPrimary().queryValue("SELECT state FROM " + db + ".nodes WHERE name = 'node1'"));
      assertEquals(NodeState.ACTIVE, d.node("node1").state());
      assertEquals(NodeState.OFFLINE, d.setNodeState("node2", NodeState.OFFLINE).state(), "another node may go OFFLINE");
      assertEquals(List.of("node1"), d.dataNodes().stream().map(NodeInfo::name).toList());
    }
  }

  @Test
  void twoFirstRegistrationsAtOncePinExactlyOneOfTheirNodes() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_global_race");
    try (Directory a = open(db, "race-a");
        Directory b = open(db, "race-b")) {
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<NodeInfo> first = pool.submit(() -> {
          start.await();
          return a.registerNode("nodeA", List.of("127.0.0.1:4000"), List.of(), 1);
        });
        Future<NodeInfo> second = pool.submit(() -> {
          start.await();
          return b.registerNode("nodeB", List.of("127.0.0.1:4001"), List.of(), 1);
        });
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      assertEquals(1, cluster.directoryPrimary().queryLong("SELECT COUNT(*) FROM " + db + ".cluster_settings"));
      ItSupport.await(BOUND, "both clients agree on the global node",
          () -> a.nodes().size() == 2 && b.nodes().size() == 2 && globalName(a).equals(globalName(b)));
      assertTrue(List.of("nodeA", "nodeB").contains(globalName(a)), globalName(a));
      assertEquals(String.valueOf(a.globalNode().orElseThrow().id()), pinned(db));
    }
  }
}
