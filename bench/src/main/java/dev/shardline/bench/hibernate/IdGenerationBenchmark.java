package dev.shardline.bench.hibernate;

import dev.shardline.driver.ShardlineConnection;
import dev.shardline.sandbox.SandboxCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cluster-wide ids from one driver instance: {@link ShardlineConnection#nextId} with blocks of
 * {@code blockSize} ids reserved from a real sandbox directory (one round trip to its primary per
 * block), at 1 and 4 threads (each thread with its own logical connection, all on one runtime).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class IdGenerationBenchmark {
  @State(Scope.Benchmark)
  public static class Cluster {
    @Param({"100", "1000", "10000"})
    public int blockSize;

    SandboxCluster cluster;
    String url;

    @Setup(Level.Trial)
    public void start() throws SQLException {
      cluster = SandboxCluster.builder().nodes(1).replicasPerNode(0).dataRoot(Path.of("target", "shardline-sandbox", "bench-ids")).start();
      cluster.directoryPrimary().execute("CREATE DATABASE bench_ids_dir", "CREATE DATABASE IF NOT EXISTS bench_ids_app");
      com.mysql.cj.jdbc.MysqlDataSource directory = new com.mysql.cj.jdbc.MysqlDataSource();
      directory.setUrl(cluster.directoryPrimary().jdbcUrl("bench_ids_dir"));
      directory.setUser(SandboxCluster.APP_USER);
      directory.setPassword(SandboxCluster.APP_PASSWORD);
      dev.shardline.directory.DirectorySchema.migrate(directory);
      try (dev.shardline.directory.Directory d = dev.shardline.directory.Directory.open(
          dev.shardline.directory.DirectoryConfig.builder().primary(directory).build())) {
        var node = cluster.nodes().get(0);
        d.registerNode(node.name(), List.of(node.writeEndpoints().split(",")), List.of(node.activeMaster().address()), 1);
        node.activeMaster().execute("CREATE DATABASE IF NOT EXISTS bench_ids_app");
      }
      url = "jdbc:shardline://" + cluster.directoryPrimary().address() + "/bench_ids_dir?user=" + SandboxCluster.APP_USER + "&password="
          + SandboxCluster.APP_PASSWORD + "&shardline.database=bench_ids_app&sslMode=DISABLED&shardline.ids.blockSize=" + blockSize;
    }

    @TearDown(Level.Trial)
    public void stop() {
      dev.shardline.driver.ShardlineDriver.shutdown();
      cluster.close();
    }
  }

  @State(Scope.Thread)
  public static class Session {
    Connection connection;
    ShardlineConnection shardline;

    @Setup(Level.Trial)
    public void open(Cluster cluster) throws SQLException {
      connection = DriverManager.getConnection(cluster.url);
      shardline = connection.unwrap(ShardlineConnection.class);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      connection.close();
    }
  }

  @Benchmark
  @Threads(1)
  public long nextId1Thread(Session session) throws SQLException {
    return session.shardline.nextId("bench");
  }

  @Benchmark
  @Threads(4)
  public long nextId4Threads(Session session) throws SQLException {
    return session.shardline.nextId("bench");
  }
}
