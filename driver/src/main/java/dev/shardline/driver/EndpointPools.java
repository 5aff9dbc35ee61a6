package dev.shardline.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HikariCP pool per physical endpoint ({@code host:port}), created on first use.
 *
 * <p>Pools are keyed by address, not by node, so a server that is both a node's replica and
 * another's backup is pooled once. Thread safety: the map is concurrent; Hikari pools are thread
 * safe; {@link #close()} must not race with {@link #borrow}.
 */
final class EndpointPools implements AutoCloseable {
  private final DriverConfig config;
  private final String instanceName;
  private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

  EndpointPools(DriverConfig config, String instanceName) {
    this.config = config;
    this.instanceName = instanceName;
  }

  /** A physical connection to {@code address}; the caller closes it to give it back. */
  Connection borrow(String address, String nodeName, EndpointRole role) throws SQLException {
    HikariDataSource pool = pools.computeIfAbsent(address, this::newPool);
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      if (e.getSQLState() == null && e.getCause() == null) {
        // Hikari timed out with no connection failure behind it: the endpoint is up, the pool is busy.
        throw new java.sql.SQLTimeoutException(
            "no free connection to node " + nodeName + " (" + role.label() + " " + address + ") within "
                + config.integer(ShardlineProperty.POOL_CHECKOUT_TIMEOUT_MS) + " ms: " + e.getMessage()
                + "; close result sets and statements sooner, or raise " + ShardlineProperty.POOL_MAX_SIZE.key(), "HYT00", e);
      }
      throw NodeErrors.withContext(e,
          "cannot get a connection to node " + nodeName + " (" + role.label() + " " + address + "): " + e.getMessage());
    }
  }

  private HikariDataSource newPool(String address) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(instanceName + "-" + address);
    hikari.setJdbcUrl(jdbcUrl(address, config.text(ShardlineProperty.DATABASE)));
    hikari.setUsername(config.nodeUser());
    hikari.setPassword(config.nodePassword());
    hikari.setMaximumPoolSize(config.integer(ShardlineProperty.POOL_MAX_SIZE));
    hikari.setMinimumIdle(config.integer(ShardlineProperty.POOL_MIN_IDLE));
    hikari.setConnectionTimeout(config.integer(ShardlineProperty.POOL_CHECKOUT_TIMEOUT_MS));
    // Pools are created lazily, often while an endpoint is down: fail the checkout, not the pool.
    hikari.setInitializationFailTimeout(-1);
    hikari.addDataSourceProperty("connectTimeout", config.integer(ShardlineProperty.CONNECT_TIMEOUT_MS));
    config.passThrough().forEach(hikari::addDataSourceProperty);
    return new HikariDataSource(hikari);
  }

  /** A Connector/J URL for an endpoint; pass-through properties go in as data source properties. */
  static String jdbcUrl(String address, String database) {
    return "jdbc:mysql://" + address + "/" + database;
  }

  /** Closes the idle connections of a failed endpoint now, and the busy ones when they come back. */
  void evictIdle(String address) {
    HikariDataSource pool = pools.get(address);
    if (pool != null && pool.getHikariPoolMXBean() != null) {
      pool.getHikariPoolMXBean().softEvictConnections();
    }
  }

  List<PoolStats> stats() {
    return pools.entrySet().stream()
        .map(e -> {
          HikariPoolMXBean bean = e.getValue().getHikariPoolMXBean();
          return bean == null
              ? new PoolStats(e.getKey(), 0, 0, 0, 0)
              : new PoolStats(e.getKey(), bean.getActiveConnections(), bean.getIdleConnections(), bean.getTotalConnections(), bean.getThreadsAwaitingConnection());
        })
        .sorted(java.util.Comparator.comparing(PoolStats::endpoint))
        .toList();
  }

  @Override
  public void close() {
    pools.values().forEach(HikariDataSource::close);
    pools.clear();
  }
}
