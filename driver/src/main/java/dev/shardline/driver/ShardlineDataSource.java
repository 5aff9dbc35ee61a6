package dev.shardline.driver;

import dev.shardline.driver.jdbc.LogicalConnection;
import dev.shardline.driver.runtime.DriverConfig;
import dev.shardline.driver.runtime.Runtimes;
import dev.shardline.driver.runtime.ShardlineRuntime;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for frameworks and pools: HikariCP by {@code dataSourceClassName}
 * ({@code dataSource.url}, {@code dataSource.user}, {@code dataSource.password}, and any
 * {@code shardline.*} property through {@link #setProperties}), or by {@code jdbcUrl}.
 *
 * <p>Thread safety: configure it before the first {@code getConnection}; after that it is
 * thread safe. {@link #close()} closes the runtime it started.
 */
public final class ShardlineDataSource implements DataSource, AutoCloseable {
  private String url;
  private final Properties properties = new Properties();
  private volatile ShardlineRuntime runtime;
  private int loginTimeout;

  public void setUrl(String url) {
    this.url = url;
  }

  public String getUrl() {
    return url;
  }

  public void setUser(String user) {
    properties.setProperty("user", user);
  }

  public void setPassword(String password) {
    properties.setProperty("password", password);
  }

  /** Any property the URL could carry, e.g. {@code shardline.database}. */
  public void setProperties(Properties more) {
    properties.putAll(more);
  }

  public void setProperty(String name, String value) {
    properties.setProperty(name, value);
  }

  @Override
  public Connection getConnection() throws SQLException {
    ShardlineRuntime started = runtime;
    if (started == null) {
      synchronized (this) {
        if (runtime == null) {
          if (url == null) {
            throw new SQLException("ShardlineDataSource has no url: call setUrl(\"jdbc:shardline://host:port/shardline_directory\")", "HY024");
          }
          runtime = Runtimes.runtime(DriverConfig.from(url, properties));
        }
        started = runtime;
      }
    }
    return new LogicalConnection(started);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("ShardlineDataSource takes its credentials from setUser/setPassword, not per connection");
  }

  @Override
  public void close() {
    ShardlineRuntime started = runtime;
    if (started != null) {
      runtime = null;
      Runtimes.shutdown(started);
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // Shardline logs through SLF4J.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("Shardline logs through SLF4J, not java.util.logging");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("ShardlineDataSource is not a wrapper for " + iface.getName(), "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
