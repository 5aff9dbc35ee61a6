package dev.shardline.directory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.shardline.directory.ChangeLogEntry;
import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryConfig;
import dev.shardline.directory.DirectoryException;
import dev.shardline.sandbox.Await;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code shardline promote} against real masters: a live master is fenced, a killed one is passed
 * over, and the directory lists the new master first. Each test registers its node in a fresh
 * directory database. The cluster is this class's own because the tests flip read_only and kill the
 * master; the kill runs last. After a promotion the sandbox object still calls the old master
 * active; the tests use addresses and {@code @@read_only}, never {@code promotePassive()}.
 */
@WithSandbox(nodes = 1, replicasPerNode = 1, dedicated = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PromoteCommandIT {
  private static final String DB = "dir_it_promote";
  private static final String DIR_USER = "promote_dir";
  private static final String DIR_PASSWORD = "Dir-Promote-S3cret";
  /** An admin with only the privileges docs/directory.md asks for, so the docs are tested too. */
  private static final String ADMIN_USER = "promote_admin";
  private static final String ADMIN_PASSWORD = "Adm-Promote-S3cret";

  private static SandboxInstance directoryPrimary;
  private static SandboxInstance master;
  private static SandboxInstance passive;
  private static final StringBuilder everything = new StringBuilder();

  private String out;
  private String err;

  @BeforeAll
  static void createUsers(SandboxCluster cluster) {
    directoryPrimary = cluster.directoryPrimary();
    SandboxNode node = cluster.nodes().get(0);
    master = node.activeMaster();
    passive = node.passiveMaster().orElseThrow();
    directoryPrimary.execute(
        "CREATE USER IF NOT EXISTS '" + DIR_USER + "'@'%' IDENTIFIED BY '" + DIR_PASSWORD + "'",
        "GRANT ALL PRIVILEGES ON " + DB + ".* TO '" + DIR_USER + "'@'%'");
    for (SandboxInstance m : List.of(master, passive)) {
      // Not replicated, as the sandbox's own accounts: each master gets it once.
      m.execute(
          "SET sql_log_bin = 0",
          "CREATE USER IF NOT EXISTS '" + ADMIN_USER + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "'",
          "GRANT READ_ONLY ADMIN, SLAVE MONITOR ON *.* TO '" + ADMIN_USER + "'@'%'");
    }
    master.execute(
        "CREATE DATABASE IF NOT EXISTS promote_app",
        "CREATE TABLE IF NOT EXISTS promote_app.t (id INT PRIMARY KEY, v VARCHAR(32))");
  }

  /**
   * A fresh directory with node1 (the sandbox's masters, active first) and the given extra nodes,
   * and the masters as the sandbox started them, whatever the tests before did.
   */
  private void freshDirectory(String... extraNodes) {
    passive.setReadOnly(true);
    master.setReadOnly(false);
    directoryPrimary.execute("DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB);
    assertEquals(0, shardline("init"), err);
    assertEquals(0, shardline("node", "add", "node1", "--write", master.address() + "," + passive.address()), err);
    for (int i = 0; i < extraNodes.length; i += 2) {
      assertEquals(0, shardline("node", "add", extraNodes[i], "--write", extraNodes[i + 1]), err);
    }
  }

  private int shardline(String... args) {
    List<String> full = new ArrayList<>(List.of(args));
    full.addAll(List.of("--url", directoryPrimary.jdbcUrl(DB), "--user", DIR_USER, "--password", DIR_PASSWORD));
    return run(full);
  }

  private int promote(String... args) {
    List<String> full = new ArrayList<>(List.of("promote"));
    full.addAll(List.of(args));
    full.addAll(List.of("--admin-user", ADMIN_USER, "--admin-password", ADMIN_PASSWORD));
    return shardline(full.toArray(String[]::new));
  }

  private int run(List<String> argList) {
    String[] args = argList.toArray(String[]::new);
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = ShardlineCommand.commandLine(args).setOut(new PrintWriter(o)).setErr(new PrintWriter(e)).execute(args);
    out = o.toString();
    err = e.toString();
    everything.append(out).append(err);
    assertFalse(everything.toString().contains(DIR_PASSWORD), "the directory password was printed:\n" + everything);
    assertFalse(everything.toString().contains(ADMIN_PASSWORD), "the admin password was printed:\n" + everything);
    return code;
  }

  private String writeEndpointsInDirectory() {
    return (String) directoryPrimary.queryValue("SELECT write_endpoints FROM " + DB + ".nodes WHERE name = 'node1'");
  }

  private static long readOnly(SandboxInstance instance) {
    return instance.queryLong("SELECT @@GLOBAL.read_only");
  }

  /** Writes as the application user, who is stopped by read_only: proof the server takes writes. */
  private static void insertAsApp(SandboxInstance instance, int id, String value) throws Exception {
    try (Connection c = instance.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO promote_app.t (id, v) VALUES (" + id + ", '" + value + "')");
    }
  }

  @Test
  @Order(1)
  void refusesWhatItCannotDoAndChangesNothing() {
    freshDirectory("single", master.address(), "ghost", master.address() + ",127.0.0.1:1");

    assertEquals(ShardlineCommand.FAILED, promote("node9"));
    assertTrue(err.startsWith("shardline: no node named 'node9' in the directory (nodes: node1, single, ghost)"), err);

    assertEquals(ShardlineCommand.USAGE, promote("node1", "--to", "127.0.0.1:2"));
    assertEquals("shardline: invalid argument: --to 127.0.0.1:2 is not a write endpoint of node node1 (its write endpoints: "
        + master.address() + "," + passive.address() + "); give one of them, written as the directory lists it\n", err);

    assertEquals(ShardlineCommand.FAILED, promote("single"));
    assertTrue(err.startsWith("shardline: node single has a single write endpoint (" + master.address()
        + "), so there is no other master to promote"), err);

    assertEquals(ShardlineCommand.OK, promote("node1", "--to", master.address()));
    assertEquals("node node1: " + master.address() + " is already its active master; nothing to do\n", out);

    // the target is checked before the old master is touched
    assertEquals(ShardlineCommand.FAILED, promote("ghost"));
    assertTrue(err.startsWith("shardline: cannot reach the target 127.0.0.1:1 of node ghost as admin user '" + ADMIN_USER
        + "' (Communications link failure); nothing was changed"), err);

    assertEquals(ShardlineCommand.USAGE, promote("node1", "--catch-up-timeout", "soon"));
    assertTrue(err.contains("'soon' is not a duration; write it as 500ms, 10s or 2m"), err);

    assertEquals(0, readOnly(master));
    assertEquals(1, readOnly(passive));
    assertEquals(master.address() + "," + passive.address(), writeEndpointsInDirectory());
  }

  @Test
  @Order(2)
  void aLiveMasterIsFencedAndTheTargetCatchesUpAndTakesOver() throws Exception {
    freshDirectory();
    insertAsApp(master, 1, "before the promotion");
    MysqlDataSource dirSource = new MysqlDataSource();
    dirSource.setUrl(directoryPrimary.jdbcUrl(DB));
    dirSource.setUser(DIR_USER);
    dirSource.setPassword(DIR_PASSWORD);
    try (Directory client = Directory.open(DirectoryConfig.builder().primary(dirSource)
        .pollInterval(Duration.ofMillis(100)).writeLease(Duration.ofMillis(600)).instanceName("promote-it").build())) {
      assertEquals(List.of(master.address(), passive.address()), client.node("node1").writeEndpoints());

      assertEquals(ShardlineCommand.OK, promote("node1"), err);
      String[] lines = out.split("\n");
      assertEquals(5, lines.length, out);
      assertEquals("node node1: promoting " + passive.address() + " over " + master.address() + " (as admin user '"
          + ADMIN_USER + "')", lines[0]);
      assertTrue(lines[1].startsWith("fenced: old master " + master.address() + " has read_only = ON, GTID position "), out);
      assertTrue(lines[2].startsWith("caught up: " + passive.address() + " applied GTID position "), out);
      assertEquals("writable: " + passive.address() + " has read_only = OFF", lines[3]);
      assertEquals("directory updated: node node1 write " + passive.address() + "," + master.address()
          + " (drivers follow within their poll interval)", lines[4]);
      assertEquals("", err);

      assertEquals(1, readOnly(master));
      assertEquals(0, readOnly(passive));
      assertEquals(passive.address() + "," + master.address(), writeEndpointsInDirectory());
      assertEquals("before the promotion", passive.queryValue("SELECT v FROM promote_app.t WHERE id = 1"));
      // a client that was running sees the new order through the change log
      List<ChangeLogEntry> changes = client.changesSince(0, 100);
      ChangeLogEntry last = changes.get(changes.size() - 1);
      assertEquals("NODE", last.kind());
      assertEquals("node1", last.subject());
      Await.until(Duration.ofSeconds(5), () -> "the client to list " + passive.address() + " first; it still lists " + node1WriteEndpoints(client),
          () -> node1WriteEndpoints(client).get(0).equals(passive.address()));
    }

    // the promoted master takes writes; the fenced one does not
    insertAsApp(passive, 2, "on the promoted master");
    Exception refused = assertThrows(Exception.class, () -> insertAsApp(master, 3, "x"));
    assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());

    // and back again with --to: the old master catches up with the new one's writes
    assertEquals(ShardlineCommand.OK, promote("node1", "--to", master.address()), err);
    assertTrue(out.contains("fenced: old master " + passive.address() + " has read_only = ON"), out);
    assertEquals(0, readOnly(master));
    assertEquals(1, readOnly(passive));
    assertEquals(master.address() + "," + passive.address(), writeEndpointsInDirectory());
    assertEquals("on the promoted master", master.queryValue("SELECT v FROM promote_app.t WHERE id = 2"));
  }

  @Test
  @Order(3)
  void aTargetThatCannotCatchUpInTimeIsNotPromotedAndTheRetryIsSafe() throws Exception {
    freshDirectory();
    passive.pauseReplication();
    try {
      // semi-synchronous: the passive master receives it (and acknowledges) but does not apply it
      insertAsApp(master, 20, "not applied yet");
      assertEquals(ShardlineCommand.FAILED, promote("node1", "--catch-up-timeout", "300ms"));
      assertTrue(out.contains("fenced: old master " + master.address() + " has read_only = ON"), out);
      assertTrue(err.startsWith("shardline: target " + passive.address() + " of node node1 did not apply old master "
          + master.address() + "'s GTID position "), err);
      assertTrue(err.contains(" within 300ms (replicating from " + master.address() + ", IO thread Yes, SQL thread No); nothing"
          + " more was changed: old master " + master.address() + " is left read-only and " + passive.address()
          + " was not made writable."), err);
      assertEquals(1, readOnly(master));
      assertEquals(1, readOnly(passive));
      assertEquals(master.address() + "," + passive.address(), writeEndpointsInDirectory());
    } finally {
      passive.resumeReplication();
    }

    assertEquals(ShardlineCommand.OK, promote("node1"), err);
    assertEquals(0, readOnly(passive));
    assertEquals("not applied yet", passive.queryValue("SELECT v FROM promote_app.t WHERE id = 20"));
    assertEquals(passive.address() + "," + master.address(), writeEndpointsInDirectory());
  }

  @Test
  @Order(4)
  void aKilledMasterIsPassedOverAndItsAcknowledgedWritesSurvive() throws Exception {
    freshDirectory();
    // semi-synchronous between the masters: once this returns, the passive master has received it
    insertAsApp(master, 10, "acknowledged before the kill");
    master.kill();

    assertEquals(ShardlineCommand.OK, promote("node1"), err);
    String[] lines = out.split("\n");
    assertEquals(5, lines.length, out);
    assertTrue(lines[1].startsWith("unreachable: old master " + master.address() + " did not answer within 1s ("), out);
    assertTrue(lines[1].endsWith("); taking it for dead, not fenced"), out);
    assertTrue(lines[2].startsWith("caught up: " + passive.address() + " applied its relay log up to "), out);
    assertEquals("writable: " + passive.address() + " has read_only = OFF", lines[3]);
    assertEquals("directory updated: node node1 write " + passive.address() + "," + master.address()
        + " (drivers follow within their poll interval)", lines[4]);

    assertEquals(0, readOnly(passive));
    assertEquals("acknowledged before the kill", passive.queryValue("SELECT v FROM promote_app.t WHERE id = 10"));
    assertEquals(passive.address() + "," + master.address(), writeEndpointsInDirectory());
    insertAsApp(passive, 11, "after the failover");
  }

  /** node1's write endpoints as {@code client} sees them, for a wait's condition (which cannot throw a checked exception). */
  private static List<String> node1WriteEndpoints(Directory client) {
    try {
      return client.node("node1").writeEndpoints();
    } catch (DirectoryException e) {
      throw new AssertionError("node1 from the client: " + e.getMessage(), e);
    }
  }
}
