package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.WithSandbox;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A directory of schema version 1 against this code: refused until migrated; the migration pins the global node. */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SchemaVersionIT {
  private final SandboxCluster cluster;
  private final SandboxInstance primary;

  SchemaVersionIT(SandboxCluster cluster) {
    this.cluster = cluster;
    this.primary = cluster.directoryPrimary();
  }

  private Directory open(String database) throws DirectoryException {
    return Directory.open(ItSupport.config(cluster, database, "schema-version").build());
  }

  /** Makes a current directory what migration 1 left: no settings table, no compatible_from, version 1. */
  private void backToVersion1(String db) {
    primary.execute(
        "DROP TABLE " + db + ".cluster_settings",
        "ALTER TABLE " + db + ".schema_version DROP COLUMN compatible_from",
        "UPDATE " + db + ".schema_version SET version = 1");
  }

  private void registerNodes(String db, String... names) throws DirectoryException {
    try (Directory d = open(db)) {
      for (int i = 0; i < names.length; i++) {
        d.registerNode(names[i], List.of("127.0.0.1:" + (4000 + i)), List.of(), 1);
      }
    }
  }

  @Test
  void aVersion1DirectoryIsRefusedUntilMigratedAndTheMigrationPinsTheLowestNodeThatHoldsData() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_v1");
    registerNodes(db, "node1", "node2", "node3");
    primary.execute(
        "UPDATE " + db + ".nodes SET state = 'OFFLINE' WHERE name = 'node1'",
        "UPDATE " + db + ".nodes SET state = 'DRAINING' WHERE name = 'node2'");
    backToVersion1(db);
    MysqlDataSource ds = ItSupport.plain(primary, db);
    assertEquals(1, DirectorySchema.version(ds));

    DirectorySchemaException old = assertThrows(DirectorySchemaException.class, () -> open(db));
    assertEquals("the directory schema in database 'dir_it_v1' on " + primary.address() + " is version 1, older than this"
        + " Shardline needs (version 2 or later); run `shardline migrate`", old.getMessage());

    DirectorySchema.migrate(ds);
    assertEquals(3, DirectorySchema.version(ds));
    assertEquals(2, primary.queryLong("SELECT compatible_from FROM " + db + ".schema_version"));
    assertEquals(0, primary.queryLong("SELECT COUNT(*) FROM " + db + ".transaction_log"), "version 3 adds the transaction log");
    // node2 is DRAINING: it still holds data (and, being the lowest such node, the global tables)
    assertEquals("2", primary.queryValue("SELECT `value` FROM " + db + ".cluster_settings WHERE name = 'global_node'"));
    try (Directory d = open(db)) {
      assertEquals("node2", d.globalNode().orElseThrow().name());
      assertEquals(List.of("node2", "node3"), d.dataNodes().stream().map(NodeInfo::name).toList());
    }
  }

  @Test
  void migratingADirectoryWhoseNodesAreAllOfflinePinsTheLowestIdNode() throws Exception {
    String db = ItSupport.migratedDatabase(cluster, "dir_it_v1_offline");
    registerNodes(db, "node1", "node2");
    primary.execute("UPDATE " + db + ".nodes SET state = 'OFFLINE'");
    backToVersion1(db);
    DirectorySchema.migrate(ItSupport.plain(primary, db));
    try (Directory d = open(db)) {
      assertEquals("node1", d.globalNode().orElseThrow().name());
      assertEquals(List.of(), d.dataNodes());
    }
  }
}
