package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.WithSandbox;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every way a user can get it wrong, and the message that tells them. */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadInputIT {
  private final SandboxCluster cluster;
  private final String primary;

  BadInputIT(SandboxCluster cluster) {
    this.cluster = cluster;
    this.primary = cluster.directoryPrimary().address();
  }

  private Directory open(String database) throws DirectoryException {
    return Directory.open(ItSupport.config(cluster, database, "bad-input").build());
  }

  @Test
  void aDatabaseWithoutTheSchemaSaysToRunInit() throws Exception {
    String db = ItSupport.freshDatabase(cluster, "dir_it_noschema");
    DirectorySchemaException e = assertThrows(DirectorySchemaException.class, () -> open(db));
    assertEquals("no Shardline directory schema in database 'dir_it_noschema' on " + primary + "; run `shardline init` to create it",
        e.getMessage());
    assertEquals("42S02", e.getSQLState());
    assertEquals(0, DirectorySchema.version(ItSupport.plain(cluster.directoryPrimary(), db)));
  }

  @Test
  void aSchemaNewerThanTheCodeThatNeedsNewerCodeIsRefusedWithBothVersions() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_newer");
    cluster.directoryPrimary().execute("UPDATE " + db + ".schema_version SET version = 99, compatible_from = 99");
    DirectorySchemaException open = assertThrows(DirectorySchemaException.class, () -> open(db));
    assertEquals("the directory schema in database 'dir_it_newer' on " + primary + " is version 99, newer than this"
        + " Shardline knows (version 3), and needs code of version 99 or later; upgrade Shardline on this host before"
        + " using this directory", open.getMessage());
    DirectorySchemaException migrate =
        assertThrows(DirectorySchemaException.class, () -> DirectorySchema.migrate(ItSupport.plain(cluster.directoryPrimary(), db)));
    assertTrue(migrate.getMessage().contains("is version 99, newer than this Shardline knows (version 3)"), migrate.getMessage());
    assertEquals(99, cluster.directoryPrimary().queryLong("SELECT version FROM " + db + ".schema_version"), "migrate must not touch it");
  }

  @Test
  void aNewerSchemaThatStillAcceptsThisCodeOpensAndMigrateLeavesItAlone() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_newer_ok");
    cluster.directoryPrimary().execute("UPDATE " + db + ".schema_version SET version = 4, compatible_from = 3");
    try (Directory d = open(db)) {
      NodeInfo node = d.registerNode("node1", List.of("127.0.0.1:4000"), List.of(), 1);
      assertEquals(node, d.globalNode().orElseThrow());
    }
    DirectorySchema.migrate(ItSupport.plain(cluster.directoryPrimary(), db));
    assertEquals(4, DirectorySchema.version(ItSupport.plain(cluster.directoryPrimary(), db)));
    assertEquals(3, cluster.directoryPrimary().queryLong("SELECT compatible_from FROM " + db + ".schema_version"));

    cluster.directoryPrimary().execute("UPDATE " + db + ".schema_version SET compatible_from = 4");
    DirectorySchemaException refused = assertThrows(DirectorySchemaException.class, () -> open(db));
    assertTrue(refused.getMessage().contains("is version 4, newer than this Shardline knows (version 3), and needs code of"
        + " version 4 or later"), refused.getMessage());
  }

  @Test
  void migrateIsIdempotentAndCreatesEveryTable() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_migrate");
    MysqlDataSource ds = ItSupport.plain(cluster.directoryPrimary(), db);
    DirectorySchema.migrate(ds);
    DirectorySchema.migrate(ds);
    assertEquals(DirectorySchema.CURRENT_VERSION, DirectorySchema.version(ds));
    assertEquals(1, cluster.directoryPrimary().queryLong("SELECT COUNT(*) FROM " + db + ".schema_version"));
    assertEquals(2, cluster.directoryPrimary().queryLong("SELECT compatible_from FROM " + db + ".schema_version"));
    assertEquals(1, cluster.directoryPrimary().queryLong("SELECT COUNT(*) FROM " + db + ".change_log_head"));
    assertEquals(0, cluster.directoryPrimary().queryLong("SELECT COUNT(*) FROM " + db + ".cluster_settings"),
        "no node, so no global node to pin");
    List<String> tables = cluster.directoryPrimary()
        .query("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = '" + db + "' ORDER BY table_name")
        .stream().map(r -> String.valueOf(r.get("t"))).toList();
    assertEquals(List.of("change_log", "change_log_head", "cluster_settings", "id_blocks", "move_journal", "move_journal_keys",
        "nodes", "schema_version", "shard_keys", "transaction_log"), tables);
  }

  @Test
  void aUrlWithoutADatabaseIsRefused() {
    MysqlDataSource ds = ItSupport.plain(cluster.directoryPrimary(), "");
    DirectorySchemaException e = assertThrows(DirectorySchemaException.class, () -> DirectorySchema.migrate(ds));
    assertEquals("the directory JDBC URL names no database; add it, as in jdbc:mysql://" + primary + "/shardline_directory",
        e.getMessage());
  }

  @Test
  void wrongCredentialsSaySo() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_login");
    MysqlDataSource ds = ItSupport.plain(cluster.directoryPrimary(), db);
    ds.setPassword("wrong-password");
    DirectoryAccessException e =
        assertThrows(DirectoryAccessException.class, () -> Directory.open(DirectoryConfig.builder().primary(ds).build()));
    assertTrue(e.getMessage().startsWith("access denied to the directory on directory primary " + primary + " for user"
        + " 'shardline': Access denied for user 'shardline'"), e.getMessage());
    assertTrue(e.getMessage().endsWith("; check the user and password"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-password"), e.getMessage());
    assertEquals("28000", e.getSQLState());
    assertEquals(DirectoryAccessException.Reason.ACCESS_DENIED, e.reason());
  }

  @Test
  void unknownAndDuplicateNodes() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_nodes_bad");
    try (Directory d = open(db)) {
      d.registerNode("node1", List.of("127.0.0.1:4000"), List.of(), 1);

      DirectoryException duplicate =
          assertThrows(DirectoryException.class, () -> d.registerNode("node1", List.of("127.0.0.1:4001"), List.of(), 1));
      assertEquals("a node named 'node1' already exists (id 1); use updateNode (`shardline node update`) to change its"
          + " endpoints or weight", duplicate.getMessage());
      assertEquals("23000", duplicate.getSQLState());
      assertEquals(1, d.nodes().size());

      String unknown = "no node named 'nodeX' in the directory (nodes: node1); register it first with"
          + " `shardline node add nodeX --write host:port ...`";
      assertEquals(unknown, assertThrows(DirectoryException.class, () -> d.node("nodeX")).getMessage());
      assertEquals(unknown, assertThrows(DirectoryException.class, () -> d.setNodeState("nodeX", NodeState.DRAINING)).getMessage());
      assertEquals(unknown,
          assertThrows(DirectoryException.class, () -> d.updateNode("nodeX", List.of("127.0.0.1:1"), List.of(), 1)).getMessage());
      assertEquals("no node with id 99 in the directory (nodes: [1=node1 ACTIVE])",
          assertThrows(DirectoryException.class, () -> d.node(99)).getMessage());

      assertTrue(assertThrows(IllegalArgumentException.class, () -> d.registerNode("node 2", List.of("127.0.0.1:1"), List.of(), 1))
          .getMessage().startsWith("node name 'node 2' is not valid"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> d.registerNode("node2", List.of("127.0.0.1"), List.of(), 1))
          .getMessage().startsWith("endpoint '127.0.0.1' in write endpoints is not host:port"));
      assertEquals("node weight must be between 1 and 10000, was 0",
          assertThrows(IllegalArgumentException.class, () -> d.registerNode("node2", List.of("127.0.0.1:1"), List.of(), 0)).getMessage());
      assertEquals(1, d.nodes().size(), "refused registrations must not add nodes");
    }
  }

  @Test
  void badKeysNeverReachTheDirectory() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_keys_bad");
    try (Directory d = open(db)) {
      d.registerNode("node1", List.of("127.0.0.1:4000"), List.of(), 1);
      assertTrue(assertThrows(IllegalArgumentException.class, () -> d.findOrAssign(ShardKey.of(null)))
          .getMessage().startsWith("shard key of type null is not supported"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> d.findOrAssign(ShardKey.of("")))
          .getMessage().startsWith("shard key String is empty"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> d.findOrAssign(ShardKey.of(1.5d)))
          .getMessage().startsWith("shard key of type java.lang.Double is not supported; accepted:"));
      assertEquals("key", assertThrows(NullPointerException.class, () -> d.find(null, Access.READ)).getMessage());
      assertEquals(0, cluster.directoryPrimary().queryLong("SELECT COUNT(*) FROM " + db + ".shard_keys"));
    }
  }

  @Test
  void aClosedClientSaysSo() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_closed");
    Directory d = open(db);
    d.close();
    d.close(); // idempotent
    DirectoryException e = assertThrows(DirectoryException.class, () -> d.find(ShardKey.of(1), Access.READ));
    assertEquals("directory client 'bad-input' is closed; open a new one", e.getMessage());
    assertInstanceOf(DirectoryException.class, e);
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("shardline-directory-poller-bad-input") && t.isAlive()), "poller thread leaked");
  }
}
