package dev.shardline.bench.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/**
 * End to end, in one run: single-key point selects ({@code SELECT user_id, name FROM users WHERE user_id = ?})
 * through Shardline versus ShardingSphere-JDBC 5.5.2 configured for the same two nodes, with 1 and 4 client
 * threads, every key of the cluster on both sides.
 *
 * <p>Shardline places keys through its directory (least-loaded assignment), which no formula reproduces, so
 * ShardingSphere gets an equivalent layout it can route by formula: a second schema, {@value #SS_DB}, on the
 * same servers, with the same {@code users} table and the same {@link BenchCluster#USERS} rows, even keys on
 * node1 and odd keys on node2, written straight to each node's active master through Connector/J and
 * replicated to its replica. ShardingSphere gets a sharding rule ({@code INLINE ds_${user_id % 2}}) on top of
 * a readwrite-splitting rule per node (write: the active master, read: the replica), each endpoint a HikariCP
 * pool, so both drivers read from the same replicas with the same SQL text (the logical and actual table
 * names are equal, so ShardingSphere has no identifier to rewrite).
 *
 * <p>Both sides borrow a connection, prepare, execute and read per query ({@link PointSelectComparison#run}).
 * Shardline runs wrapped in HikariCP, as applications run it; ShardingSphere's DataSource is used directly, as
 * it pools internally. Rounds alternate (Shardline, ShardingSphere, ...); the report gives each round, the
 * medians and the ratio Shardline / ShardingSphere (target: above 1), and the time ShardingSphere took to
 * create its DataSource.
 *
 * <p>Run: {@code mvn -q -B -pl bench exec:exec -Dbench.main=dev.shardline.bench.driver.ShardingSphereComparison
 * -Dbench.args="3 3"} (arguments: seconds per round, rounds, seconds of JIT warm-up per side before
 * the first round; defaults 5, 3 and 15).
 */
public final class ShardingSphereComparison {
  static final String SS_DB = "bench_ss";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    try (BenchCluster bench = BenchCluster.start("bench-shardingsphere")) {
      List<SandboxNode> nodes = bench.cluster.nodes();
      if (nodes.size() != 2) {
        throw new IllegalStateException("expected 2 nodes, got " + nodes.size());
      }
      loadModuloLayout(bench);
      long[] keys = LongStream.rangeClosed(1, BenchCluster.USERS).toArray();

      Map<String, DataSource> endpoints = new LinkedHashMap<>();
      for (int i = 0; i < nodes.size(); i++) {
        endpoints.put("write_ds_" + i, pool("ss-write-" + i, nodes.get(i).activeMaster()));
        endpoints.put("read_ds_" + i, pool("ss-read-" + i, nodes.get(i).replicas().get(0)));
      }
      long created = System.nanoTime();
      DataSource shardingSphere = YamlShardingSphereDataSourceFactory.createDataSource(endpoints, yaml().getBytes(StandardCharsets.UTF_8));
      double creationMs = (System.nanoTime() - created) / 1e6;

      HikariConfig shardline = new HikariConfig();
      shardline.setJdbcUrl(bench.url);
      shardline.setMaximumPoolSize(8);
      try (HikariDataSource shardlinePool = new HikariDataSource(shardline)) {
        checkReadsReplicas(shardingSphere, nodes);
        System.out.printf("Statements the replicas received per point select (status Questions, 1000 queries): Shardline %.2f, ShardingSphere %.2f%n",
            statementsPerQuery(shardlinePool, keys, nodes), statementsPerQuery(shardingSphere, keys, nodes));
        System.out.printf("ShardingSphere-JDBC DataSource created in %.0f ms (4 HikariCP pools already started)%n", creationMs);
        System.out.printf("Point selects over all %d keys on %d nodes' replicas, %d s rounds, %d rounds per side%n",
            keys.length, nodes.size(), seconds, rounds);
        // ShardingSphere's code path reaches steady state slowly: with PointSelectComparison's 1 s warm-up alone,
        // its 1-thread rounds were still climbing (1.1k, 2.6k, 4.0k, 5.1k, 5.1k ops/s in 5 s rounds), which would
        // flatter Shardline. So both sides first run warmUp seconds at 4 threads, unmeasured.
        System.out.printf("JIT warm-up: %d s per side at 4 threads, not measured%n", warmUp);
        PointSelectComparison.run(4, warmUp, shardlinePool, keys);
        PointSelectComparison.run(4, warmUp, shardingSphere, keys);
        for (int threads : new int[] {1, 4}) {
          PointSelectComparison.run(threads, 1, shardlinePool, keys); // warm-up
          PointSelectComparison.run(threads, 1, shardingSphere, keys);
          double[] s = new double[rounds];
          double[] p = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            s[r] = PointSelectComparison.run(threads, seconds, shardlinePool, keys);
            System.out.printf("  threads=%d round %d Shardline+Hikari: %.0f ops/s%n", threads, r + 1, s[r]);
            p[r] = PointSelectComparison.run(threads, seconds, shardingSphere, keys);
            System.out.printf("  threads=%d round %d ShardingSphere-JDBC: %.0f ops/s%n", threads, r + 1, p[r]);
          }
          double ms = PointSelectComparison.median(s);
          double mp = PointSelectComparison.median(p);
          System.out.printf("threads=%d Shardline+Hikari: %s ops/s; ShardingSphere-JDBC: %s ops/s; median %.0f vs %.0f, ratio Shardline/ShardingSphere %.3f%n",
              threads, Arrays.toString(PointSelectComparison.round(s)), Arrays.toString(PointSelectComparison.round(p)), ms, mp, ms / mp);
        }
      } finally {
        if (shardingSphere instanceof AutoCloseable closeable) {
          closeable.close();
        }
        for (DataSource endpoint : endpoints.values()) {
          ((HikariDataSource) endpoint).close();
        }
      }
    }
  }

  /** Schema {@value #SS_DB} on every node, {@code users} with the keys of {@code user_id % 2 == index}. */
  private static void loadModuloLayout(BenchCluster bench) throws SQLException {
    List<SandboxNode> nodes = bench.cluster.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      SandboxInstance master = nodes.get(i).activeMaster();
      master.execute("CREATE DATABASE " + SS_DB);
      try (Connection c = DriverManager.getConnection(master.jdbcUrl(SS_DB) + "&rewriteBatchedStatements=true",
              SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
          for (long user = 1; user <= BenchCluster.USERS; user++) {
            if (user % nodes.size() == i) {
              ps.setLong(1, user);
              ps.setString(2, "user " + user);
              ps.addBatch();
            }
          }
          ps.executeBatch();
        }
      }
    }
    bench.cluster.awaitReplication(Duration.ofSeconds(30));
    for (int i = 0; i < nodes.size(); i++) {
      long rows = nodes.get(i).replicas().get(0).queryLong("SELECT COUNT(*) FROM " + SS_DB + ".users");
      if (rows != BenchCluster.USERS / nodes.size()) {
        throw new IllegalStateException(nodes.get(i).name() + "'s replica has " + rows + " rows in " + SS_DB + ".users");
      }
    }
  }

  private static HikariDataSource pool(String name, SandboxInstance instance) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    // With Connector/J's defaults every ShardingSphere query also cost a change of database on the replica
    // (status Com_change_db +1 per query: 2 statements per point select instead of 1, measured). With
    // useLocalSessionState=true Connector/J skips a catalog change to the database already in use, so the
    // peer is measured at its best, one statement per query like Shardline.
    config.setJdbcUrl(instance.jdbcUrl(SS_DB) + "&useLocalSessionState=true");
    config.setUsername(SandboxCluster.APP_USER);
    config.setPassword(SandboxCluster.APP_PASSWORD);
    config.setMaximumPoolSize(8);
    return new HikariDataSource(config);
  }

  private static String yaml() {
    return """
        databaseName: %s
        rules:
        - !READWRITE_SPLITTING
          dataSourceGroups:
            ds_0:
              writeDataSourceName: write_ds_0
              readDataSourceNames: [read_ds_0]
              loadBalancerName: round_robin
            ds_1:
              writeDataSourceName: write_ds_1
              readDataSourceNames: [read_ds_1]
              loadBalancerName: round_robin
          loadBalancers:
            round_robin:
              type: ROUND_ROBIN
        - !SHARDING
          tables:
            users:
              actualDataNodes: ds_${0..1}.users
              databaseStrategy:
                standard:
                  shardingColumn: user_id
                  shardingAlgorithmName: user_mod
          shardingAlgorithms:
            user_mod:
              type: INLINE
              props:
                algorithm-expression: ds_${user_id %% 2}
        props:
          sql-show: false
        """.formatted(SS_DB);
  }

  /**
   * How many statements the replicas receive per point select through {@code pool}: a check that neither side
   * pays for extra round trips (session set-up, metadata) the other does not.
   */
  private static double statementsPerQuery(DataSource pool, long[] keys, List<SandboxNode> nodes) throws SQLException {
    long first = questions(nodes);
    long overhead = questions(nodes) - first; // what reading the counters itself costs
    long before = questions(nodes);
    int queries = 1_000;
    for (int i = 0; i < queries; i++) {
      long key = keys[i % keys.length];
      try (Connection c = pool.getConnection();
          PreparedStatement ps = c.prepareStatement(PointSelectComparison.QUERY)) {
        ps.setLong(1, key);
        try (var rs = ps.executeQuery()) {
          rs.next();
        }
      }
    }
    long after = questions(nodes);
    return (after - before - overhead) / (double) queries;
  }

  private static long questions(List<SandboxNode> nodes) {
    long sum = 0;
    for (SandboxNode node : nodes) {
      sum += node.replicas().get(0).queryLong("SELECT CAST(VARIABLE_VALUE AS UNSIGNED) FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'QUESTIONS'");
    }
    return sum;
  }

  /**
   * Checks that ShardingSphere reads every key from the replica that holds it: each replica answers
   * {@code @@server_id}, so a point select that returns the row with that replica's server id went there.
   */
  private static void checkReadsReplicas(DataSource shardingSphere, List<SandboxNode> nodes) throws SQLException {
    for (long user = 1; user <= 4; user++) {
      SandboxInstance replica = nodes.get((int) (user % nodes.size())).replicas().get(0);
      try (Connection c = shardingSphere.getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT user_id, name, @@server_id FROM users WHERE user_id = ?")) {
        ps.setLong(1, user);
        try (var rs = ps.executeQuery()) {
          if (!rs.next() || rs.getLong(1) != user || rs.getLong(3) != replica.serverId()) {
            throw new IllegalStateException("ShardingSphere did not read key " + user + " from " + replica.name());
          }
        }
      }
    }
  }
}
