package dev.shardline.driver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryConfig;
import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.NodeState;
import dev.shardline.driver.analysis.SqlAnalyzer;
import dev.shardline.driver.analysis.StatementAnalysis;
import dev.shardline.driver.analysis.TableRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything logical connections of one configuration share: the directory client, the endpoint
 * pools, the table rules and the cache of statement analyses.
 *
 * <p>Table rules come from the configuration plus discovery (every table of the node schema that
 * has the shard column); after DDL through the driver they are discovered again, and the analysis
 * cache is dropped with the old rules, because an analysis depends on which tables are sharded.
 * Rules and analyzer are swapped together in one volatile reference, so a statement never sees an
 * analyzer of one generation with rules of another.
 *
 * <p>Thread safety: thread safe; shared by every logical connection of the configuration.
 */
final class ShardlineRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardlineRuntime.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final DriverConfig config;
  private final String name;
  private final List<HikariDataSource> directoryPools;
  private final Directory directory;
  private final EndpointPools pools;
  private final EndpointHealth health;
  private final boolean failoverEnabled;
  private final AtomicInteger replicaRotation = new AtomicInteger();
  private volatile Rules rules;

  /**
   * Table rules, the analyzer built on them, its cache, and every table the schema had when they
   * were read: one generation, swapped as a whole.
   */
  private record Rules(TableRules tables, SqlAnalyzer analyzer, Cache<String, StatementAnalysis> analyses, Set<String> knownTables) {
    boolean knowsAll(Set<String> referenced) {
      for (String table : referenced) {
        if (!knownTables.contains(table) && !tables.isSharded(table) && !tables.isGlobal(table) && !tables.isBroadcast(table)) {
          return false;
        }
      }
      return true;
    }
  }



  private ShardlineRuntime(DriverConfig config, String name, List<HikariDataSource> directoryPools, Directory directory) {
    this.config = config;
    this.name = name;
    this.directoryPools = directoryPools;
    this.directory = directory;
    this.pools = new EndpointPools(config, name);
    this.failoverEnabled = config.flag(ShardlineProperty.FAILOVER_ENABLED);
    this.health = failoverEnabled ? new EndpointHealth(config, name) : null;
  }

  static ShardlineRuntime start(DriverConfig config) throws SQLException {
    String configured = config.text(ShardlineProperty.INSTANCE_NAME);
    String name = configured == null || configured.isEmpty() ? "shardline-" + INSTANCES.incrementAndGet() : configured;
    List<HikariDataSource> directoryPools = new ArrayList<>();
    try {
      for (String host : config.url().directoryHosts()) {
        directoryPools.add(directoryPool(config, name, host));
      }
      DirectoryConfig directoryConfig =
          DirectoryConfig.builder()
              .primary(directoryPools.get(0))
              .replicas(List.<DataSource>copyOf(directoryPools.subList(1, directoryPools.size())))
              .cacheMaximumSize(config.integer(ShardlineProperty.DIRECTORY_CACHE_SIZE))
              .pollInterval(config.millis(ShardlineProperty.DIRECTORY_POLL_MS))
              .writeLease(config.millis(ShardlineProperty.DIRECTORY_WRITE_LEASE_MS))
              .instanceName(name)
              .build();
      Directory directory = Directory.open(directoryConfig);
      ShardlineRuntime runtime = new ShardlineRuntime(config, name, directoryPools, directory);
      runtime.refreshTableRules();
      log.info("{}: started with directory {} and {} node(s)", name, config.url().directoryHosts(), directory.nodes().size());
      return runtime;
    } catch (SQLException | RuntimeException e) {
      directoryPools.forEach(HikariDataSource::close);
      throw e;
    }
  }

  private static HikariDataSource directoryPool(DriverConfig config, String name, String host) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name + "-directory-" + host);
    hikari.setJdbcUrl(EndpointPools.jdbcUrl(host, config.url().directoryDatabase()));
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(4);
    hikari.setMinimumIdle(0);
    hikari.setConnectionTimeout(Math.max(250, config.integer(ShardlineProperty.CONNECT_TIMEOUT_MS)));
    hikari.setInitializationFailTimeout(-1);
    hikari.addDataSourceProperty("connectTimeout", config.integer(ShardlineProperty.CONNECT_TIMEOUT_MS));
    config.passThrough().forEach(hikari::addDataSourceProperty);
    return new HikariDataSource(hikari);
  }

  String name() {
    return name;
  }

  DriverConfig config() {
    return config;
  }

  Directory directory() {
    return directory;
  }

  TableRules tableRules() {
    return rules.tables();
  }

  /**
   * The analysis of {@code sql}, parsed once per distinct string and rules generation.
   *
   * <p>A statement naming a table the schema did not have when the rules were read (created since,
   * perhaps by another application server) must not be routed as unsharded by mistake: the schema
   * is read again before it is routed. An analysis that still names unknown tables (a temporary
   * table, a typo) is not cached, so each execution looks again: correctness over speed, for
   * statements that are rare or fail anyway.
   */
  StatementAnalysis analyze(String sql) throws SQLException {
    Rules current = rules;
    StatementAnalysis cached = current.analyses().getIfPresent(sql);
    if (cached != null) {
      return cached;
    }
    StatementAnalysis fresh = current.analyzer().analyze(sql);
    if (!current.knowsAll(fresh.tables())) {
      refreshTableRules();
      current = rules;
      fresh = current.analyzer().analyze(sql);
      if (!current.knowsAll(fresh.tables())) {
        return fresh;
      }
    }
    current.analyses().put(sql, fresh);
    return fresh;
  }

  /** A physical connection to one endpoint of {@code node}. */
  Connection borrow(NodeInfo node, EndpointRole role) throws SQLException {
    return borrow(node, role, endpoint(node, role));
  }

  /** A physical connection to {@code endpoint}; a connection failure marks the endpoint down. */
  Connection borrow(NodeInfo node, EndpointRole role, String endpoint) throws SQLException {
    try {
      return pools.borrow(endpoint, node.name(), role);
    } catch (SQLException e) {
      if (ConnectionFailures.isConnectionFailure(e)) {
        endpointFailed(endpoint, role, e);
      }
      throw e;
    }
  }

  /** Takes a failed endpoint out until the prober sees it back, and drops its idle connections. */
  void endpointFailed(String endpoint, EndpointRole role, SQLException cause) {
    if (failoverEnabled) {
      health.markDown(endpoint, role, cause);
    }
    pools.evictIdle(endpoint);
  }

  void masterRefusedWrite(String endpoint) {
    if (failoverEnabled) {
      health.markReadOnly(endpoint);
    }
  }

  boolean failoverEnabled() {
    return failoverEnabled;
  }

  /**
   * The endpoint a statement for {@code node} goes to now. Writes: the first master in the
   * directory's order that is up and has been seen writable. Reads: the replicas that are up and
   * not lagging, round-robin; with none, a master that is up (if allowed). None usable: an
   * SQLTransientConnectionException, which the caller retries until its failover deadline.
   */
  String endpoint(NodeInfo node, EndpointRole role) throws SQLException {
    if (!failoverEnabled) {
      return firstEndpoint(node, role);
    }
    if (role == EndpointRole.REPLICA) {
      List<String> replicas = node.readEndpoints();
      int size = replicas.size();
      if (size > 0) {
        // Round-robin from a rotating start, skipping replicas that are down or lagging: no
        // allocation on this per-statement path.
        int start = size == 1 ? 0 : Math.floorMod(replicaRotation.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
          String replica = replicas.get((start + i) % size);
          EndpointHealth.Status status = health.status(replica, EndpointRole.REPLICA);
          if (!status.down && !status.lagging) {
            return replica;
          }
        }
      }
      if (!replicas.isEmpty() && !config.flag(ShardlineProperty.REPLICA_FALLBACK_TO_MASTER)) {
        throw noEndpoint(node, role, replicas, EndpointRole.REPLICA);
      }
      for (String master : node.writeEndpoints()) {
        if (!health.status(master, EndpointRole.MASTER).down) {
          return master;
        }
      }
      throw noEndpoint(node, role, node.writeEndpoints(), EndpointRole.MASTER);
    }
    for (String master : node.writeEndpoints()) {
      EndpointHealth.Status status = health.status(master, EndpointRole.MASTER);
      if (status.down || status.writability == EndpointHealth.Writability.READ_ONLY) {
        continue;
      }
      if (status.writability == EndpointHealth.Writability.WRITABLE || health.checkWritable(master) == EndpointHealth.Writability.WRITABLE) {
        return master;
      }
    }
    throw noEndpoint(node, role, node.writeEndpoints(), EndpointRole.MASTER);
  }

  /** Without failover: the directory's order, replicas round-robin, no health. */
  private String firstEndpoint(NodeInfo node, EndpointRole role) throws SQLException {
    List<String> candidates = role == EndpointRole.REPLICA && !node.readEndpoints().isEmpty() ? node.readEndpoints() : node.writeEndpoints();
    if (candidates.isEmpty()) {
      throw noEndpoint(node, role, candidates, role);
    }
    if (role == EndpointRole.MASTER || candidates.size() == 1) {
      return candidates.get(0);
    }
    return candidates.get(Math.floorMod(replicaRotation.getAndIncrement(), candidates.size()));
  }

  private SQLException noEndpoint(NodeInfo node, EndpointRole role, List<String> candidates, EndpointRole candidateRole) {
    if (candidates.isEmpty()) {
      return new SQLException("node " + node.name() + " has no " + candidateRole.label() + " endpoint in the directory; register one with `shardline node`", "08001");
    }
    StringBuilder states = new StringBuilder();
    for (String candidate : candidates) {
      states.append(states.length() == 0 ? "" : ", ").append(health.status(candidate, candidateRole).describe());
    }
    String what = role == EndpointRole.MASTER ? "no writable master" : "no usable replica or master";
    return new java.sql.SQLTransientConnectionException("node " + node.name() + " has " + what + " (" + states + ")", "08001");
  }

  List<PoolStats> poolStats() {
    return pools.stats();
  }

  /** ACTIVE nodes in id order: the order DDL runs in. */
  List<NodeInfo> activeNodes() throws SQLException {
    return directory.nodes().stream().filter(n -> n.state() == NodeState.ACTIVE).sorted(java.util.Comparator.comparingInt(NodeInfo::id)).toList();
  }

  /** The node for global tables and statements that touch no sharded table. */
  NodeInfo globalNode() throws SQLException {
    String configured = config.text(ShardlineProperty.GLOBAL_NODE);
    if (configured != null && !configured.isEmpty()) {
      return directory.node(configured);
    }
    List<NodeInfo> active = activeNodes();
    if (active.isEmpty()) {
      throw new SQLException("the directory lists no ACTIVE node; register nodes with `shardline node add`", "08001");
    }
    return active.get(0);
  }

  /**
   * Reads the schema from the global node (every table, and which have the shard column) and
   * swaps in new rules.
   */
  synchronized void refreshTableRules() throws SQLException {
    Map<String, String> sharded = new LinkedHashMap<>(config.shardedTables());
    Set<String> global = config.list(ShardlineProperty.GLOBAL_TABLES);
    Set<String> broadcast = config.list(ShardlineProperty.BROADCAST_TABLES);
    Set<String> known = new HashSet<>();
    String column = config.text(ShardlineProperty.SHARD_COLUMN);
    String shardColumn = column == null ? "" : column.toLowerCase(java.util.Locale.ROOT);
    if (!activeNodes().isEmpty()) {
      NodeInfo node = globalNode();
      try (Connection c = borrow(node, EndpointRole.MASTER);
          PreparedStatement ps = c.prepareStatement(
              "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?")) {
        ps.setString(1, config.text(ShardlineProperty.DATABASE));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String table = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
            known.add(table);
            boolean declaredUnsharded = global.contains(table) || broadcast.contains(table);
            if (!shardColumn.isEmpty() && shardColumn.equalsIgnoreCase(rs.getString(2)) && !declaredUnsharded) {
              sharded.putIfAbsent(table, shardColumn);
            }
          }
        }
      }
    }
    TableRules tables = new TableRules(sharded, global, broadcast);
    rules = new Rules(tables, new SqlAnalyzer(tables),
        Caffeine.newBuilder().maximumSize(config.integer(ShardlineProperty.ANALYSIS_CACHE_SIZE)).<String, StatementAnalysis>build(), Set.copyOf(known));
    log.debug("{}: sharded tables {}", name, sharded);
  }

  @Override
  public void close() {
    if (health != null) {
      health.close();
    }
    pools.close();
    try {
      directory.close();
    } catch (Exception e) {
      log.warn("{}: closing the directory client failed", name, e);
    }
    directoryPools.forEach(HikariDataSource::close);
    log.info("{}: closed", name);
  }
}
