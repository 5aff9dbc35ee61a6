package dev.shardline.bench.driver;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import java.sql.SQLException;

/** {@link BenchCluster} for benchmarks of other packages (the Hibernate ones), without opening its internals. */
public final class BenchClusters {
  private BenchClusters() {}

  /** Two nodes with one replica each and a users table of 1,000 rows, as the driver benchmarks use. */
  public static Handle start(String name) throws SQLException {
    return new Handle(BenchCluster.start(name));
  }

  /** A started cluster; closing it stops the servers and every Shardline runtime. */
  public static final class Handle implements AutoCloseable {
    private final BenchCluster bench;

    private Handle(BenchCluster bench) {
      this.bench = bench;
    }

    public SandboxCluster cluster() {
      return bench.cluster;
    }

    public String url() {
      return bench.url;
    }

    public String directReplicaUrl(SandboxNode node) {
      return bench.directReplicaUrl(node);
    }

    /** The users that live on {@code node}. */
    public long[] keysOn(String node) throws SQLException {
      return PointSelectComparison.keysOn(bench, node);
    }

    @Override
    public void close() {
      bench.close();
    }
  }
}
