package dev.shardline.directory;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One directory server as the client reaches it: a {@link DataSource} and the label messages use
 * ({@code directory primary 10.0.0.5:3306}).
 *
 * <p>A {@code DataSource} does not say where it points, so the address is learnt from the first
 * connection's metadata (or read from a Connector/J {@code MysqlDataSource}'s URL up front); until
 * then the label uses the data source's own {@code toString}. Passwords never reach the label.
 *
 * <p>Thread safety: safe for concurrent use; the learnt address is a benign racy cache.
 */
final class DirectorySource {
  private final DataSource dataSource;
  private final String role;
  private final boolean primary;
  private volatile String address;

  private DirectorySource(DataSource dataSource, String role, boolean primary) {
    this.dataSource = dataSource;
    this.role = role;
    this.primary = primary;
    this.address = dataSource instanceof MysqlDataSource mysql ? JdbcUrls.hostAndPort(mysql.getUrl()) : null;
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
