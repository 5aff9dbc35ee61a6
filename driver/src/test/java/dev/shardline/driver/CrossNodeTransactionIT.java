package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.Await;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transactions across two nodes in each mode, on real masters: a follow (rows for two users on two
 * nodes) commits on both or neither; a best-effort commit that fails between its branches says
 * which committed; a two-phase commit whose second branch cannot prepare commits nothing. Rows are
 * counted on every node's master directly. The crash cases (coordinator killed, participant master
 * failed over) are in {@link TwoPhaseCrashIT}.
 */
@WithSandbox(nodes = 2, replicasPerNode = 0, passiveMasters = false, dedicated = true)
@Timeout(120)
class CrossNodeTransactionIT {
  private static ClusterFixture fixture;
  private static SandboxCluster cluster;
  private static final Map<String, List<Long>> usersByNode = new TreeMap<>();

  @BeforeAll
  static void data(SandboxCluster sandbox) throws Exception {
    cluster = sandbox;
    fixture = ClusterFixture.prepare(sandbox, "xnode");
    usersByNode.putAll(Follows.create(fixture.url()));
    assertEquals(2, usersByNode.size(), "users on both nodes: " + usersByNode);
  }

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeEach
  void noFollows() throws Exception {
    for (SandboxNode node : cluster.nodes()) {
      if (!node.activeMaster().isRunning()) {
        node.activeMaster().start();
      }
      node.activeMaster().execute("DELETE FROM " + fixture.appDatabase + ".follows");
    }
  }

  private static long user(String node, int index) {
    return usersByNode.get(node).get(index);
  }

  private static long followsOn(String node) {
    return cluster.node(node).activeMaster().queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + ".follows");
  }

  private static long prepared(String node) {
    return cluster.node(node).activeMaster().query("XA RECOVER").size();
  }

  @Test
  void singleNodeModeRefusesTheSecondNodeBeforeAnythingRunsThere() throws Exception {
    try (Connection c = DriverManager.getConnection(fixture.url())) {
      assertEquals(TransactionMode.SINGLE_NODE, c.unwrap(ShardlineConnection.class).getTransactionMode());
      c.setAutoCommit(false);
      SQLException e = assertThrows(SQLException.class, () -> Follows.follow(c, user("node1", 0), user("node2", 0)));
      assertEquals("25000", e.getSQLState());
      c.rollback();
    }
    assertEquals(0, followsOn("node1"));
    assertEquals(0, followsOn("node2"));
  }

  @Test
  void aFollowCommitsOnBothNodesOrNeitherInBothMultiNodeModes() throws Exception {
    for (TransactionMode mode : List.of(TransactionMode.BEST_EFFORT, TransactionMode.TWO_PHASE)) {
      try (Connection c = DriverManager.getConnection(fixture.url("shardline.transactions=" + mode.value()))) {
        c.setAutoCommit(false);
        Follows.follow(c, user("node1", 0), user("node2", 0));
        c.rollback();
        assertEquals(0, followsOn("node1"), mode + " rollback");
        assertEquals(0, followsOn("node2"), mode + " rollback");

        Follows.follow(c, user("node1", 1), user("node2", 1));
        c.commit();
        assertEquals(1, followsOn("node1"), mode + " commit");
        assertEquals(1, followsOn("node2"), mode + " commit");
        c.setAutoCommit(true);
      }
      assertEquals(0, prepared("node1") + prepared("node2"), mode + ": no branch left prepared");
      noFollows();
    }
  }

  @Test
  void aConnectionChoosesItsOwnModeUntilTheEndOfItsRequest() throws Exception {
    try (Connection c = DriverManager.getConnection(fixture.url())) {
      ShardlineConnection shardline = c.unwrap(ShardlineConnection.class);
      c.beginRequest();
      shardline.setTransactionMode(TransactionMode.TWO_PHASE);
      c.setAutoCommit(false);
      Follows.follow(c, user("node1", 2), user("node2", 2));
      assertThrows(SQLException.class, () -> shardline.setTransactionMode(TransactionMode.SINGLE_NODE), "not while a transaction is open");
      c.commit();
      c.endRequest();
      assertEquals(TransactionMode.SINGLE_NODE, shardline.getTransactionMode(), "back to the URL's mode");
    }
    assertEquals(1, followsOn("node1"));
    assertEquals(1, followsOn("node2"));
  }

  @Test
  void twoPhaseLogsTheDecisionAndForgetsItOnceEveryBranchCommitted() throws Exception {
    try (Connection c = DriverManager.getConnection(fixture.url("shardline.transactions=two-phase"))) {
      c.setAutoCommit(false);
      Follows.follow(c, user("node1", 3), user("node2", 3));
      c.commit();
    }
    Await.until(Duration.ofSeconds(10), () -> "the decision to be deleted once both branches committed",
        () -> cluster.directoryPrimary().queryLong("SELECT COUNT(*) FROM " + fixture.directoryDatabase + ".transaction_log") == 0);
    assertEquals(0, prepared("node1") + prepared("node2"));
  }

  @Test
  void aTwoPhaseTransactionOnOneNodeCommitsInOnePhase() throws Exception {
    try (Connection c = DriverManager.getConnection(fixture.url("shardline.transactions=two-phase"))) {
      c.setAutoCommit(false);
      Follows.follow(c, user("node1", 4), user("node1", 5));
      c.commit();
    }
    assertEquals(2, followsOn("node1"));
    assertEquals(0, followsOn("node2"));
  }

  @Test
  void aBestEffortCommitThatFailsAfterTheFirstNodeSaysWhichCommitted() throws Exception {
    SandboxInstance node2 = cluster.node("node2").activeMaster();
    try (Connection c = DriverManager.getConnection(fixture.url("shardline.transactions=best-effort"))) {
      c.setAutoCommit(false);
      Follows.follow(c, user("node1", 6), user("node2", 6));
      node2.kill();
      ShardlinePartialCommitException e = assertThrows(ShardlinePartialCommitException.class, c::commit);
      assertEquals(List.of("node1"), e.committedNodes());
      assertEquals("node2", e.failedNode());
      assertTrue(e.getMessage().contains("partly committed"), e.getMessage());
    } finally {
      node2.start();
      ShardlineDriver.shutdown(); // the next test starts with pools that never knew the killed server
    }
    assertEquals(1, followsOn("node1"), "node1 committed its part");
    assertEquals(0, followsOn("node2"), "node2's part died with its connection");
  }

  @Test
  void aTwoPhaseCommitWhoseSecondNodeCannotPrepareCommitsNothing() throws Exception {
    SandboxInstance node2 = cluster.node("node2").activeMaster();
    try (Connection c = DriverManager.getConnection(fixture.url("shardline.transactions=two-phase"))) {
      c.setAutoCommit(false);
      Follows.follow(c, user("node1", 7), user("node2", 7));
      node2.kill();
      SQLException e = assertThrows(SQLException.class, c::commit);
      assertEquals("40000", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("could not prepare"), e.getMessage());
    } finally {
      node2.start();
      ShardlineDriver.shutdown(); // the next test starts with pools that never knew the killed server
    }
    assertEquals(0, followsOn("node1"), "node1's prepared branch was rolled back");
    assertEquals(0, followsOn("node2"));
    Await.until(Duration.ofSeconds(20), () -> "branches prepared: " + (prepared("node1") + prepared("node2")),
        () -> prepared("node1") + prepared("node2") == 0);
  }

  @Test
  void savepointsKeepATransactionOnOneNode() throws Exception {
    try (Connection c = DriverManager.getConnection(fixture.url("shardline.transactions=two-phase"));
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO follows VALUES (" + user("node1", 8) + ", 1, 'out')");
      c.setSavepoint("before");
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO follows VALUES (" + user("node2", 8) + ", 1, 'out')"));
      assertEquals("25000", e.getSQLState());
      assertTrue(e.getMessage().contains("savepoints"), e.getMessage());
      c.rollback();
    }
    assertEquals(0, followsOn("node1"));
  }

  @Test
  void recoveryOfACleanClusterFindsNothingToDo() throws Exception {
    var report = fixture.recoverTransactions(Duration.ofSeconds(60));
    assertTrue(report.clean(), report.toString());
    assertEquals(0, report.committed().size() + report.rolledBack().size());
  }
}
