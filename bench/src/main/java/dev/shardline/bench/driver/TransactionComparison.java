package dev.shardline.bench.driver;

import static dev.shardline.bench.driver.PointSelectComparison.median;
import static dev.shardline.bench.driver.PointSelectComparison.round;

import dev.shardline.sandbox.SandboxNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * End to end, in one run: the commit of a transaction of two single-row UPDATEs, on one node versus
 * on two nodes, through Shardline: one node in {@code single-node} mode (the baseline), two nodes
 * in {@code best-effort} and in {@code two-phase} mode, and one node in {@code two-phase} mode (its
 * one-phase commit). One client thread; rounds alternate between the four sides; each round is the
 * median latency of its transactions; the report gives every round, the medians, and each side's
 * ratio to the baseline (Vitess reports +119% for its two-shard two-phase commit, a ratio of 2.19).
 *
 * <p>Run: {@code mvn -q -B -pl bench exec:exec -Dbench.main=dev.shardline.bench.driver.TransactionComparison}
 * (arguments: transactions per round, rounds; defaults 500 and 5).
 */
public final class TransactionComparison {
  private record Side(String name, String mode, boolean twoNodes) {}

  public static void main(String[] args) throws Exception {
    int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (BenchCluster bench = BenchCluster.start("bench-transactions")) {
      try (Connection c = DriverManager.getConnection(bench.url);
          Statement s = c.createStatement()) {
        s.execute("ALTER TABLE users ADD COLUMN balance BIGINT NOT NULL DEFAULT 0");
      }
      SandboxNode node1 = bench.cluster.nodes().get(0);
      SandboxNode node2 = bench.cluster.nodes().get(1);
      long[] on1 = PointSelectComparison.keysOn(bench, node1.name());
      long[] on2 = PointSelectComparison.keysOn(bench, node2.name());
      List<Side> sides = List.of(
          new Side("one node, single-node", "single-node", false),
          new Side("two nodes, best-effort", "best-effort", true),
          new Side("two nodes, two-phase", "two-phase", true),
          new Side("one node, two-phase (one phase)", "two-phase", false));
      List<Connection> connections = new ArrayList<>();
      try {
        for (Side side : sides) {
          Connection c = DriverManager.getConnection(bench.url + "&shardline.transactions=" + side.mode()
              + "&shardline.instanceName=bench-tx-" + side.mode());
          c.setAutoCommit(false);
          connections.add(c);
        }
        double[][] medians = new double[sides.size()][rounds];
        for (int i = 0; i < sides.size(); i++) {
          run(connections.get(i), sides.get(i), on1, on2, perRound / 5); // warm-up
        }
        for (int r = 0; r < rounds; r++) {
          for (int i = 0; i < sides.size(); i++) {
            medians[i][r] = run(connections.get(i), sides.get(i), on1, on2, perRound);
          }
        }
        System.out.printf("%d transactions of two single-row UPDATEs per round, %d rounds, 1 thread; median commit latency per round (ms)%n",
            perRound, rounds);
        double baseline = median(medians[0]);
        for (int i = 0; i < sides.size(); i++) {
          System.out.printf("  %-34s %s  median %.3f ms, %.0f tx/s, ratio to one node single-node %.2f%n", sides.get(i).name(),
              Arrays.toString(Arrays.stream(medians[i]).map(v -> Math.round(v * 1000) / 1000.0).toArray()), median(medians[i]),
              1000 / median(medians[i]), median(medians[i]) / baseline);
        }
      } finally {
        for (Connection c : connections) {
          c.close();
        }
      }
    }
  }

  /** The median latency (ms) of {@code count} transactions, from the first statement to the commit's return. */
  private static double run(Connection c, Side side, long[] on1, long[] on2, int count) throws SQLException {
    double[] times = new double[count];
    try (PreparedStatement ps = c.prepareStatement("UPDATE users SET balance = balance + ? WHERE user_id = ?")) {
      for (int i = 0; i < count; i++) {
        long a = on1[i % on1.length];
        long b = side.twoNodes() ? on2[i % on2.length] : on1[(i + 1) % on1.length];
        long started = System.nanoTime();
        ps.setLong(1, -1);
        ps.setLong(2, Math.min(a, b));
        ps.executeUpdate();
        ps.setLong(1, 1);
        ps.setLong(2, Math.max(a, b));
        ps.executeUpdate();
        c.commit();
        times[i] = (System.nanoTime() - started) / 1e6;
      }
    }
    return median(times);
  }
}
