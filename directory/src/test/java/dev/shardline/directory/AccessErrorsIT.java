package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.MysqlDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.WithSandbox;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A directory server that answers and refuses (wrong password, unknown user, missing or forbidden
 * database) is reported as exactly that, at once, as {@link DirectoryAccessException}: never as "cannot
 * be reached", never by moving on to a replica. Through a HikariCP pool too, as the driver uses,
 * which wraps the refusal in its own connection-timeout exception.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AccessErrorsIT {
  private static final String DB = "dir_it_access";
  private static final String OTHER_DB = "dir_it_access_other";
  /** A user that exists but may use only OTHER_DB. */
  private static final String NARROW_USER = "dir_it_narrow";
  private static final String NARROW_PASSWORD = "Narrow-S3cret";

  private final SandboxCluster cluster;
  private final SandboxInstance primary;

  AccessErrorsIT(SandboxCluster cluster) {
    this.cluster = cluster;
    this.primary = cluster.directoryPrimary();
  }

  @BeforeAll
  static void databasesAndUser(SandboxCluster cluster) throws DirectoryException {
    ItSupport.migratedDatabase(cluster, DB);
    ItSupport.freshDatabase(cluster, OTHER_DB);
    cluster.directoryPrimary().execute(
        "CREATE USER IF NOT EXISTS '" + NARROW_USER + "'@'%' IDENTIFIED BY '" + NARROW_PASSWORD + "'",
        "GRANT SELECT ON " + OTHER_DB + ".* TO '" + NARROW_USER + "'@'%'");
  }

  private MysqlDataSource plain(String database, String user, String password) {
    MysqlDataSource ds = new MysqlDataSource();
    ds.setUrl(primary.jdbcUrl(database));
    ds.setUser(user);
    ds.setPassword(password);
    return ds;
  }

  /** As the driver builds its directory pools: started lazily, so a refused login surfaces at the first borrow. */
  private HikariDataSource pool(SandboxInstance instance, String database, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(instance.jdbcUrl(database));
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(1_000);
    config.setInitializationFailTimeout(-1);
    config.setPoolName("it-access-" + user);
    return new HikariDataSource(config);
  }

  private static DirectoryAccessException openFails(DataSource primary, List<DataSource> replicas) {
    return assertThrows(DirectoryAccessException.class,
        () -> Directory.open(DirectoryConfig.builder().primary(primary).replicas(replicas).instanceName("access").build()));
  }

  private void assertAccessDenied(DirectoryAccessException e, String user, String password) {
    assertEquals("28000", e.getSQLState());
    assertEquals(1045, e.getErrorCode());
    assertEquals(DirectoryAccessException.Reason.ACCESS_DENIED, e.reason());
    assertTrue(e.getMessage().startsWith("access denied to the directory on directory primary " + primary.address()
        + " for user '" + user + "': Access denied for user '" + user + "'"), e.getMessage());
    assertTrue(e.getMessage().endsWith("; check the user and password"), e.getMessage());
    assertFalse(e.getMessage().contains("cannot be reached"), e.getMessage());
    assertFalse(e.getMessage().contains(password), e.getMessage());
  }

  /** Regression: through a pool, a wrong password read "cannot be reached ... check that the server is running". */
  @Test
  void aWrongPasswordThroughAPoolIsAnAccessFailure() {
    try (HikariDataSource pool = pool(primary, DB, SandboxCluster.APP_USER, "Wrong-Pw-1")) {
      assertAccessDenied(openFails(pool, List.of()), SandboxCluster.APP_USER, "Wrong-Pw-1");
    }
  }

  @Test
  void anUnknownUserIsAnAccessFailureWithOrWithoutAPool() {
    assertAccessDenied(openFails(plain(DB, "nobody_here", "Some-Pw-2"), List.of()), "nobody_here", "Some-Pw-2");
    try (HikariDataSource pool = pool(primary, DB, "nobody_here", "Some-Pw-2")) {
      assertAccessDenied(openFails(pool, List.of()), "nobody_here", "Some-Pw-2");
    }
  }

  @Test
  void aPrimaryThatRefusesTheLoginIsNotReplacedByAReplica() {
    DataSource replica = ItSupport.plain(cluster.directoryReplica().orElseThrow(), DB);
    try (HikariDataSource pool = pool(primary, DB, SandboxCluster.APP_USER, "Wrong-Pw-3")) {
      DirectoryAccessException e = openFails(pool, List.of(replica));
      assertAccessDenied(e, SandboxCluster.APP_USER, "Wrong-Pw-3");
      assertEquals(0, e.getSuppressed().length, "no other server was tried");
    }
  }

  @Test
  void aMissingDatabaseIsNamedAndSaysToRunInit() {
    String missing = "dir_it_no_such_db";
    for (DataSource ds : List.<DataSource>of(
        plain(missing, SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD),
        pool(primary, missing, SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD))) {
      try {
        DirectoryAccessException e = openFails(ds, List.of());
        assertEquals("42000", e.getSQLState());
        assertEquals(DirectoryAccessException.Reason.UNKNOWN_DATABASE, e.reason());
        assertEquals("the directory database '" + missing + "' does not exist on directory primary " + primary.address()
            + ": Unknown database '" + missing + "'; create it with `shardline init`, or correct the database name in the"
            + " JDBC URL", e.getMessage());
      } finally {
        if (ds instanceof HikariDataSource pool) {
          pool.close();
        }
      }
    }
  }

  @Test
  void aDatabaseTheUserMayNotUseIsAnAccessFailure() {
    try (HikariDataSource pool = pool(primary, DB, NARROW_USER, NARROW_PASSWORD)) {
      DirectoryAccessException e = openFails(pool, List.of());
      assertEquals("42000", e.getSQLState());
      assertEquals(DirectoryAccessException.Reason.DATABASE_ACCESS_DENIED, e.reason());
      assertTrue(e.getMessage().startsWith("access denied to the directory database '" + DB + "' on directory primary "
          + primary.address() + " for user '" + NARROW_USER + "': Access denied for user '" + NARROW_USER + "'"), e.getMessage());
      assertFalse(e.getMessage().contains(NARROW_PASSWORD), e.getMessage());
    }
  }
}
