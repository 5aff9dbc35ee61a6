package dev.shardline.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryConfig;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.DirectorySchema;
import dev.shardline.directory.ShardKey;
import dev.shardline.sandbox.SandboxCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real directory for benchmarks: a sandbox cluster of one directory server and one node, the
 * directory schema, one registered node, and HikariCP pools as the driver would give the directory.
 * Each benchmark fork starts its own (about two seconds) and closes it at tear-down.
 *
 * <p>Not thread safe: set up and torn down by JMH on one thread.
 */
public final class DirectoryFixture implements AutoCloseable {
  public static final String DATABASE = "shardline_directory";

  private final SandboxCluster cluster;
  private final List<HikariDataSource> pools = new java.util.ArrayList<>();

  public DirectoryFixture(String name) throws DirectoryException {
    this.cluster =
        SandboxCluster.builder()
            .nodes(1)
            .replicasPerNode(0)
            .passiveMasters(false)
            .directoryReplica(false)
            .dataRoot(Path.of("target", "shardline-sandbox", "bench-" + name + "-" + ProcessHandle.current().pid()))
            .start();
    cluster.directoryPrimary().execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    DirectorySchema.migrate(pool());
    try (Directory setup = open(b -> b.instanceName("bench-setup"))) {
      String endpoint = cluster.nodes().get(0).writeEndpoints();
      setup.registerNode("node1", List.of(endpoint), List.of(), 1);
    }
  }

  /** A new pool on the directory primary, closed with the fixture. */
  public HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(cluster.directoryPrimary().jdbcUrl(DATABASE));
    config.setUsername(SandboxCluster.APP_USER);
    config.setPassword(SandboxCluster.APP_PASSWORD);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(2);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  /** A directory client on its own pool; {@code customize} adjusts the default configuration. */
  public Directory open(UnaryOperator<DirectoryConfig.Builder> customize) throws DirectoryException {
    return Directory.open(customize.apply(DirectoryConfig.builder().primary(pool())).build());
  }

  /** Assigns keys {@code 0 .. count-1} (as numbers) and returns them. */
  public static ShardKey[] assignKeys(Directory directory, int count) throws DirectoryException {
    ShardKey[] keys = new ShardKey[count];
    for (int i = 0; i < count; i++) {
      keys[i] = ShardKey.of((long) i);
      directory.findOrAssign(keys[i]);
    }
    return keys;
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
    cluster.close();
  }
}
