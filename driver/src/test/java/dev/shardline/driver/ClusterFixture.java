package dev.shardline.driver;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryConfig;
import dev.shardline.directory.DirectorySchema;
import dev.shardline.directory.NodeState;
import dev.shardline.directory.xa.XaRecovery;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Prepares a sandbox cluster for the driver: a directory database with the schema and every
 * sandbox node registered, and an empty application database on every node. Each test class uses
 * its own names, so classes sharing one cluster do not see each other's data.
 */
final class ClusterFixture {
  final SandboxCluster cluster;
  final String directoryDatabase;
  final String appDatabase;

  private ClusterFixture(SandboxCluster cluster, String name) {
    this.cluster = cluster;
    this.directoryDatabase = name + "_dir";
    this.appDatabase = name + "_app";
  }

  static ClusterFixture prepare(SandboxCluster cluster, String name) throws Exception {
    return prepare(cluster, name, false);
  }

  /** With {@code throughVips}, nodes are registered by their HAProxy VIPs instead of their servers. */
  static ClusterFixture prepare(SandboxCluster cluster, String name, boolean throughVips) throws Exception {
    ClusterFixture fixture = new ClusterFixture(cluster, name);
    cluster.directoryPrimary().execute(
        "DROP DATABASE IF EXISTS " + fixture.directoryDatabase, "CREATE DATABASE " + fixture.directoryDatabase);
    MysqlDataSource directory = new MysqlDataSource();
    directory.setUrl(cluster.directoryPrimary().jdbcUrl(fixture.directoryDatabase));
    directory.setUser(SandboxCluster.APP_USER);
    directory.setPassword(SandboxCluster.APP_PASSWORD);
    DirectorySchema.migrate(directory);
    try (Directory client = Directory.open(DirectoryConfig.builder().primary(directory).build())) {
      for (SandboxNode node : cluster.nodes()) {
        if (throughVips) {
          client.registerNode(node.name(), List.of(node.writeVip().orElseThrow().address()), List.of(node.readVip().orElseThrow().address()), 1);
        } else {
          client.registerNode(node.name(), List.of(node.writeEndpoints().split(",")), List.of(node.readEndpoints().split(",")), 1);
        }
      }
    }
    for (SandboxNode node : cluster.nodes()) {
      node.activeMaster().execute("DROP DATABASE IF EXISTS " + fixture.appDatabase, "CREATE DATABASE " + fixture.appDatabase);
    }
    cluster.awaitReplication(java.time.Duration.ofSeconds(10));
    return fixture;
  }

  /** Sets a node's state in this fixture's directory, as `shardline node set-state` does. */
  static void setNodeState(ClusterFixture fixture, String node, String state) throws Exception {
    try (Directory client = Directory.open(DirectoryConfig.builder().primary(fixture.directoryDataSource()).build())) {
      client.setNodeState(node, NodeState.valueOf(state));
    }
  }

  /** Pins the global node in this fixture's directory, as `shardline node set-global` does. */
  static void pinGlobalNode(ClusterFixture fixture, String node) throws Exception {
    try (Directory client = Directory.open(DirectoryConfig.builder().primary(fixture.directoryDataSource()).build())) {
      client.setGlobalNode(node);
    }
  }

  MysqlDataSource directoryDataSource() {
    MysqlDataSource directory = new MysqlDataSource();
    directory.setUrl(cluster.directoryPrimary().jdbcUrl(directoryDatabase));
    directory.setUser(SandboxCluster.APP_USER);
    directory.setPassword(SandboxCluster.APP_PASSWORD);
    return directory;
  }

  /**
   * One pass of two-phase recovery as another process would run it (its own directory client, the
   * nodes' active masters as the application user): what {@code shardline tx recover} does.
   */
  XaRecovery.Report recoverTransactions(Duration presumedAbortAfter) throws Exception {
    try (Directory client = Directory.open(DirectoryConfig.builder().primary(directoryDataSource()).build())) {
      return new XaRecovery(client, node -> cluster.node(node.name()).activeMaster().connect(), presumedAbortAfter, "test recovery").recover();
    }
  }

  /** The node {@code key} of sharded {@code table} lives on, as the driver routes it. */
  static String nodeOf(Connection c, String table, long key) throws SQLException {
    return c.unwrap(ShardlineConnection.class).explain("SELECT 1 FROM " + table + " WHERE user_id = ?", key).targets().get(0).node();
  }

  /** A Shardline URL for this fixture, with extra {@code name=value} properties. */
  String url(String... properties) {
    StringBuilder url = new StringBuilder("jdbc:shardline://")
        .append(cluster.directoryPrimary().address());
    cluster.directoryReplica().ifPresent(r -> url.append(',').append(r.address()));
    url.append('/').append(directoryDatabase)
        .append("?user=").append(SandboxCluster.APP_USER)
        .append("&password=").append(SandboxCluster.APP_PASSWORD)
        .append("&shardline.database=").append(appDatabase)
        .append("&sslMode=DISABLED");
    for (String property : properties) {
      url.append('&').append(property);
    }
    return url.toString();
  }
}
