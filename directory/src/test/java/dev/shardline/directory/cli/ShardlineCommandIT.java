package dev.shardline.directory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code shardline} command, run in-process against a real directory. */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ShardlineCommandIT {
  private static final String DB = "dir_it_cli";
  private static final String USER = "cli_it";
  /** Its own user, so the test can check that the password never shows up in any output. */
  private static final String PASSWORD = "Cli-It-S3cret-pw";

  private static SandboxInstance primary;
  private static final StringBuilder everything = new StringBuilder();

  private String out;
  private String err;

  @BeforeAll
  static void createDatabaseAndUser(SandboxCluster cluster) {
    primary = cluster.directoryPrimary();
    primary.execute(
        "DROP DATABASE IF EXISTS " + DB,
        "CREATE DATABASE " + DB,
        "DROP DATABASE IF EXISTS dir_it_cli_empty",
        "CREATE DATABASE dir_it_cli_empty",
        "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
        "GRANT ALL PRIVILEGES ON " + DB + ".* TO '" + USER + "'@'%'",
        "GRANT ALL PRIVILEGES ON dir_it_cli_empty.* TO '" + USER + "'@'%'");
  }

  private int run(String... args) {
    List<String> full = new ArrayList<>(List.of(args));
    return runRaw(full.toArray(String[]::new));
  }

  private int shardline(String database, String... args) {
    List<String> full = new ArrayList<>(List.of(args));
    full.addAll(List.of("--url", primary.jdbcUrl(database), "--user", USER, "--password", PASSWORD));
    return runRaw(full.toArray(String[]::new));
  }

  private int runRaw(String[] args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = ShardlineCommand.commandLine(args).setOut(new PrintWriter(o)).setErr(new PrintWriter(e)).execute(args);
    out = o.toString();
    err = e.toString();
    everything.append(out).append(err);
    assertFalse(everything.toString().contains(PASSWORD), "the password was printed:\n" + everything);
    return code;
  }

  @Test
  void initAddListDrainAndCount(SandboxCluster cluster) {
    assertEquals(0, shardline(DB, "init"), err);
    assertEquals("directory schema migrated from version 0 to 3\n", out);
    assertEquals(0, shardline(DB, "migrate"), err);
    assertEquals("directory schema is at version 3; nothing to do\n", out);

    SandboxNode node1 = cluster.nodes().get(0);
    SandboxNode node2 = cluster.nodes().get(1);
    assertEquals(0, shardline(DB, "node", "add", "node1", "--write", node1.writeEndpoints(), "--read", node1.readEndpoints(), "--weight", "2"), err);
    assertEquals("node node1 (id 1): ACTIVE, weight 2, write " + node1.writeEndpoints() + ", read " + node1.readEndpoints() + "\n"
        + "node node1 is the global node (it holds the global tables)\n", out);
    assertEquals(0, shardline(DB, "node", "add", "node2", "--write", node2.writeEndpoints()), err);
    assertTrue(out.contains("node node2 (id 2): ACTIVE, weight 1"), out);
    assertFalse(out.contains("global"), out);

    assertEquals(ShardlineCommand.FAILED, shardline(DB, "node", "add", "node1", "--write", "127.0.0.1:1"));
    assertEquals("shardline: a node named 'node1' already exists (id 1); use updateNode (`shardline node update`) to change its"
        + " endpoints or weight\n", err);

    assertEquals(0, shardline(DB, "node", "list"), err);
    String[] lines = out.split("\n");
    assertEquals(3, lines.length, out);
    assertTrue(lines[0].matches("ID +NAME +STATE +GLOBAL +WEIGHT +KEYS +WRITE +READ"), lines[0]);
    assertTrue(lines[1].matches("1 +node1 +ACTIVE +yes +2 +0 +" + node1.writeEndpoints() + " +" + node1.readEndpoints()), lines[1]);
    assertTrue(lines[2].matches("2 +node2 +ACTIVE +no +1 +0 +" + node2.writeEndpoints() + " +-"), lines[2]);

    assertEquals(0, shardline(DB, "node", "drain", "node1"), err);
    assertTrue(out.startsWith("node node1 (id 1): DRAINING"), out);
    assertEquals(0, shardline(DB, "node", "list"), err);
    assertTrue(out.split("\n")[1].matches("1 +node1 +DRAINING +yes .*"), "draining does not move the global node:\n" + out);
    assertEquals("DRAINING", primary.queryValue("SELECT state FROM " + DB + ".nodes WHERE name = 'node1'"));
    assertEquals(0, shardline(DB, "node", "set-state", "node1", "active"), err);
    assertTrue(out.startsWith("node node1 (id 1): ACTIVE"), out);
    assertEquals(0, shardline(DB, "node", "update", "node2", "--write", "127.0.0.1:7000,127.0.0.1:7001", "--weight", "3"), err);
    assertEquals("node node2 (id 2): ACTIVE, weight 3, write 127.0.0.1:7000,127.0.0.1:7001, read -\n", out);

    primary.execute(
        "INSERT INTO " + DB + ".shard_keys (key_text, node_id, state, version) VALUES ('a', 1, 'ACTIVE', 1), ('b', 1, 'ACTIVE', 1)",
        "UPDATE " + DB + ".nodes SET key_count = 2 WHERE id = 1");
    assertEquals(0, shardline(DB, "keys", "count"), err);
    assertTrue(out.matches("(?s)NODE +KEYS\nnode1 +2\nnode2 +0\nTOTAL +2\n"), out);

    assertEquals(0, shardline(DB, "node", "list", "--json"), err);
    assertEquals("{\n  \"global_node\": \"node1\",\n  \"nodes\": [\n"
        + "    {\"id\": 1, \"name\": \"node1\", \"state\": \"ACTIVE\", \"global\": true, \"weight\": 2, \"keys\": 2,"
        + " \"write\": [" + quoted(node1.writeEndpoints()) + "], \"read\": [" + quoted(node1.readEndpoints()) + "]},\n"
        + "    {\"id\": 2, \"name\": \"node2\", \"state\": \"ACTIVE\", \"global\": false, \"weight\": 3, \"keys\": 0,"
        + " \"write\": [\"127.0.0.1:7000\", \"127.0.0.1:7001\"], \"read\": []}\n  ]\n}\n", out);

    assertEquals(ShardlineCommand.FAILED, shardline(DB, "node", "drain", "node9"));
    assertTrue(err.startsWith("shardline: no node named 'node9' in the directory (nodes: node1, node2)"), err);
    assertEquals(ShardlineCommand.USAGE, shardline(DB, "node", "add", "node3", "--write", "not-an-endpoint"));
    assertTrue(err.startsWith("shardline: invalid argument: endpoint 'not-an-endpoint' in write endpoints is not host:port"), err);
  }

  private static String quoted(String commaSeparated) {
    return String.join(", ", java.util.Arrays.stream(commaSeparated.split(",")).map(e -> "\"" + e + "\"").toList());
  }

  @Test
  void setGlobalMovesTheGlobalNodeAndTheGlobalNodeCannotGoOffline(SandboxCluster cluster) {
    String db = "dir_it_cli_global";
    primary.execute("DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db,
        "GRANT ALL PRIVILEGES ON " + db + ".* TO '" + USER + "'@'%'");
    assertEquals(0, shardline(db, "init"), err);
    assertEquals(0, shardline(db, "node", "add", "node1", "--write", "127.0.0.1:7100"), err);
    assertEquals(0, shardline(db, "node", "add", "node2", "--write", "127.0.0.1:7200"), err);

    assertEquals(ShardlineCommand.FAILED, shardline(db, "node", "set-state", "node1", "OFFLINE"));
    assertEquals("shardline: cannot set node1 OFFLINE: node1 is the global node (it holds the global tables); pin another"
        + " with `shardline node set-global NAME` after copying the global tables to it\n", err);

    assertEquals(0, shardline(db, "node", "set-global", "node2"), err);
    assertEquals("node node2 (id 2) is now the global node (was node1); drivers follow within their poll interval\n", out);
    assertEquals(0, shardline(db, "node", "set-global", "node2"), err);
    assertEquals("node node2 is already the global node; nothing to do\n", out);
    assertEquals(0, shardline(db, "node", "list"), err);
    assertTrue(out.split("\n")[1].matches("1 +node1 +ACTIVE +no .*") && out.split("\n")[2].matches("2 +node2 +ACTIVE +yes .*"), out);
    assertEquals(0, shardline(db, "node", "set-state", "node1", "OFFLINE"), err);
    assertEquals(ShardlineCommand.FAILED, shardline(db, "node", "set-global", "node1"));
    assertTrue(err.startsWith("shardline: node node1 is OFFLINE and holds no data, so it cannot be the global node"), err);

    assertEquals(ShardlineCommand.OK, shardline(db, "node", "set-global", "--help"));
    assertTrue(out.replaceAll("\\s+", " ").contains("Copy the global tables' rows to NAME first: this command changes only"
        + " the directory, it copies no data."), out);
  }

  @Test
  void initCreatesAMissingDatabaseAndMigrateDoesNot() {
    String db = "dir_it_cli_created";
    primary.execute("DROP DATABASE IF EXISTS " + db, "GRANT ALL PRIVILEGES ON " + db + ".* TO '" + USER + "'@'%'");
    assertEquals(ShardlineCommand.FAILED, shardline(db, "migrate"));
    assertEquals("shardline: the directory database '" + db + "' does not exist on directory primary " + primary.address()
        + ": Unknown database '" + db + "'; create it with `shardline init`, or correct the database name in the JDBC URL\n", err);
    assertEquals(0, shardline(db, "init"), err);
    assertEquals("created database " + db + " on " + primary.address() + "\ndirectory schema migrated from version 0 to 3\n", out);
    assertEquals(0, shardline(db, "init"), err);
    assertEquals("directory schema is at version 3; nothing to do\n", out);
  }

  @Test
  void initWithoutThePrivilegeToCreateTheDatabaseSaysWhatAnAdminMustRun() {
    String db = "dir_it_cli_forbidden";
    primary.execute("DROP DATABASE IF EXISTS " + db);
    assertEquals(ShardlineCommand.FAILED, shardline(db, "init"));
    String prefix = "shardline: '" + USER + "'@'%' may not use or create the directory database '" + db + "' on "
        + primary.address() + " (Access denied for user '" + USER + "'@'%' to database '" + db + "'). As an admin, run: ";
    assertTrue(err.startsWith(prefix), err);
    String advice = err.substring(prefix.length(), err.indexOf("; then run `shardline init` again"));
    assertEquals("CREATE DATABASE IF NOT EXISTS `" + db + "`; GRANT SELECT, INSERT, UPDATE, CREATE, ALTER, INDEX, REFERENCES"
        + " ON `" + db + "`.* TO '" + USER + "'@'%'", advice);
    primary.execute(advice.split("; "));  // the advice, as an admin would run it
    assertEquals(0, shardline(db, "init"), err);
    assertEquals("directory schema migrated from version 0 to 3\n", out);
    assertEquals(ShardlineCommand.USAGE, shardline("dir-it-cli-dashed", "init"));
    assertTrue(err.startsWith("shardline: invalid argument: the database 'dir-it-cli-dashed' in --url is not a plain identifier"),
        err);
  }

  @Test
  void aDatabaseWithoutSchemaExitsWithTheSchemaCode() {
    assertEquals(ShardlineCommand.SCHEMA, shardline("dir_it_cli_empty", "node", "list"));
    assertEquals("shardline: no Shardline directory schema in database 'dir_it_cli_empty' on " + primary.address()
        + "; run `shardline init` to create it\n", err);
  }

  @Test
  void anUnreachableDirectoryExitsWithTheUnavailableCode() {
    assertEquals(ShardlineCommand.UNAVAILABLE,
        run("node", "list", "--url", "jdbc:mysql://127.0.0.1:1/" + DB, "--user", USER, "--password", PASSWORD));
    assertTrue(err.startsWith("shardline: directory primary 127.0.0.1:1 cannot be reached (Communications link failure)"), err);
  }

  @Test
  void aWrongPasswordIsAFailureThatDoesNotEchoIt() {
    String wrong = "Not-The-Pw-" + PASSWORD.length();
    assertEquals(ShardlineCommand.FAILED,
        run("node", "list", "--url", primary.jdbcUrl(DB), "--user", USER, "--password", wrong));
    assertTrue(err.startsWith("shardline: access denied to the directory on directory primary " + primary.address()
        + " for user '" + USER + "': Access denied for user '" + USER + "'"), err);
    assertTrue(err.endsWith("; check the user and password\n"), err);
    assertFalse(err.contains(wrong), err);
  }
}
