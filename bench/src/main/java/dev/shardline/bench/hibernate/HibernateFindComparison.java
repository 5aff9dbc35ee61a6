package dev.shardline.bench.hibernate;

import static dev.shardline.bench.driver.PointSelectComparison.median;
import static dev.shardline.bench.driver.PointSelectComparison.round;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.bench.driver.BenchClusters;
import dev.shardline.bench.driver.PointSelectComparison;
import dev.shardline.hibernate.ShardContext;
import dev.shardline.hibernate.ShardTenantResolver;
import dev.shardline.hibernate.ShardlineConnectionProvider;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import java.util.Arrays;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/**
 * End to end, in one run: Hibernate {@code session.find(User.class, key)} (open a session, find,
 * close; autocommit, so a replica answers) through Shardline versus through Connector/J + HikariCP
 * straight to the same node's replica. Three sides, rounds alternating: direct (Connector/J with
 * its statement cache on, as Shardline sets it for its own physical connections), Shardline with an
 * unbound session (the key is in the SQL), Shardline with a session bound to the key
 * ({@link ShardContext}). The report gives each round, the medians and the ratios.
 *
 * <p>Run: {@code mvn -q -B -pl bench exec:exec -Dbench.main=dev.shardline.bench.hibernate.HibernateFindComparison -Dbench.args="5 3"}
 * (arguments: seconds per round, rounds; threads 1 and 4).
 */
public final class HibernateFindComparison {
  private interface Find {
    BenchUser find(SessionFactory factory, long key);
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try (BenchClusters.Handle bench = BenchClusters.start("bench-hibernate-find")) {
      SandboxNode node = bench.cluster().nodes().get(0);
      long[] keys = bench.keysOn(node.name());
      HikariConfig direct = new HikariConfig();
      direct.setJdbcUrl(bench.directReplicaUrl(node));
      direct.setUsername(SandboxCluster.APP_USER);
      direct.setPassword(SandboxCluster.APP_PASSWORD);
      direct.setMaximumPoolSize(8);
      direct.addDataSourceProperty("cachePrepStmts", "true");
      direct.addDataSourceProperty("prepStmtCacheSize", "250");
      direct.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
      try (HikariDataSource directPool = new HikariDataSource(direct);
          SessionFactory directFactory = factory(Map.of("hibernate.connection.datasource", directPool));
          SessionFactory shardlineFactory = factory(Map.of(
              "hibernate.connection.url", bench.url(),
              "hibernate.multi_tenant_connection_provider", ShardlineConnectionProvider.class.getName(),
              "hibernate.tenant_identifier_resolver", ShardTenantResolver.class.getName(),
              "hibernate.hikari.maximumPoolSize", "8"))) {
        Find plain = (factory, key) -> {
          try (Session session = factory.openSession()) {
            return session.find(BenchUser.class, key);
          }
        };
        Find bound = (factory, key) -> {
          try (ShardContext.Binding binding = ShardContext.bind(key); Session session = factory.openSession()) {
            return session.find(BenchUser.class, key);
          }
        };
        System.out.printf("Hibernate find by key on %s's replica, %d keys of that node, %d s rounds, %d rounds per side%n",
            node.name(), keys.length, seconds, rounds);
        for (int threads : new int[] {1, 4}) {
          run(threads, 1, directFactory, plain, keys); // warm-up
          run(threads, 1, shardlineFactory, plain, keys);
          run(threads, 1, shardlineFactory, bound, keys);
          double[] d = new double[rounds];
          double[] s = new double[rounds];
          double[] b = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            d[r] = run(threads, seconds, directFactory, plain, keys);
            s[r] = run(threads, seconds, shardlineFactory, plain, keys);
            b[r] = run(threads, seconds, shardlineFactory, bound, keys);
          }
          System.out.printf("threads=%d Hibernate+Connector/J direct: %s finds/s; Hibernate+Shardline unbound: %s; bound: %s%n",
              threads, Arrays.toString(round(d)), Arrays.toString(round(s)), Arrays.toString(round(b)));
          System.out.printf("threads=%d medians %.0f / %.0f / %.0f; ratio Shardline/direct unbound %.3f, bound %.3f%n",
              threads, median(d), median(s), median(b), median(s) / median(d), median(b) / median(d));
        }
      }
    }
  }

  private static SessionFactory factory(Map<String, Object> settings) {
    StandardServiceRegistryBuilder registry = new StandardServiceRegistryBuilder()
        .applySetting("hibernate.dialect", "org.hibernate.dialect.MariaDBDialect")
        .applySetting("hibernate.hbm2ddl.auto", "none");
    settings.forEach(registry::applySetting);
    return new MetadataSources(registry.build()).addAnnotatedClass(BenchUser.class).buildMetadata().buildSessionFactory();
  }

  private static double run(int threads, int seconds, SessionFactory factory, Find find, long[] keys) throws Exception {
    return PointSelectComparison.opsPerSecond(threads, seconds, keys, key -> {
      BenchUser user = find.find(factory, key);
      if (user == null || user.getUserId() != key) {
        throw new IllegalStateException("wrong row for key " + key);
      }
    });
  }
}
