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
  void otherErrorsKeepTheirStateAndSayWhatFailed() {
    SQLException denied = new SQLException("Access denied for user 'x'", "28000", 1045);
    DirectoryException e = Failures.wrap(denied, primary, "x");
    assertFalse(e instanceof DirectoryUnavailableException);
    assertEquals("28000", e.getSQLState());
    assertTrue(e.getMessage().contains("refused the login"), e.getMessage());

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
