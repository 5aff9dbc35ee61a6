package dev.shardline.hibernate;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryConfig;
import dev.shardline.directory.DirectorySchema;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import java.time.Duration;
import java.util.List;

/**
 * A sandbox cluster made ready for jdbc:shardline: a directory database with every sandbox node
 * registered, and an empty application database on every node (the short form of the driver's
 * own test fixture, whose test classes this module cannot see).
 */
final class ShardedSandbox {
  final SandboxCluster cluster;
  final String directoryDatabase;
  final String appDatabase;

  private ShardedSandbox(SandboxCluster cluster, String name) {
    this.cluster = cluster;
    this.directoryDatabase = name + "_dir";
    this.appDatabase = name + "_app";
  }

  static ShardedSandbox prepare(SandboxCluster cluster, String name) throws Exception {
    ShardedSandbox sandbox = new ShardedSandbox(cluster, name);
    cluster.directoryPrimary().execute(
        "DROP DATABASE IF EXISTS " + sandbox.directoryDatabase, "CREATE DATABASE " + sandbox.directoryDatabase);
    MysqlDataSource directory = new MysqlDataSource();
    directory.setUrl(cluster.directoryPrimary().jdbcUrl(sandbox.directoryDatabase));
    directory.setUser(SandboxCluster.APP_USER);
    directory.setPassword(SandboxCluster.APP_PASSWORD);
    DirectorySchema.migrate(directory);
    try (Directory client = Directory.open(DirectoryConfig.builder().primary(directory).build())) {
      for (SandboxNode node : cluster.nodes()) {
        client.registerNode(node.name(), List.of(node.writeEndpoints().split(",")), List.of(node.readEndpoints().split(",")), 1);
      }
    }
    for (SandboxNode node : cluster.nodes()) {
      node.activeMaster().execute("DROP DATABASE IF EXISTS " + sandbox.appDatabase, "CREATE DATABASE " + sandbox.appDatabase);
    }
    cluster.awaitReplication(Duration.ofSeconds(10));
    return sandbox;
  }

  /** The Shardline URL of this sandbox with no credentials and no shardline.* property: for Hibernate properties to complete. */
  String bareUrl() {
    StringBuilder url = new StringBuilder("jdbc:shardline://").append(cluster.directoryPrimary().address());
    cluster.directoryReplica().ifPresent(r -> url.append(',').append(r.address()));
    return url.append('/').append(directoryDatabase).append("?sslMode=DISABLED").toString();
  }

  /** The Shardline URL of this sandbox: directory hosts, credentials and application database. */
  String url() {
    StringBuilder url = new StringBuilder("jdbc:shardline://").append(cluster.directoryPrimary().address());
    cluster.directoryReplica().ifPresent(r -> url.append(',').append(r.address()));
    return url.append('/').append(directoryDatabase)
        .append("?user=").append(SandboxCluster.APP_USER)
        .append("&password=").append(SandboxCluster.APP_PASSWORD)
        .append("&shardline.database=").append(appDatabase)
        .append("&sslMode=DISABLED")
        .toString();
  }
}
