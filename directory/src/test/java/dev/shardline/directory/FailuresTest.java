package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  private final DirectorySource primary = primaryAt("jdbc:mysql://10.1.2.3:3306/dir?password=secret");

  private static DirectorySource primaryAt(String url) {
    MysqlDataSource ds = new MysqlDataSource();
    ds.setUrl(url);
    return DirectorySource.primary(ds);
  }

  @Test
  void connectionFailuresBecomeUnavailableNamingTheServerWithoutCredentials() {
    SQLException refused = new SQLException("Communications link failure\n\nThe last packet sent ...", "08S01");
    DirectoryException e = Failures.wrap(refused, primary, "assigning key '1' to a node");
    assertInstanceOf(DirectoryUnavailableException.class, e);
    assertEquals("08S01", e.getSQLState());
    assertEquals(
        "directory primary 10.1.2.3:3306 cannot be reached (Communications link failure); assigning key '1' to a node"
            + " needs it. Check that the server is running and reachable from this host",
        e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
    assertSame(refused, e.getCause());
  }

  @Test
  void poolTimeoutsCountAsUnavailable() {
    assertTrue(Failures.isUnavailable(new SQLTransientConnectionException("pool timed out", (String) null)));
    assertEquals(
        DirectoryUnavailableException.SQLSTATE,
        Failures.wrap(new SQLTransientConnectionException("pool timed out", (String) null), primary, "x").getSQLState());
  }

  @Test
  void aReadOnlyPrimaryIsUnavailableForWrites() {
    SQLException readOnly = new SQLException("The MariaDB server is running with the --read-only option", "HY000", 1290);
    DirectoryException e = Failures.wrap(readOnly, primary, "registering node 'n'");
    assertInstanceOf(DirectoryUnavailableException.class, e);
    assertTrue(e.getMessage().contains("is read-only"), e.getMessage());
    assertEquals(1290, e.getErrorCode());
  }

  @Test
  void aRefusedLoginIsAnAccessFailureNamingServerAndUserButNeverThePassword() {
    SQLException denied = new SQLException("Access denied for user 'app'@'10.0.0.9' (using password: YES)", "28000", 1045);
    DirectoryException e = Failures.wrap(denied, primary, "opening the directory");
    DirectoryAccessException access = assertInstanceOf(DirectoryAccessException.class, e);
    assertEquals(DirectoryAccessException.Reason.ACCESS_DENIED, access.reason());
    assertEquals("28000", e.getSQLState());
    assertEquals(1045, e.getErrorCode());
    assertEquals("access denied to the directory on directory primary 10.1.2.3:3306 for user 'app': Access denied for"
        + " user 'app'@'10.0.0.9' (using password: YES); check the user and password", e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
  }

  /** Regression: a pool's timeout wrapping a wrong password read as "cannot be reached ... check that the server is running". */
  @Test
  void aPoolTimeoutCausedByARefusedLoginIsAnAccessFailureNotAnOutage() {
    SQLException denied = new SQLException("Access denied for user 'app'@'10.0.0.9' (using password: YES)", "28000", 1045);
    SQLTransientConnectionException pool = new SQLTransientConnectionException(
        "dir-pool - Connection is not available, request timed out after 3001ms (total=0, active=0, idle=0, waiting=0)",
        "28000", denied);
    assertTrue(Failures.isUnavailable(pool), "the outer exception alone looks like an outage");
    DirectoryException e = Failures.wrap(pool, primary, "opening the directory");
    assertInstanceOf(DirectoryAccessException.class, e);
    assertFalse(e instanceof DirectoryUnavailableException);
    assertSame(pool, e.getCause(), "the exception as it arrived stays the cause");
    assertEquals("28000", e.getSQLState());
    assertTrue(e.getMessage().startsWith("access denied to the directory on directory primary 10.1.2.3:3306 for user 'app':"),
        e.getMessage());
    assertFalse(e.getMessage().contains("cannot be reached"), e.getMessage());
  }

  @Test
  void anUnknownOrForbiddenDatabaseIsAnAccessFailureThatSaysWhatToDo() {
    SQLException unknown = new java.sql.SQLSyntaxErrorException("Unknown database 'shardline_dir'", "42000", 1049);
    DirectoryAccessException missing = assertInstanceOf(DirectoryAccessException.class,
        Failures.wrap(new SQLTransientConnectionException("pool timed out", "42000", unknown), primary, "opening the directory"));
    assertEquals(DirectoryAccessException.Reason.UNKNOWN_DATABASE, missing.reason());
    assertEquals("42000", missing.getSQLState());
    assertEquals(1049, missing.getErrorCode());
    assertEquals("the directory database 'shardline_dir' does not exist on directory primary 10.1.2.3:3306: Unknown"
        + " database 'shardline_dir'; create it with `shardline init`, or correct the database name in the JDBC URL",
        missing.getMessage());

    SQLException forbidden = new SQLException("Access denied for user 'app'@'%' to database 'shardline_dir'", "42000", 1044);
    DirectoryAccessException denied = assertInstanceOf(DirectoryAccessException.class, Failures.wrap(forbidden, primary, "x"));
    assertEquals(DirectoryAccessException.Reason.DATABASE_ACCESS_DENIED, denied.reason());
    assertEquals("42000", denied.getSQLState());
    assertEquals("access denied to the directory database 'shardline_dir' on directory primary 10.1.2.3:3306 for user 'app':"
        + " Access denied for user 'app'@'%' to database 'shardline_dir'; grant the user SELECT, INSERT and UPDATE on it"
        + " (and CREATE, ALTER, INDEX and REFERENCES to run `shardline init` or `shardline migrate`)", denied.getMessage());
  }

  @Test
  void otherErrorsKeepTheirStateAndSayWhatFailed() {
    SQLException other = new SQLException("Data too long", "22001", 1406);
    DirectoryException wrapped = Failures.wrap(other, primary, "registering node 'n'");
    assertEquals("registering node 'n' failed on directory primary 10.1.2.3:3306: Data too long", wrapped.getMessage());
    assertEquals("22001", wrapped.getSQLState());
  }

  @Test
  void hostAndPortIgnoresCredentials() {
    assertEquals("h:1", JdbcUrls.hostAndPort("jdbc:mysql://user:pw@h:1/db?x=y"));
    assertEquals("a:1,b:2", JdbcUrls.hostAndPort("jdbc:mysql://a:1,b:2/db"));
    assertEquals(null, JdbcUrls.hostAndPort("not a url"));
  }

  @Test
  void durationsReadAsOperatorsWriteThem() {
    assertEquals("250ms", Durations.format(java.time.Duration.ofMillis(250)));
    assertEquals("2s", Durations.format(java.time.Duration.ofSeconds(2)));
    assertEquals("2.4s", Durations.format(java.time.Duration.ofMillis(2400)));
    assertEquals("15us", Durations.format(java.time.Duration.ofNanos(15_000)));
  }
}
