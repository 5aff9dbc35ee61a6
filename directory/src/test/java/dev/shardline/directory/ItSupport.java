package dev.shardline.directory;

import com.mysql.cj.jdbc.MysqlDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.sandbox.Await;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/** Databases, data sources and bounded waits for the integration tests. */
final class ItSupport {
  /** Short enough that tests observe the poller in well under a second. */
  static final Duration POLL = Duration.ofMillis(100);
  static final Duration LEASE = Duration.ofMillis(600);

  private ItSupport() {}

  /** Drops and creates a database on the directory primary (it replicates to the directory replica). */
  static String freshDatabase(SandboxCluster cluster, String name) {
    cluster.directoryPrimary().execute("DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name);
    return name;
  }

  /** Creates a database with the directory schema in it. */
  static String migratedDatabase(SandboxCluster cluster, String name) throws DirectoryException {
    freshDatabase(cluster, name);
    DirectorySchema.migrate(plain(cluster.directoryPrimary(), name));
    return name;
  }

  /** An unpooled data source as the application user: a connection per call, as the CLI uses. */
  static MysqlDataSource plain(SandboxInstance instance, String database) {
    MysqlDataSource ds = new MysqlDataSource();
    ds.setUrl(instance.jdbcUrl(database));
    ds.setUser(SandboxCluster.APP_USER);
    ds.setPassword(SandboxCluster.APP_PASSWORD);
    return ds;
  }

  /** A HikariCP pool as the application user, as the driver gives the directory. */
  static HikariDataSource pool(SandboxInstance instance, String database, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(instance.jdbcUrl(database));
    config.setUsername(SandboxCluster.APP_USER);
    config.setPassword(SandboxCluster.APP_PASSWORD);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(3_000);
    config.setPoolName("it-" + database + "-" + instance.name());
    return new HikariDataSource(config);
  }

  /** A client of the database on the directory primary, with the replica as fallback. */
  static DirectoryConfig.Builder config(SandboxCluster cluster, String database, String instanceName) {
    DirectoryConfig.Builder b =
        DirectoryConfig.builder()
            .primary(plain(cluster.directoryPrimary(), database))
            .pollInterval(POLL)
            .writeLease(LEASE)
            .instanceName(instanceName);
    cluster.directoryReplica().ifPresent(r -> b.replicas(List.<DataSource>of(plain(r, database))));
    return b;
  }

  static List<String> endpoints(String commaSeparated) {
    return List.of(commaSeparated.split(","));
  }

  @FunctionalInterface
  interface Check {
    boolean ok() throws Exception;
  }

  /**
   * {@link Await#until} for checks that call the directory, whose methods throw checked exceptions: a
   * check that throws ends the wait at once with an {@link AssertionError} carrying the cause. A bound,
   * not a speed test.
   */
  static void await(Duration timeout, String what, Check check) {
    Await.until(timeout, what, () -> holds(check, what));
  }

  private static boolean holds(Check check, String what) {
    try {
      return check.ok();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("checking whether " + what + " failed: " + e.getMessage(), e);
    }
  }
}
