package dev.shardline.bench.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.driver.ShardlineConnection;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * End to end, in one run: single-key point selects ({@code SELECT ... WHERE user_id = ?}) through
 * Shardline versus Connector/J + HikariCP straight to the same node's replica, with 1 and 4 client
 * threads. Both sides borrow a connection, prepare, execute and read per query, as an application
 * behind a pool does. Rounds alternate (direct, Shardline, direct, ...) so that noise from a
 * shared machine falls on both; the report gives each round, the medians, and their ratio.
 *
 * <p>Run: {@code mvn -q -B -pl bench exec:exec -Dbench.main=dev.shardline.bench.driver.PointSelectComparison}
 * (arguments: seconds per round, rounds; defaults 5 and 3).
 */
public final class PointSelectComparison {
  static final String QUERY = "SELECT user_id, name FROM users WHERE user_id = ?";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try (BenchCluster bench = BenchCluster.start("bench-point-select")) {
      SandboxNode node = bench.cluster.nodes().get(0);
      long[] keys = keysOn(bench, node.name());
      HikariConfig direct = new HikariConfig();
      direct.setJdbcUrl(bench.directReplicaUrl(node));
      direct.setUsername(SandboxCluster.APP_USER);
      direct.setPassword(SandboxCluster.APP_PASSWORD);
      direct.setMaximumPoolSize(8);
      // Shardline turns on Connector/J's statement cache for its own physical connections; the
      // third side gives the direct pool the same setting, so the report shows what routing costs
      // on its own as well as against a default Connector/J.
      HikariConfig directCached = new HikariConfig();
      directCached.setJdbcUrl(bench.directReplicaUrl(node));
      directCached.setUsername(SandboxCluster.APP_USER);
      directCached.setPassword(SandboxCluster.APP_PASSWORD);
      directCached.setMaximumPoolSize(8);
      directCached.addDataSourceProperty("cachePrepStmts", "true");
      directCached.addDataSourceProperty("prepStmtCacheSize", "250");
      directCached.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
      HikariConfig shardline = new HikariConfig();
      shardline.setJdbcUrl(bench.url);
      shardline.setMaximumPoolSize(8);
      try (HikariDataSource directPool = new HikariDataSource(direct);
          HikariDataSource cachedPool = new HikariDataSource(directCached);
          HikariDataSource shardlinePool = new HikariDataSource(shardline)) {
        System.out.printf("Point selects on %s's replica, %d keys of that node, %d s rounds, %d rounds per side%n",
            node.name(), keys.length, seconds, rounds);
        for (int threads : new int[] {1, 4}) {
          run(threads, 1, directPool, keys); // warm-up
          run(threads, 1, cachedPool, keys);
          run(threads, 1, shardlinePool, keys);
          double[] d = new double[rounds];
          double[] c = new double[rounds];
          double[] s = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            d[r] = run(threads, seconds, directPool, keys);
            c[r] = run(threads, seconds, cachedPool, keys);
            s[r] = run(threads, seconds, shardlinePool, keys);
          }
          System.out.printf("threads=%d direct Connector/J+Hikari: %s ops/s; direct with cachePrepStmts: %s ops/s; Shardline: %s ops/s%n",
              threads, Arrays.toString(round(d)), Arrays.toString(round(c)), Arrays.toString(round(s)));
          System.out.printf("threads=%d medians %.0f / %.0f / %.0f; ratio Shardline/direct %.3f, Shardline/direct-with-cache %.3f%n",
              threads, median(d), median(c), median(s), median(s) / median(d), median(s) / median(c));
        }
      }
    }
  }

  /** Users that live on the given node, so the direct side reads the same server. */
  static long[] keysOn(BenchCluster bench, String nodeName) throws SQLException {
    List<Long> keys = new ArrayList<>();
    try (Connection c = java.sql.DriverManager.getConnection(bench.url)) {
      ShardlineConnection shardline = c.unwrap(ShardlineConnection.class);
      for (long user = 1; user <= BenchCluster.USERS; user++) {
        if (shardline.explain(QUERY, user).targets().get(0).node().equals(nodeName)) {
          keys.add(user);
        }
      }
    }
    return keys.stream().mapToLong(Long::longValue).toArray();
  }

  static double run(int threads, int seconds, DataSource pool, long[] keys) throws Exception {
    return opsPerSecond(threads, seconds, keys, key -> {
      try (Connection c = pool.getConnection();
          PreparedStatement ps = c.prepareStatement(QUERY)) {
        ps.setLong(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next() || rs.getLong(1) != key) {
            throw new IllegalStateException("wrong row for key " + key);
          }
        }
      }
    });
  }

  /** One operation on one key; it throws when the answer is wrong. */
  @FunctionalInterface
  public interface KeyOperation {
    void run(long key) throws Exception;
  }

  /**
   * Operations per second of {@code threads} threads running {@code operation} for {@code seconds},
   * each thread over {@code keys} in turn from its own offset.
   */
  public static double opsPerSecond(int threads, int seconds, long[] keys, KeyOperation operation) throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<Long>> counts = new ArrayList<>();
    long started = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      counts.add(workers.submit(() -> {
        long done = 0;
        int i = offset;
        while (!stop.get()) {
          operation.run(keys[i++ % keys.length]);
          done++;
        }
        return done;
      }));
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    long total = 0;
    for (Future<Long> count : counts) {
      total += count.get();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    workers.shutdown();
    return total / elapsed;
  }

  public static long[] round(double[] values) {
    return Arrays.stream(values).mapToLong(Math::round).toArray();
  }

  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
