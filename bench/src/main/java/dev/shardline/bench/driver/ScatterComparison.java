package dev.shardline.bench.driver;

import static dev.shardline.bench.driver.PointSelectComparison.median;
import static dev.shardline.bench.driver.PointSelectComparison.round;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * End to end, in one run: scatter-gather queries over the 2 nodes of a {@link BenchCluster} versus
 * the same query on one plain MariaDB holding all the rows (the reference, a database on the
 * directory's server), then the memory a scatter over every row takes.
 *
 * <p>The data: {@code posts}, {@code ROWS} rows with a unique {@code created} each and a 100-byte
 * body, over the 1,000 users the directory placed. Each node's master gets its users' posts
 * straight from MariaDB's sequence engine (the rows the driver would have written there); the
 * reference gets them all. Row counts and a checksum are compared before measuring.
 *
 * <ol>
 *   <li>Latency, rounds alternating between the sides: {@code ORDER BY created DESC LIMIT 20}
 *       (an index range per node, a 2-way merge) and {@code COUNT(*) GROUP BY kind} (a scan per
 *       node, groups combined); each answer compared with the reference's. Medians and the ratio
 *       Shardline/reference (below 1 is faster).
 *   <li>Heap: {@code ORDER BY created} over every row read to the end through Shardline, heap used
 *       after a full GC before, at each quarter and after; then {@code LIMIT 20 OFFSET 100000},
 *       whose skipped rows are streamed past, not kept.
 * </ol>
 *
 * <p>Run: {@code mvn -q -B -pl bench exec:exec -Dbench.main=dev.shardline.bench.driver.ScatterComparison}
 * (arguments: rows, rounds; defaults 1000000 and 5).
 */
public final class ScatterComparison {
  private static final String REFERENCE_DB = "bench_reference";
  private static final String TOP_20 = "SELECT post_id, user_id, created FROM posts ORDER BY created DESC LIMIT 20";
  private static final String COUNT_BY_KIND = "SELECT kind, COUNT(*) FROM posts GROUP BY kind ORDER BY kind";
  private static final String EVERY_ROW = "SELECT post_id, user_id, created, body FROM posts ORDER BY created";
  private static final String DEEP_PAGE = "SELECT post_id, user_id, created, body FROM posts ORDER BY created LIMIT 20 OFFSET 100000";

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (BenchCluster bench = BenchCluster.start("bench-scatter")) {
      String referenceUrl = load(bench, rows);
      try (Connection shardline = DriverManager.getConnection(bench.url);
          Connection reference = DriverManager.getConnection(referenceUrl, SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD)) {
        System.out.printf("posts: %d rows over %s; reference: one database on %s%n", rows,
            bench.cluster.nodes().stream().map(n -> n.name() + " " + count(n.activeMaster())).toList(),
            bench.cluster.directoryPrimary().name());
        for (String query : List.of(TOP_20, COUNT_BY_KIND)) {
          compareLatency(query, shardline, reference, rounds);
        }
        if (!rows(shardline, DEEP_PAGE).equals(rows(reference, DEEP_PAGE))) {
          throw new IllegalStateException("Shardline's answer differs from the reference's for " + DEEP_PAGE);
        }
        heap(shardline, rows);
      }
    }
  }

  /** Loads the posts on every node's master and on the reference; returns the reference's URL. */
  private static String load(BenchCluster bench, long rows) throws SQLException {
    String ddl = "CREATE TABLE posts (post_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, kind INT NOT NULL,"
        + " created DATETIME NOT NULL, body VARCHAR(100) NOT NULL, KEY (created))";
    try (Connection c = DriverManager.getConnection(bench.url);
        Statement s = c.createStatement()) {
      s.execute(ddl);
    }
    String generated = " SELECT seq, seq % " + BenchCluster.USERS + " + 1, seq % 10, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL seq SECOND,"
        + " RPAD(CONCAT('post ', seq), 100, '.') FROM seq_1_to_" + rows;
    for (SandboxNode node : bench.cluster.nodes()) {
      // Only the posts of the users the directory placed on this node: the rows Shardline would write here.
      node.activeMaster().execute("INSERT INTO " + BenchCluster.APP_DB + ".posts" + generated.replace("FROM seq", "FROM " + BenchCluster.APP_DB + ".seq")
          + " WHERE seq % " + BenchCluster.USERS + " + 1 IN (SELECT user_id FROM " + BenchCluster.APP_DB + ".users)");
    }
    SandboxInstance referenceServer = bench.cluster.directoryPrimary();
    referenceServer.execute("CREATE DATABASE " + REFERENCE_DB, "USE " + REFERENCE_DB, ddl);
    referenceServer.execute("INSERT INTO " + REFERENCE_DB + ".posts" + generated.replace("FROM seq", "FROM " + REFERENCE_DB + ".seq"));
    // Fresh statistics after a bulk load, so that every server plans the same index range (ANALYZE
    // is binlogged: the replicas get it too).
    for (SandboxNode node : bench.cluster.nodes()) {
      node.activeMaster().execute("ANALYZE TABLE " + BenchCluster.APP_DB + ".posts");
    }
    referenceServer.execute("ANALYZE TABLE " + REFERENCE_DB + ".posts");
    bench.cluster.awaitReplication(Duration.ofMinutes(5));
    long onNodes = bench.cluster.nodes().stream().mapToLong(n -> count(n.activeMaster())).sum();
    long onReference = referenceServer.queryLong("SELECT COUNT(*) FROM " + REFERENCE_DB + ".posts");
    if (onNodes != rows || onReference != rows) {
      throw new IllegalStateException("loaded " + onNodes + " rows on the nodes and " + onReference + " on the reference, expected " + rows);
    }
    return referenceServer.jdbcUrl(REFERENCE_DB);
  }

  private static long count(SandboxInstance master) {
    return master.queryLong("SELECT COUNT(*) FROM " + BenchCluster.APP_DB + ".posts");
  }

  private static void compareLatency(String query, Connection shardline, Connection reference, int rounds) throws SQLException {
    List<List<Object>> expected = rows(reference, query);
    if (!expected.equals(rows(shardline, query))) {
      throw new IllegalStateException("Shardline's answer differs from the reference's for " + query);
    }
    double[] s = new double[rounds];
    double[] r = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      r[round] = millis(reference, query, expected);
      s[round] = millis(shardline, query, expected);
    }
    System.out.printf("%s%n  reference ms %s, Shardline ms %s; medians %.1f / %.1f; ratio Shardline/reference %.2f%n", query,
        Arrays.toString(round(r)), Arrays.toString(round(s)), median(r), median(s), median(s) / median(r));
  }

  /** The median of 10 executions, in milliseconds. */
  private static double millis(Connection connection, String query, List<List<Object>> expected) throws SQLException {
    double[] times = new double[10];
    for (int i = 0; i < times.length; i++) {
      long started = System.nanoTime();
      List<List<Object>> answer = rows(connection, query);
      times[i] = (System.nanoTime() - started) / 1e6;
      if (!answer.equals(expected)) {
        throw new IllegalStateException("answer changed for " + query);
      }
    }
    return median(times);
  }

  private static List<List<Object>> rows(Connection connection, String query) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(columns);
        for (int c = 1; c <= columns; c++) {
          row.add(Objects.toString(rs.getObject(c)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static void heap(Connection shardline, long rows) throws SQLException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    List<Long> during = new ArrayList<>();
    long read = 0;
    long previous = Long.MIN_VALUE;
    long started = System.nanoTime();
    try (Statement s = shardline.createStatement();
        ResultSet rs = s.executeQuery(EVERY_ROW)) {
      while (rs.next()) {
        long created = rs.getTimestamp(3).getTime();
        if (created < previous) {
          throw new IllegalStateException("rows out of order at row " + read);
        }
        previous = created;
        if (++read % (rows / 4) == 0) {
          during.add(usedAfterGc(memory));
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long after = usedAfterGc(memory);
    if (read != rows) {
      throw new IllegalStateException("read " + read + " rows, expected " + rows);
    }
    System.out.printf("%s: %d rows in %.1f s (%.0f rows/s), heap used after GC: before %s, at each quarter %s, after %s%n",
        EVERY_ROW, read, seconds, read / seconds, mb(before), during.stream().map(ScatterComparison::mb).toList(), mb(after));
    started = System.nanoTime();
    long page = 0;
    long pageHeap;
    try (Statement s = shardline.createStatement();
        ResultSet rs = s.executeQuery(DEEP_PAGE)) {
      while (rs.next()) {
        page++;
      }
      pageHeap = usedAfterGc(memory);
    }
    System.out.printf("%s: %d rows in %.0f ms, heap used after GC with the result open %s%n",
        DEEP_PAGE, page, (System.nanoTime() - started) / 1e6, mb(pageHeap));
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1e6);
  }
}
