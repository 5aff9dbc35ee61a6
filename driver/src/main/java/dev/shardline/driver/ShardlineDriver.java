package dev.shardline.driver;

import dev.shardline.driver.jdbc.LogicalConnection;
import dev.shardline.driver.runtime.DriverConfig;
import dev.shardline.driver.runtime.Runtimes;
import dev.shardline.driver.runtime.ShardlineUrl;
import dev.shardline.driver.runtime.Version;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code java.sql.Driver} for {@code jdbc:shardline://} URLs, registered through
 * {@code META-INF/services/java.sql.Driver}. It accepts no other URL, so it coexists with
 * Connector/J.
 *
 * <p>Connections of the same URL and properties share one runtime (directory client, pools,
 * caches), started by the first {@code connect} and kept for the life of the JVM or until {@link
 * #shutdown()}. Thread safety: thread safe.
 */
public final class ShardlineDriver implements Driver {
  private static final ShardlineDriver INSTANCE = new ShardlineDriver();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // JDBC: a driver returns null for URLs of other drivers
    }
    return new LogicalConnection(Runtimes.runtime(DriverConfig.from(url, info)));
  }

  /**
   * Closes every runtime: pools, directory clients and their pollers. Connections become
   * unusable. Bounded: servers that are down cannot hold it up for long (see docs/driver.md).
   */
  public static void shutdown() {
    Runtimes.shutdown();
  }

  @Override
  public boolean acceptsURL(String url) {
    return ShardlineUrl.accepts(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    List<DriverPropertyInfo> infos = new ArrayList<>();
    for (ShardlineProperty property : ShardlineProperty.values()) {
      DriverPropertyInfo p = new DriverPropertyInfo(property.key(), info == null ? null : info.getProperty(property.key(), property.defaultValue().orElse(null)));
      p.description = property.description() + " Allowed: " + property.allowedValues() + ".";
      p.required = property == ShardlineProperty.DATABASE;
      infos.add(p);
    }
    return infos.toArray(new DriverPropertyInfo[0]);
  }

  @Override
  public int getMajorVersion() {
    return Version.MAJOR;
  }

  @Override
  public int getMinorVersion() {
    return Version.MINOR;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("Shardline logs through SLF4J, not java.util.logging");
  }
}
