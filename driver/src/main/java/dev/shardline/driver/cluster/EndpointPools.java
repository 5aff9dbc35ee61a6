package dev.shardline.driver.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HikariCP pool per physical endpoint ({@code host:port}), created on first use.
 *
 * <p>Pools are keyed by address, not by node, so a server that is both a node's replica and
 * another's backup is pooled once. Before a pool is created the endpoint is tried once with a
 * plain connection: a wrong user or password, or a missing database, is reported at once as what it
 * is, instead of after HikariCP's checkout timeout as "cannot get a connection". An endpoint that
 * is merely down still gets its pool (it may come back); the failure reaches the caller as a
 * connection failure, which the retry policy understands.
 *
 * <p>Thread safety: the map is concurrent and Hikari pools are thread safe; {@link #close} must
 * not race with {@link #borrow} (the runtime closes pools only after its connections are done).
 */
final class EndpointPools implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EndpointPools.class);
  /** Connector/J's statement cache, on unless the application configures it. */
  static final Map<String, String> PREPARED_STATEMENT_CACHE = Map.of("cachePrepStmts", "true", "prepStmtCacheSize", "250", "prepStmtCacheSqlLimit", "2048");
  static final Map<String, String> STREAMING = Map.of("netTimeoutForStreamingResults", "0", "sessionVariables", "net_write_timeout=600");
  private final EndpointSettings settings;
  private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

  EndpointPools(EndpointSettings settings) {
    this.settings = settings;
  }

  /** A physical connection to {@code address}; the caller closes it to give it back. */
  Connection borrow(String address, String nodeName, EndpointRole role) throws SQLException {
    HikariDataSource pool = pools.get(address);
    if (pool == null) {
      pool = createPool(address, nodeName, role);
    }
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      if (e.getSQLState() == null && e.getCause() == null) {
        // Hikari timed out with no connection failure behind it: the endpoint is up, the pool is busy.
        throw new SQLTimeoutException(
            "no free connection to node " + nodeName + " (" + role.label() + " " + address + ") within "
                + settings.checkoutTimeoutMs() + " ms: " + e.getMessage()
                + "; close result sets and statements sooner, or raise shardline.pool.maxSize", "HYT00", e);
      }
      SQLException refused = Logins.refusal(e, describe(address, nodeName, role), settings.user(), settings.database());
      if (refused != null) {
        throw refused;
      }
      throw NodeErrors.withContext(e,
          "cannot get a connection to node " + nodeName + " (" + role.label() + " " + address + "): " + e.getMessage());
    }
  }

  private synchronized HikariDataSource createPool(String address, String nodeName, EndpointRole role) throws SQLException {
    HikariDataSource existing = pools.get(address);
    if (existing != null) {
      return existing;
    }
    tryLogin(address, nodeName, role);
    HikariDataSource pool = newPool(address);
    pools.put(address, pool);
    return pool;
  }

  /** One plain connection: access denied or an unknown database fail here, before any pool exists. */
  private void tryLogin(String address, String nodeName, EndpointRole role) throws SQLException {
    Properties properties = new Properties();
    settings.connectorProperties().forEach(properties::setProperty);
    properties.setProperty("user", settings.user());
    properties.setProperty("password", settings.password());
    properties.setProperty("connectTimeout", Integer.toString(settings.connectTimeoutMs()));
    try (Connection ignored = DriverManager.getConnection(jdbcUrl(address, settings.database()), properties)) {
      // it logs in: the pool can be built
    } catch (SQLException e) {
      SQLException refused = Logins.refusal(e, describe(address, nodeName, role), settings.user(), settings.database());
      if (refused != null) {
        throw refused;
      }
      log.debug("{}: endpoint {} did not answer its first connection ({}); its pool is created anyway", settings.instanceName(), address, e.getMessage());
    }
  }

  private HikariDataSource newPool(String address) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(settings.instanceName() + "-" + address);
    hikari.setJdbcUrl(jdbcUrl(address, settings.database()));
    hikari.setUsername(settings.user());
    hikari.setPassword(settings.password());
    hikari.setMaximumPoolSize(settings.poolMaxSize());
    hikari.setMinimumIdle(settings.poolMinIdle());
    hikari.setConnectionTimeout(settings.checkoutTimeoutMs());
    // Pools are created lazily, often while an endpoint is down: fail the checkout, not the pool.
    hikari.setInitializationFailTimeout(-1);
    hikari.addDataSourceProperty("connectTimeout", settings.connectTimeoutMs());
    // Every execution prepares its statement on a pooled connection, and Connector/J parses the SQL
    // of each client-side prepare: most of a point select's client CPU. Its per-connection cache of
    // parsed statements removes that. The application's own settings win.
    PREPARED_STATEMENT_CACHE.forEach(hikari::addDataSourceProperty);
    // Scatter queries stream their nodes' rows. Connector/J raises net_write_timeout around every
    // streamed query (a SET before it and another after it: two round trips per node per query);
    // set once per connection instead, the server waits as long for a slow reader.
    STREAMING.forEach(hikari::addDataSourceProperty);
    settings.connectorProperties().forEach(hikari::addDataSourceProperty);
    return new HikariDataSource(hikari);
  }

  /** A Connector/J URL for an endpoint; pass-through properties go in as data source properties. */
  static String jdbcUrl(String address, String database) {
    return "jdbc:mysql://" + address + "/" + database;
  }

  private static String describe(String address, String nodeName, EndpointRole role) {
    return "node " + nodeName + " (" + role.label() + " " + address + ")";
  }

  /** Closes a borrowed connection now and drops it from its pool; the borrower must not close it again. */
  void evict(String address, Connection borrowed) {
    HikariDataSource pool = pools.get(address);
    if (pool != null) {
      pool.evictConnection(borrowed);
    }
  }

  /** Closes the idle connections of a failed endpoint now, and the busy ones when they come back. */
  void evictIdle(String address) {
    HikariDataSource pool = pools.get(address);
    if (pool != null && pool.getHikariPoolMXBean() != null) {
      pool.getHikariPoolMXBean().softEvictConnections();
    }
  }

  List<EndpointPoolFigures> figures() {
    List<EndpointPoolFigures> out = new ArrayList<>();
    pools.forEach((address, pool) -> {
      HikariPoolMXBean bean = pool.getHikariPoolMXBean();
      out.add(bean == null
          ? new EndpointPoolFigures(address, 0, 0, 0, 0)
          : new EndpointPoolFigures(address, bean.getActiveConnections(), bean.getIdleConnections(), bean.getTotalConnections(), bean.getThreadsAwaitingConnection()));
    });
    out.sort(Comparator.comparing(EndpointPoolFigures::endpoint));
    return out;
  }

  /**
   * Closes every pool. Pools close in parallel: one pool waiting on a dead server (a connection
   * attempt in flight) must not hold up the others, and the whole close is bounded by {@code
   * deadlineMs}; a pool still closing then finishes on its own daemon thread.
   */
  void close(long deadlineMs) {
    List<Thread> closers = new ArrayList<>();
    for (HikariDataSource pool : pools.values()) {
      Thread closer = new Thread(pool::close, settings.instanceName() + "-close-" + pool.getPoolName());
      closer.setDaemon(true);
      closer.start();
      closers.add(closer);
    }
    pools.clear();
    Deadlines.joinAll(closers, deadlineMs, settings.instanceName() + ": endpoint pools");
  }

  @Override
  public void close() {
    close(Deadlines.CLOSE_MS);
  }
}
