package dev.shardline.bench.driver;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryConfig;
import dev.shardline.directory.DirectorySchema;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A sandbox cluster (by default two nodes with one replica each; every node with a passive master),
 * a directory with every node, and a users table of {@link #USERS} rows written through Shardline:
 * what the driver benchmarks run on.
 */
final class BenchCluster implements AutoCloseable {
  static final int USERS = 1_000;
  private static final String DIRECTORY_DB = "bench_dir";
  static final String APP_DB = "bench_app";

  final SandboxCluster cluster;
  final String url;

  private BenchCluster(SandboxCluster cluster, String url) {
    this.cluster = cluster;
    this.url = url;
  }

  /** Two nodes with one replica each. */
  static BenchCluster start(String name) throws SQLException {
    return start(name, 2, 1);
  }

  /** {@code nodes} nodes, each an active master, a passive master and {@code replicasPerNode} replicas. */
  static BenchCluster start(String name, int nodes, int replicasPerNode) throws SQLException {
    SandboxCluster cluster = SandboxCluster.builder()
        .nodes(nodes)
        .replicasPerNode(replicasPerNode)
        .dataRoot(Path.of("target", "shardline-sandbox", name))
        .start();
    try {
      cluster.directoryPrimary().execute("CREATE DATABASE " + DIRECTORY_DB);
      MysqlDataSource directoryDb = new MysqlDataSource();
      directoryDb.setUrl(cluster.directoryPrimary().jdbcUrl(DIRECTORY_DB));
      directoryDb.setUser(SandboxCluster.APP_USER);
      directoryDb.setPassword(SandboxCluster.APP_PASSWORD);
      DirectorySchema.migrate(directoryDb);
      try (Directory directory = Directory.open(DirectoryConfig.builder().primary(directoryDb).build())) {
        for (SandboxNode node : cluster.nodes()) {
          directory.registerNode(node.name(), List.of(node.writeEndpoints().split(",")), List.of(node.readEndpoints().split(",")), 1);
          node.activeMaster().execute("CREATE DATABASE " + APP_DB);
        }
      }
      String url = "jdbc:shardline://" + cluster.directoryPrimary().address() + "/" + DIRECTORY_DB + "?user=" + SandboxCluster.APP_USER
          + "&password=" + SandboxCluster.APP_PASSWORD + "&shardline.database=" + APP_DB + "&sslMode=DISABLED";
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
          for (long user = 1; user <= USERS; user++) {
            ps.setLong(1, user);
            ps.setString(2, "user " + user);
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      cluster.awaitReplication(Duration.ofSeconds(30));
      return new BenchCluster(cluster, url);
    } catch (SQLException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Connector/J straight to a node's replica, the baseline: same server, same query. */
  String directReplicaUrl(SandboxNode node) {
    return "jdbc:mysql://" + node.replicas().get(0).address() + "/" + APP_DB + "?sslMode=DISABLED";
  }

  @Override
  public void close() {
    dev.shardline.driver.ShardlineDriver.shutdown();
    cluster.close();
  }
}
