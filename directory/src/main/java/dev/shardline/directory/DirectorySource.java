package dev.shardline.directory;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * One directory server as the client reaches it: a {@link DataSource} and the label messages use
 * ({@code directory primary 10.0.0.5:3306}).
 *
 * <p>A {@code DataSource} does not say where it points, so the address is read up front from its
 * URL where it exposes one (Connector/J's {@code MysqlDataSource}; otherwise a public
 * {@code getJdbcUrl()}, {@code getUrl()} or {@code getURL()}, as HikariCP's and most pools' data
 * sources have), or else learnt from the first connection's metadata; until then the label uses the
 * data source's own {@code toString}. Knowing it up front matters most for the first failure: a
 * pool that cannot log in never yields a connection to learn it from. Passwords never reach the
 * label: only the {@code host:port} part of a URL is kept.
 *
 * <p>Thread safety: safe for concurrent use; the learnt address is a benign racy cache.
 */
final class DirectorySource {
  private static final List<String> URL_GETTERS = List.of("getJdbcUrl", "getUrl", "getURL");

  private final DataSource dataSource;
  private final String role;
  private final boolean primary;
  private volatile String address;

  private DirectorySource(DataSource dataSource, String role, boolean primary) {
    this.dataSource = dataSource;
    this.role = role;
    this.primary = primary;
    this.address = JdbcUrls.hostAndPort(urlOf(dataSource));
  }

  private static String urlOf(DataSource dataSource) {
    if (dataSource instanceof MysqlDataSource mysql) {
      return mysql.getUrl();
    }
    for (String getter : URL_GETTERS) {
      try {
        Method method = dataSource.getClass().getMethod(getter);
        if (method.getReturnType() == String.class) {
          return (String) method.invoke(dataSource);
        }
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // no such getter, or it failed: try the next, else learn the address from a connection
      }
    }
    return null;
  }

  static DirectorySource primary(DataSource dataSource) {
    return new DirectorySource(dataSource, "directory primary", true);
  }

  static DirectorySource replica(DataSource dataSource, int index) {
    return new DirectorySource(dataSource, "directory replica " + index, false);
  }

  boolean isPrimary() {
    return primary;
  }

  /** A connection from the data source; failures are the caller's to map. */
  Connection connect() throws SQLException {
    Connection connection = dataSource.getConnection();
    if (address == null) {
      try {
        address = JdbcUrls.hostAndPort(connection.getMetaData().getURL());
      } catch (SQLException | RuntimeException e) {
        address = null; // the label falls back to the data source's name; not worth failing for
      }
    }
    return connection;
  }

  /** {@code directory primary 10.0.0.5:3306}, or the data source's name until its address is known. */
  String label() {
    String known = address;
    return known != null ? role + " " + known : role + " (" + dataSource + ")";
  }

  @Override
  public String toString() {
    return label();
  }
}
