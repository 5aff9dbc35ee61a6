package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.directory.cli.ShardlineCommand;
import dev.shardline.directory.xa.XaRecovery;
import dev.shardline.driver.session.TwoPhaseSteps;
import dev.shardline.sandbox.Await;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two-phase commit when a process dies: the coordinator (a separate JVM, killed with SIGKILL) at
 * each step of its commit, and a participant's master after PREPARE, replaced by its passive
 * master. In every case recovery, run by another process from the directory's log alone, ends
 * with both branches committed or both rolled back, as the log says, and no branch left prepared.
 * Rows are counted on every node's active master.
 */
@WithSandbox(nodes = 2, replicasPerNode = 0, passiveMasters = true, dedicated = true)
@Timeout(180)
class TwoPhaseCrashIT {
  private static ClusterFixture fixture;
  private static SandboxCluster cluster;
  private static String url;
  private static final Map<String, List<Long>> usersByNode = new TreeMap<>();

  @BeforeAll
  static void data(SandboxCluster sandbox) throws Exception {
    cluster = sandbox;
    fixture = ClusterFixture.prepare(sandbox, "xacrash");
    // No background recovery in the coordinators under test: recovery is what the test runs.
    url = fixture.url("shardline.transactions=two-phase", "shardline.transactions.recoveryIntervalMs=0", "shardline.probe.intervalMs=100");
    usersByNode.putAll(Follows.create(url));
    assertEquals(2, usersByNode.size(), "users on both nodes: " + usersByNode);
  }

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeEach
  void clean() throws Exception {
    XaRecovery.Report report = fixture.recoverTransactions(Duration.ofMillis(1));
    assertTrue(report.clean(), "nothing prepared before a test: " + report);
    for (SandboxNode node : cluster.nodes()) {
      node.activeMaster().execute("DELETE FROM " + fixture.appDatabase + ".follows");
    }
  }

  private static long user(String node, int index) {
    return usersByNode.get(node).get(index);
  }

  private static long follows(String node) {
    return cluster.node(node).activeMaster().queryLong("SELECT COUNT(*) FROM " + fixture.appDatabase + ".follows");
  }

  private static int prepared(SandboxInstance server) {
    return server.query("XA RECOVER").size();
  }

  private static int preparedAnywhere() {
    return prepared(cluster.node("node1").activeMaster()) + prepared(cluster.node("node2").activeMaster());
  }

  /** Starts a coordinator JVM that stops at {@code step} of its commit, waits for it to get there, and kills it. */
  private static void coordinatorKilledAt(String step, int pair) throws Exception {
    coordinatorKilledAt(step, "-", pair);
  }

  /** The same, the coordinator also holding (forever) the branch that reaches {@code holdAt}. */
  private static void coordinatorKilledAt(String step, String holdAt, int pair) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        "dev.shardline.driver.session.TwoPhaseCoordinatorProcess", url, step, holdAt,
        Long.toString(user("node1", pair)), Long.toString(user("node2", pair)))
        .redirectErrorStream(true)
        .start();
    ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (java.io.IOException ended) {
        // the process was killed
      }
    }, "coordinator-output");
    reader.setDaemon(true);
    reader.start();
    try {
      Await.until(Duration.ofSeconds(60), () -> "the coordinator to reach step " + step + "; its output: " + lines,
          () -> lines.contains("AT " + step) || !process.isAlive());
      assertTrue(lines.contains("AT " + step), "the coordinator ended before step " + step + ": " + lines);
    } finally {
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, no goodbye to the servers
      process.waitFor();
    }
  }

  @Test
  void killedAfterPrepareBeforeTheDecision_recoveryRollsBothBack() throws Exception {
    coordinatorKilledAt("prepared", 0);
    Await.until(Duration.ofSeconds(10), () -> "both branches prepared and detached: " + preparedAnywhere(), () -> preparedAnywhere() == 2);
    XaRecovery.Report young = fixture.recoverTransactions(Duration.ofSeconds(60));
    assertEquals(2, young.left().size(), "no decision and younger than the timeout: left alone " + young);

    XaRecovery.Report report = fixture.recoverTransactions(Duration.ofMillis(1));
    assertEquals(2, report.rolledBack().size(), report.toString());
    assertEquals(0, preparedAnywhere());
    assertEquals(0, follows("node1"));
    assertEquals(0, follows("node2"));
  }

  @Test
  void killedAfterTheDecisionBeforeAnyCommit_anotherDriverInstanceCommitsBoth() throws Exception {
    coordinatorKilledAt("decided", 1);
    assertEquals(0, follows("node1"), "nothing visible before recovery");
    // Another driver instance: its background recovery finds the branches and the COMMIT in the log.
    try (Connection other = DriverManager.getConnection(fixture.url("shardline.instanceName=xacrash-recoverer",
        "shardline.transactions.recoveryIntervalMs=200"))) {
      Await.until(Duration.ofSeconds(30), () -> "the other instance to commit both branches: node1 " + follows("node1") + ", node2 "
          + follows("node2") + ", prepared " + preparedAnywhere(), () -> follows("node1") == 1 && follows("node2") == 1 && preparedAnywhere() == 0);
    } finally {
      ShardlineDriver.shutdown(); // the recovering instance would go on resolving the next tests' branches
    }
  }

  @Test
  void killedAfterOneBranchCommitted_recoveryCommitsTheOther() throws Exception {
    // Branches commit at once: node2's is held before its XA COMMIT, so only node1's is committed at the kill.
    coordinatorKilledAt("committed node1", "committing node2", 2);
    assertEquals(1, follows("node1"), "node1 committed");
    assertEquals(0, follows("node2"));
    // The operator's way: shardline tx status, then shardline tx recover.
    String status = shardline("tx", "status");
    assertTrue(status.contains("prepared branches:") && status.contains("on node2 (decision COMMIT"), status);
    String recovered = shardline("tx", "recover");
    assertTrue(recovered.contains("committed sl:") && recovered.contains("resolved 1 branch(es); 0 left in flight"), recovered);
    assertEquals(1, follows("node2"));
    assertEquals(0, preparedAnywhere());
    assertTrue(shardline("tx", "status").contains("no prepared branch on any node"));
  }

  /** Runs the admin CLI against this fixture's directory; returns its output, failing on a non-zero exit. */
  private static String shardline(String... args) {
    List<String> full = new ArrayList<>(List.of(args));
    full.addAll(List.of("--url", cluster.directoryPrimary().jdbcUrl(fixture.directoryDatabase), "--user", SandboxCluster.APP_USER,
        "--password", SandboxCluster.APP_PASSWORD));
    String[] all = full.toArray(String[]::new);
    java.io.StringWriter out = new java.io.StringWriter();
    int code = ShardlineCommand.commandLine(all).setOut(new java.io.PrintWriter(out)).setErr(new java.io.PrintWriter(out)).execute(all);
    assertEquals(ShardlineCommand.OK, code, out.toString());
    return out.toString();
  }

  @Test
  void aParticipantMasterDiesAfterPrepareAndItsPassiveTakesOver_recoveryCommitsThere() throws Exception {
    SandboxNode node2 = cluster.node("node2");
    SandboxInstance oldMaster = node2.activeMaster();
    SandboxInstance passive = node2.passiveMaster().orElseThrow();
    TwoPhaseSteps.onStep(step -> {
      if (step.equals("prepared")) {
        // The prepared branch is binlogged (MariaDB 10.5+); wait until the passive master holds it, then fail over.
        Await.until(Duration.ofSeconds(20), () -> "node2's passive master to hold the prepared branch", () -> prepared(passive) == 1);
        oldMaster.kill();
        node2.promotePassive();
      }
    });
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      Follows.follow(c, user("node1", 3), user("node2", 3));
      c.commit(); // the decision is COMMIT; node2's branch cannot be committed on the dead master
    } finally {
      TwoPhaseSteps.onStep(null);
    }
    assertEquals(1, follows("node1"));
    assertEquals(passive, node2.activeMaster());
    XaRecovery.Report report = fixture.recoverTransactions(Duration.ofSeconds(60));
    assertEquals(1, report.committed().size(), report.toString());
    assertEquals(1, follows("node2"), "committed on the promoted master");
    assertEquals(0, preparedAnywhere());
  }
}
