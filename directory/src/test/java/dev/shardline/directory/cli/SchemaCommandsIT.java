package dev.shardline.directory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.WithSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code shardline schema diff} and {@code schema copy} against real masters. Each test starts
 * from a fresh directory (node1 and node2, the sandbox's two nodes) and no application database on
 * either master; the tables are made as sandbox_admin, read and copied by a node account with
 * the privileges the docs list. The cluster is this class's own because the last test kills node2's master.
 */
@WithSandbox(nodes = 2, replicasPerNode = 0, dedicated = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SchemaCommandsIT {
  private static final String DB = "dir_it_schema";
  private static final String DIR_USER = "schema_dir";
  private static final String DIR_PASSWORD = "Dir-Schema-S3cret";
  private static final String APP = "quickstart";
  /** A node account with only the privileges docs/directory.md asks for, so the docs are tested too. */
  private static final String NODE_USER = "schema_node";
  private static final String NODE_PASSWORD = "Node-Schema-S3cret";

  private static final String USERS = "CREATE TABLE quickstart.users (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
      + " name VARCHAR(64) NOT NULL, email VARCHAR(128) NULL, KEY idx_name (name)) ENGINE=InnoDB";
  private static final String POSTS = "CREATE TABLE quickstart.posts (id BIGINT NOT NULL PRIMARY KEY,"
      + " user_id BIGINT NOT NULL, body TEXT, KEY idx_user (user_id),"
      + " CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES quickstart.users (id)) ENGINE=InnoDB";
  private static final String VIEW = "CREATE VIEW quickstart.named_users AS SELECT id, name FROM quickstart.users";

  private static SandboxInstance directoryPrimary;
  private static SandboxInstance master1;
  private static SandboxInstance master2;
  private static final StringBuilder everything = new StringBuilder();

  private String out;
  private String err;

  @BeforeAll
  static void createDirectoryUser(SandboxCluster cluster) {
    directoryPrimary = cluster.directoryPrimary();
    master1 = cluster.nodes().get(0).activeMaster();
    master2 = cluster.nodes().get(1).activeMaster();
    directoryPrimary.execute(
        "CREATE USER IF NOT EXISTS '" + DIR_USER + "'@'%' IDENTIFIED BY '" + DIR_PASSWORD + "'",
        "GRANT ALL PRIVILEGES ON " + DB + ".* TO '" + DIR_USER + "'@'%'");
    for (SandboxInstance master : List.of(master1, master2)) {
      master.execute(
          "SET sql_log_bin = 0",
          "CREATE USER IF NOT EXISTS '" + NODE_USER + "'@'%' IDENTIFIED BY '" + NODE_PASSWORD + "'",
          "GRANT SELECT, CREATE, CREATE VIEW, SHOW VIEW, REFERENCES ON " + APP + ".* TO '" + NODE_USER + "'@'%'");
    }
  }

  @BeforeEach
  void freshDirectoryAndNoApplicationDatabase() {
    directoryPrimary.execute("DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB);
    assertEquals(0, shardline("init"), err);
    assertEquals(0, shardline("node", "add", "node1", "--write", master1.address()), err);
    assertEquals(0, shardline("node", "add", "node2", "--write", master2.address()), err);
    master1.execute("DROP DATABASE IF EXISTS " + APP);
    master2.execute("DROP DATABASE IF EXISTS " + APP);
  }

  private int shardline(String... args) {
    List<String> full = new ArrayList<>(List.of(args));
    full.addAll(List.of("--url", directoryPrimary.jdbcUrl(DB), "--user", DIR_USER, "--password", DIR_PASSWORD));
    return run(full);
  }

  /** {@code shardline schema ...} with the database and the node login. */
  private int schema(String... args) {
    List<String> full = new ArrayList<>(List.of("schema"));
    full.addAll(List.of(args));
    full.addAll(List.of("--database", APP, "--node-user", NODE_USER, "--node-password", NODE_PASSWORD));
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
    assertFalse(everything.toString().contains(NODE_PASSWORD), "the node password was printed:\n" + everything);
    return code;
  }

  private static void createAll(SandboxInstance master) {
    master.execute("CREATE DATABASE " + APP, USERS, POSTS, VIEW);
  }

  @Test
  @Order(1)
  void differencesAreReportedInWordsAndJsonThenIdenticalNodesExitZero() {
    createAll(master1);
    master2.execute(
        "CREATE DATABASE " + APP,
        "CREATE TABLE quickstart.users (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32) NOT NULL,"
            + " email VARCHAR(128) NULL, nick VARCHAR(16)) ENGINE=InnoDB");

    assertEquals(ShardlineCommand.DIFFERENCES, schema("diff"), err);
    assertEquals("database quickstart on 2 nodes, compared with node1 (" + master1.address()
        + ") as node user '" + NODE_USER + "'\n"
        + "node2: view named_users is missing\n"
        + "node2: table posts is missing\n"
        + "node2: users.name is varchar(32), node1 has varchar(64)\n"
        + "node2: column users.nick is extra (node1 has no such column)\n"
        + "node2: index users.idx_name is missing\n"
        + "5 differences from node1: node2 has 5\n", out);
    assertEquals("", err);

    assertEquals(ShardlineCommand.DIFFERENCES, schema("diff", "--json"), err);
    assertTrue(out.startsWith("{\n  \"database\": \"quickstart\",\n  \"reference\": \"node1\",\n  \"identical\": false,\n"), out);
    assertTrue(out.contains("{\"name\": \"node1\", \"id\": 1, \"state\": \"ACTIVE\", \"master\": \"" + master1.address()
        + "\", \"database_exists\": true, \"tables\": 3, \"differences\": 0}"), out);
    assertTrue(out.contains("{\"name\": \"node2\", \"id\": 2, \"state\": \"ACTIVE\", \"master\": \"" + master2.address()
        + "\", \"database_exists\": true, \"tables\": 1, \"differences\": 5}"), out);
    for (String difference : List.of(
        "{\"node\": \"node2\", \"table\": \"posts\", \"kind\": \"missing_table\", \"detail\": \"table posts is missing\"}",
        "{\"node\": \"node2\", \"table\": \"users\", \"kind\": \"column_differs\","
            + " \"detail\": \"users.name is varchar(32), node1 has varchar(64)\"}",
        "{\"node\": \"node2\", \"table\": \"users\", \"kind\": \"extra_column\"",
        "{\"node\": \"node2\", \"table\": \"users\", \"kind\": \"missing_index\","
            + " \"detail\": \"index users.idx_name is missing\"}")) {
      assertTrue(out.contains(difference), "no " + difference + " in\n" + out);
    }

    // an OFFLINE node holds no data: it is left out, and the output says so; a DRAINING one holds data and is compared
    assertEquals(0, shardline("node", "set-state", "node2", "OFFLINE"), err);
    assertEquals(ShardlineCommand.OK, schema("diff"), err);
    assertEquals("database quickstart on 1 node, compared with node1 (" + master1.address() + ") as node user '" + NODE_USER
        + "'\nleft out: node2 (OFFLINE, holds no data)\n"
        + "identical: node1 (3 tables and views; no other node to compare with)\n", out);
    assertEquals(ShardlineCommand.OK, schema("diff", "--json"), err);
    assertTrue(out.contains("\"left_out\": [{\"name\": \"node2\", \"id\": 2, \"state\": \"OFFLINE\"}]"), out);
    // nor is an OFFLINE node a source for copy: its schema may be behind
    assertEquals(ShardlineCommand.FAILED, schema("copy", "--from", "node2", "--to", "node1"));
    assertEquals("shardline: node node2 is OFFLINE: it holds no data and schema changes made through the driver skip it,"
        + " so its tables may be out of date; copy from a node that holds data (ACTIVE or DRAINING): node1\n", err);
    assertEquals(0, shardline("node", "drain", "node2"), err);
    assertEquals(ShardlineCommand.DIFFERENCES, schema("diff"), err);
    assertTrue(out.contains("\nnode2: table posts is missing\n") && !out.contains("left out"), out);

    master2.execute(
        "ALTER TABLE quickstart.users MODIFY name VARCHAR(64) NOT NULL, DROP COLUMN nick, ADD KEY idx_name (name)",
        POSTS, VIEW);
    assertEquals(ShardlineCommand.OK, schema("diff"), err);
    assertTrue(out.endsWith("identical: node1, node2 (3 tables and views)\n"), out);
    assertEquals(ShardlineCommand.OK, schema("diff", "--json"), err);
    assertTrue(out.contains("\"identical\": true,") && out.endsWith("\"differences\": []\n}\n"), out);
  }

  @Test
  @Order(2)
  void copyOntoAnEmptyNodeMakesItIdenticalWithoutRows() {
    createAll(master1);
    master1.execute("INSERT INTO quickstart.users (name) VALUES ('ann'), ('bob')",
        "INSERT INTO quickstart.posts (id, user_id, body) VALUES (1, 1, 'hello')");

    assertEquals(ShardlineCommand.DIFFERENCES, schema("diff"), err);
    assertTrue(out.contains("\nnode2: database quickstart is missing\n"), out);

    assertEquals(ShardlineCommand.OK, schema("copy", "--from", "node1", "--to", "node2"), err);
    assertEquals("copying the tables of database quickstart from node1 (" + master1.address() + ") to node2 ("
        + master2.address() + ") as node user '" + NODE_USER + "'; no rows are copied\n"
        + "created database quickstart on node2\n"
        + "created table posts\n"
        + "created table users\n"
        + "created view named_users\n"
        + "done: 2 tables and 1 view created on node2, all empty (rows move with `shardline move`)\n", out);
    assertEquals("", err);
    assertEquals(0L, master2.queryLong("SELECT COUNT(*) FROM quickstart.users"));
    assertEquals(0L, master2.queryLong("SELECT COUNT(*) FROM quickstart.posts"));

    assertEquals(ShardlineCommand.OK, schema("diff"), err);
    assertTrue(out.endsWith("identical: node1, node2 (3 tables and views)\n"), out);

    // the foreign key came along, and the copied tables work (the counter starts afresh)
    master2.execute("INSERT INTO quickstart.users (name) VALUES ('cy')");
    assertEquals("cy", master2.queryValue("SELECT name FROM quickstart.named_users"));
    assertEquals(1L, master2.queryLong("SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS"
        + " WHERE CONSTRAINT_SCHEMA = 'quickstart' AND CONSTRAINT_NAME = 'fk_posts_user'"));

    // again: nothing to do; a table only node2 has is left alone
    master2.execute("CREATE TABLE quickstart.audit (id INT PRIMARY KEY)");
    assertEquals(ShardlineCommand.OK, schema("copy", "--from", "node1", "--to", "node2"), err);
    assertTrue(out.endsWith("nothing to do: node2 has every table of database quickstart that node1 has\n"
        + "left alone: table audit on node2 (node1 has no such table)\n"), out);
  }

  @Test
  @Order(3)
  void copyRefusesATargetWhoseTableDiffersAndCreatesNothing() {
    createAll(master1);
    master2.execute("CREATE DATABASE " + APP,
        "CREATE TABLE quickstart.users (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32) NOT NULL,"
            + " email VARCHAR(128) NULL, KEY idx_name (name)) ENGINE=InnoDB");

    assertEquals(ShardlineCommand.FAILED, schema("copy", "--from", "node1", "--to", "node2"));
    assertEquals("shardline: node node2 already has 1 table of database quickstart that differs from node1's: users"
        + " (users.name is varchar(32), node1 has varchar(64)); schema copy never alters an existing table, so nothing"
        + " was created. Make it identical by hand, or drop it on node2 if empty, and run this again\n", err);
    assertEquals(1L, master2.queryLong(
        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'quickstart'"));

    assertEquals(ShardlineCommand.USAGE, schema("copy", "--from", "node1", "--to", "node1"));
    assertTrue(err.startsWith("shardline: invalid argument: --from and --to both name node node1"), err);
    assertEquals(ShardlineCommand.FAILED, schema("copy", "--from", "node1", "--to", "node9"));
    assertTrue(err.startsWith("shardline: no node named 'node9' in the directory (nodes: node1, node2)"), err);
    assertEquals(ShardlineCommand.FAILED, schema("copy", "--from", "node2", "--to", "node1"));
    assertTrue(err.startsWith("shardline: node node1 already has 1 table"), err);
  }

  @Test
  @Order(4)
  void usageAndAnUnreachableDirectory() {
    assertEquals(ShardlineCommand.USAGE, shardline("schema", "diff"));
    assertTrue(err.startsWith("shardline: Missing required option: '--database=DATABASE'"), err);
    assertEquals(ShardlineCommand.UNAVAILABLE, run(List.of("schema", "diff", "--database", APP,
        "--url", "jdbc:mysql://127.0.0.1:1/" + DB, "--user", DIR_USER, "--password", DIR_PASSWORD)));
    assertTrue(err.startsWith("shardline: directory primary 127.0.0.1:1 cannot be reached"), err);
    assertEquals(ShardlineCommand.FAILED, shardline("schema", "diff", "--database", APP, "--node-user", "nobody",
        "--node-password", "Wrong-Node-Pw"));
    assertTrue(err.startsWith("shardline: node node1: its active master " + master1.address()
        + " refused node user 'nobody' (Access denied for user 'nobody'"), err);
    assertFalse(err.contains("Wrong-Node-Pw"), err);
  }

  @Test
  @Order(5)
  void anUnreachableNodeIsNamedAndExitsThree() {
    createAll(master1);
    createAll(master2);
    master2.kill();

    assertEquals(ShardlineCommand.UNAVAILABLE, schema("diff"));
    assertEquals("", out);
    assertTrue(err.startsWith("shardline: node node2: its active master " + master2.address()
        + " cannot be reached as node user '" + NODE_USER + "' (Communications link failure"), err);
    assertTrue(err.endsWith("Nothing was compared\n"), err);

    assertEquals(ShardlineCommand.UNAVAILABLE, schema("copy", "--from", "node1", "--to", "node2"));
    assertTrue(err.startsWith("shardline: node node2: its active master " + master2.address() + " cannot be reached"), err);
  }
}
