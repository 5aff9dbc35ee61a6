package dev.shardline.bench.driver;

import dev.shardline.driver.Explanation;
import dev.shardline.driver.ShardlineConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU cost of routing one cached statement: analysis cache hit, directory cache hit, role and
 * endpoint choice. Measured through {@link ShardlineConnection#explain}, which runs the router and
 * nothing else (no pool checkout, no I/O).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingBenchmark {
  private BenchCluster bench;
  private Connection connection;
  private ShardlineConnection shardline;
  private long key;

  @Setup(Level.Trial)
  public void start() throws Exception {
    bench = BenchCluster.start("bench-routing");
    connection = DriverManager.getConnection(bench.url);
    shardline = connection.unwrap(ShardlineConnection.class);
  }

  @Benchmark
  public Explanation routeCachedPointSelect() throws Exception {
    key = key % BenchCluster.USERS + 1;
    return shardline.explain("SELECT user_id, name FROM users WHERE user_id = ?", key);
  }

  @Benchmark
  public Explanation routeCachedOrmInsert() throws Exception {
    key = key % BenchCluster.USERS + 1;
    return shardline.explain("insert into users (name,user_id) values (?,?)", "n", key);
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    connection.close();
    bench.close();
  }
}
