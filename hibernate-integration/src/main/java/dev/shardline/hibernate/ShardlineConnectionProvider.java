package dev.shardline.hibernate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.driver.ShardlineConnection;
import dev.shardline.driver.ShardlineDriver;
import dev.shardline.driver.ShardlineProperty;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.hibernate.HibernateException;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.service.UnknownUnwrapTypeException;
import org.hibernate.service.spi.Configurable;
import org.hibernate.service.spi.Stoppable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hibernate's connections, each bound to the session's shard key: set as
 * {@code hibernate.multi_tenant_connection_provider}, with {@link ShardTenantResolver} as
 * {@code hibernate.tenant_identifier_resolver}.
 *
 * <p>Configured from Hibernate's properties alone (docs/hibernate.md): the URL
 * ({@code hibernate.connection.url} or {@code jakarta.persistence.jdbc.url}, a {@code jdbc:shardline:}
 * URL), user and password, every {@code hibernate.shardline.*} property passed to the driver as
 * {@code shardline.*} (a name the driver does not know fails the boot, naming it) and HikariCP as
 * the pool ({@code hibernate.hikari.*}, as Hibernate's own HikariCP provider reads them). When the
 * application hands Hibernate a DataSource instead ({@code hibernate.connection.datasource} or
 * {@code jakarta.persistence.nonJtaDataSource}, as Spring Boot does), that pool is used and the
 * {@code shardline.*} properties belong on its URL.
 *
 * <p>A connection handed to a bound session has the session's key set on its logical connection
 * ({@link ShardlineConnection#useKey}); one for an unbound session, or for Hibernate's own work
 * (schema tools, metadata), has none. The key is cleared when Hibernate releases the connection,
 * before the pool gets it back, and a connection whose key cannot be cleared is evicted from the
 * pool rather than handed to the next session with a stale key.
 *
 * <p>Thread safety: thread safe once configured (Hibernate configures it once, at boot).
 */
public final class ShardlineConnectionProvider
    implements MultiTenantConnectionProvider<String>, Configurable, Stoppable {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ShardlineConnectionProvider.class);
  private static final String PREFIX = "hibernate.";
  private static final String SHARDLINE = "hibernate.shardline.";
  private static final String HIKARI = "hibernate.hikari.";

  private transient DataSource dataSource;
  private transient HikariDataSource ownPool;
  private transient ShardColumns shardColumns = ShardColumns.DEFAULT;

  @Override
  public void configure(Map<String, Object> settings) {
    Map<String, String> shardline = shardlineProperties(settings);
    shardColumns = ShardColumns.from(shardline);
    Object given = first(settings, "hibernate.connection.datasource", "jakarta.persistence.nonJtaDataSource");
    if (given instanceof DataSource supplied) {
      if (!shardline.isEmpty()) {
        throw new HibernateException("hibernate.shardline.* properties " + new ArrayList<>(shardline.keySet()) + " are set, but the"
            + " application supplies the DataSource (hibernate.connection.datasource / jakarta.persistence.nonJtaDataSource), so Shardline"
            + " cannot pass them to the driver: put them on the DataSource's jdbc:shardline: URL (e.g. ?shardline.database=app) instead");
      }
      dataSource = supplied;
      log.info("Shardline Hibernate connections come from the application's DataSource {}", supplied.getClass().getName());
      return;
    }
    if (given != null) {
      throw new HibernateException("hibernate.connection.datasource is a " + given.getClass().getName() + "; Shardline takes a DataSource"
          + " object there (a JNDI name is not supported), or no DataSource and hibernate.connection.url");
    }
    ownPool = new HikariDataSource(hikariConfig(settings, shardline));
    dataSource = ownPool;
  }

  /** The {@code hibernate.shardline.*} settings as driver properties ({@code shardline.*}); an unknown name fails the boot. */
  private static Map<String, String> shardlineProperties(Map<String, Object> settings) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Object> entry : settings.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(SHARDLINE)) {
        continue;
      }
      String driverName = name.substring(PREFIX.length());
      if (ShardlineProperty.byKey(driverName).isEmpty()) {
        List<String> known = ShardlineProperty.keys().stream().map(k -> PREFIX + k).toList();
        throw new HibernateException("unknown property " + name + ": the Shardline driver has no property " + driverName
            + "; Shardline knows " + known);
      }
      out.put(driverName, String.valueOf(entry.getValue()));
    }
    return out;
  }

  private static HikariConfig hikariConfig(Map<String, Object> settings, Map<String, String> shardline) {
    Object url = first(settings, "hibernate.connection.url", "jakarta.persistence.jdbc.url");
    if (url == null) {
      throw new HibernateException("no JDBC URL: set hibernate.connection.url (or jakarta.persistence.jdbc.url) to"
          + " jdbc:shardline://DIRECTORY_HOST:3306/DIRECTORY_DATABASE?shardline.database=APP");
    }
    ShardlineDriver driver = new ShardlineDriver();
    if (!driver.acceptsURL(url.toString())) {
      throw new HibernateException("hibernate.connection.url must be a jdbc:shardline: URL for " + ShardlineConnectionProvider.class.getSimpleName()
          + ", it starts with '" + url.toString().substring(0, Math.min(url.toString().length(), 16)) + "'");
    }
    Properties pool = new Properties();
    for (Map.Entry<String, Object> entry : settings.entrySet()) {
      if (entry.getKey().startsWith(HIKARI) && entry.getValue() != null) {
        pool.setProperty(entry.getKey().substring(HIKARI.length()), entry.getValue().toString());
      }
    }
    HikariConfig hikari = new HikariConfig(pool);
    hikari.setDriverClassName(ShardlineDriver.class.getName());
    hikari.setJdbcUrl(url.toString());
    Object user = first(settings, "hibernate.connection.username", "jakarta.persistence.jdbc.user");
    Object password = first(settings, "hibernate.connection.password", "jakarta.persistence.jdbc.password");
    if (user != null) {
      hikari.setUsername(user.toString());
    }
    if (password != null) {
      hikari.setPassword(password.toString());
    }
    Object poolSize = settings.get("hibernate.connection.pool_size");
    if (poolSize != null && !pool.containsKey("maximumPoolSize")) {
      hikari.setMaximumPoolSize(Integer.parseInt(poolSize.toString().trim()));
    }
    if (hikari.getPoolName() == null) {
      hikari.setPoolName("shardline-hibernate");
    }
    shardline.forEach(hikari::addDataSourceProperty);
    return hikari;
  }

  private static Object first(Map<String, Object> settings, String... names) {
    for (String name : names) {
      Object value = settings.get(name);
      if (value != null && !(value instanceof String s && s.isBlank())) {
        return value;
      }
    }
    return null;
  }

  /** Which column of each table is its shard column, as the properties declare it (for {@link ShardlineIntegrator}). */
  ShardColumns shardColumns() {
    return shardColumns;
  }

  // --- connections ---------------------------------------------------------------------------

  @Override
  public Connection getAnyConnection() throws SQLException {
    return getConnection(ShardContext.UNBOUND);
  }

  @Override
  public void releaseAnyConnection(Connection connection) throws SQLException {
    releaseConnection(ShardContext.UNBOUND, connection);
  }

  @Override
  public Connection getConnection(String tenant) throws SQLException {
    Connection connection = requireConfigured().getConnection();
    try {
      ShardlineConnection shardline = connection.unwrap(ShardlineConnection.class);
      if (tenant == null || ShardContext.UNBOUND.equals(tenant)) {
        shardline.clearKey();
      } else {
        shardline.useKey(tenant);
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      discard(connection, e);
      throw e;
    }
  }

  @Override
  public void releaseConnection(String tenant, Connection connection) throws SQLException {
    try {
      connection.unwrap(ShardlineConnection.class).clearKey();
    } catch (SQLException | RuntimeException e) {
      discard(connection, e);
      throw e;
    }
    connection.close();
  }

  /** A connection whose key state is unknown never goes back to the pool. */
  private void discard(Connection connection, Exception cause) {
    try {
      if (ownPool != null && !connection.isClosed()) {
        ownPool.evictConnection(connection);
      } else {
        connection.close();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private DataSource requireConfigured() throws SQLException {
    DataSource ds = dataSource;
    if (ds == null) {
      throw new SQLException(ShardlineConnectionProvider.class.getSimpleName() + " is not configured (or was stopped)", "08003");
    }
    return ds;
  }

  /** Connections are held for a transaction and released after it, never per statement. */
  @Override
  public boolean supportsAggressiveRelease() {
    return false;
  }

  @Override
  public boolean isUnwrappableAs(Class<?> type) {
    return type.isInstance(this) || (type.isInstance(dataSource));
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    if (type.isInstance(dataSource)) {
      return type.cast(dataSource);
    }
    throw new UnknownUnwrapTypeException(type);
  }

  /** Closes the pool this provider made; an application's DataSource stays the application's to close. */
  @Override
  public void stop() {
    if (ownPool != null) {
      ownPool.close();
      ownPool = null;
    }
    dataSource = null;
  }
}
