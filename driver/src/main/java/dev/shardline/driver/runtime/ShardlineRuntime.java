package dev.shardline.driver.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryConfig;
import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.xa.XaRecovery;
import dev.shardline.driver.PoolStats;
import dev.shardline.driver.ShardlineProperty;
import dev.shardline.driver.TransactionMode;
import dev.shardline.driver.analysis.SqlAnalyzer;
import dev.shardline.driver.analysis.StatementAnalysis;
import dev.shardline.driver.analysis.TableRules.ColumnInfo;
import dev.shardline.driver.cluster.EndpointRole;
import dev.shardline.driver.cluster.EndpointSettings;
import dev.shardline.driver.cluster.Endpoints;
import dev.shardline.driver.execution.RetryPolicy;
import dev.shardline.driver.execution.StatementExecutor;
import dev.shardline.driver.routing.RoutePlan;
import dev.shardline.driver.routing.RoutingContext;
import dev.shardline.driver.routing.RoutingRules;
import dev.shardline.driver.routing.StatementRouter;
import dev.shardline.driver.session.DecisionLog;
import dev.shardline.driver.session.PhysicalSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the logical connections of one configuration share, wired in pipeline order:
 * analysis (cached per SQL string) -> routing (directory placements) -> execution (endpoints,
 * retry policy) -> session (physical session state). It is the composition root: the pipeline's
 * classes know only their neighbours' interfaces.
 *
 * <p>Routing rules come from the configuration plus the schema read from the global node; after
 * DDL through the driver, or when a statement names a table the schema did not have, the schema is
 * read again and the analysis cache dropped with the old rules (an analysis depends on which
 * tables are sharded). Rules, analyzer and cache are swapped together in one volatile reference,
 * so a statement never sees an analyzer of one generation with rules of another.
 *
 * <p>Start-up either completes or releases everything it started (pools, the directory poller,
 * the endpoint prober) before it throws. Thread safety: thread safe; shared by every logical
 * connection of the configuration.
 */
public final class ShardlineRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardlineRuntime.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  /** How long close() waits for pools, probes and the poller before leaving them to finish on their own. */
  private static final long CLOSE_DEADLINE_MS = 2_000;

  private final DriverConfig config;
  private final String name;
  private final List<HikariDataSource> directoryPools;
  private final Directory directory;
  private final DirectoryPlacements placements;
  private final Endpoints endpoints;
  private final PhysicalSessions physicalSessions = new PhysicalSessions();
  private final StatementRouter router;
  private final StatementExecutor executor;
  /** Work on several nodes at once: the nodes' parts of scatter queries, two-phase steps. Daemon threads, idle ones end after a minute. */
  private final ExecutorService nodeWorkers;
  private final CrossNodeTransactions transactions;
  private final IdBlockCache ids;
  private volatile Generation generation;

  /** Routing rules, the analyzer built on them, its cache, and the tables the schema had: one generation. */
  private record Generation(RoutingRules rules, SqlAnalyzer analyzer, Cache<String, StatementAnalysis> analyses, Set<String> knownTables) {
    boolean knowsAll(Set<String> referenced) {
      for (String table : referenced) {
        if (!knownTables.contains(table) && !rules.tables().isSharded(table) && !rules.tables().isGlobal(table) && !rules.tables().isBroadcast(table)) {
          return false;
        }
      }
      return true;
    }
  }

  private ShardlineRuntime(DriverConfig config, String name, List<HikariDataSource> directoryPools, Directory directory, Endpoints endpoints) {
    this.config = config;
    this.name = name;
    this.directoryPools = directoryPools;
    this.directory = directory;
    this.placements = new DirectoryPlacements(directory);
    this.endpoints = endpoints;
    this.router = new StatementRouter(placements, config.integer(ShardlineProperty.MOVE_WAIT_MS));
    RetryPolicy retry = new RetryPolicy(endpoints, config.integer(ShardlineProperty.FAILOVER_DEADLINE_MS), config.integer(ShardlineProperty.FAILOVER_BACKOFF_MS));
    this.nodeWorkers = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, name + "-node-worker");
      thread.setDaemon(true);
      return thread;
    });
    this.executor = new StatementExecutor(retry, new ServerDescribedResults(), nodeWorkers, config.integer(ShardlineProperty.SCATTER_MAX_ROWS));
    this.transactions = new CrossNodeTransactions(name, directory, endpoints, config.integer(ShardlineProperty.TRANSACTIONS_PRESUMED_ABORT_MS),
        config.integer(ShardlineProperty.TRANSACTIONS_RECOVERY_INTERVAL_MS));
    this.ids = new IdBlockCache(directory, name, config.integer(ShardlineProperty.IDS_BLOCK_SIZE));
  }

  /** Starts a runtime, or releases whatever it had started and throws. */
  static ShardlineRuntime start(DriverConfig config) throws SQLException {
    String configured = config.text(ShardlineProperty.INSTANCE_NAME);
    String name = configured == null || configured.isEmpty() ? "shardline-" + INSTANCES.incrementAndGet() : configured;
    AnalysisWarmUp.start(name);
    DirectoryLogin.check(config);
    List<HikariDataSource> directoryPools = new ArrayList<>();
    Directory directory = null;
    Endpoints endpoints = null;
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
      directory = Directory.open(directoryConfig);
      endpoints = new Endpoints(endpointSettings(config, name));
      ShardlineRuntime runtime = new ShardlineRuntime(config, name, directoryPools, directory, endpoints);
      runtime.checkGlobalNode();
      runtime.refreshTableRules();
      runtime.transactions.startRecovery();
      log.info("{}: started with directory {} and {} node(s)", name, config.url().directoryHosts(), directory.nodes().size());
      return runtime;
    } catch (SQLException | RuntimeException e) {
      closeAll(name, endpoints, directory, directoryPools, CLOSE_DEADLINE_MS);
      throw e;
    }
  }

  private static EndpointSettings endpointSettings(DriverConfig config, String name) {
    return new EndpointSettings(
        name,
        config.text(ShardlineProperty.DATABASE),
        config.nodeUser(),
        config.nodePassword(),
        config.integer(ShardlineProperty.POOL_MAX_SIZE),
        config.integer(ShardlineProperty.POOL_MIN_IDLE),
        config.integer(ShardlineProperty.POOL_CHECKOUT_TIMEOUT_MS),
        config.integer(ShardlineProperty.CONNECT_TIMEOUT_MS),
        config.passThrough(),
        config.flag(ShardlineProperty.FAILOVER_ENABLED),
        config.integer(ShardlineProperty.PROBE_INTERVAL_MS),
        config.integer(ShardlineProperty.PROBE_TIMEOUT_MS),
        config.integer(ShardlineProperty.REPLICA_MAX_LAG_SECONDS),
        config.flag(ShardlineProperty.REPLICA_FALLBACK_TO_MASTER));
  }

  private static HikariDataSource directoryPool(DriverConfig config, String name, String host) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name + "-directory-" + host);
    hikari.setJdbcUrl("jdbc:mysql://" + host + "/" + config.url().directoryDatabase());
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

  /** {@code shardline.globalNode} is a check against the directory's pinned global node, never an override. */
  private void checkGlobalNode() throws SQLException {
    String expected = config.text(ShardlineProperty.GLOBAL_NODE);
    if (expected == null || expected.isEmpty() || directory.nodes().isEmpty()) {
      return;
    }
    NodeInfo pinned = placements.globalNode();
    if (!pinned.name().equals(expected)) {
      throw new SQLException("property " + ShardlineProperty.GLOBAL_NODE.key() + " names node " + expected + ", but the directory pins node "
          + pinned.name() + " as the global node; fix the property (or pin " + expected + " with `shardline node set-global " + expected + "`)", "HY024");
    }
  }

  public String name() {
    return name;
  }

  public String database() {
    return config.text(ShardlineProperty.DATABASE);
  }

  /** Whether UPDATE and DELETE with no key run on every node ({@code shardline.keylessWrites=all-nodes}). */
  public boolean keylessWrites() {
    return "all-nodes".equals(config.text(ShardlineProperty.KEYLESS_WRITES));
  }

  /** {@code shardline.transactions}: the mode of every connection that chooses none. */
  public TransactionMode transactionMode() {
    return TransactionMode.of(config.text(ShardlineProperty.TRANSACTIONS)).orElseThrow();
  }

  /** The directory's transaction log, for two-phase transactions. */
  public DecisionLog decisionLog() {
    return transactions;
  }

  /** The threads that work on several nodes at once for one statement or commit (scatter reads, two-phase steps). */
  public Executor nodeWorkers() {
    return nodeWorkers;
  }

  /** Resolves in-doubt two-phase branches on every node now (recovery also runs in the background). */
  public XaRecovery.Report recoverTransactions() throws SQLException {
    return transactions.recover();
  }

  public long readYourWritesMs() {
    return config.integer(ShardlineProperty.READ_YOUR_WRITES_MS);
  }

  /** The URL without credentials, for {@code DatabaseMetaData.getURL}. */
  public String describeUrl() {
    return ShardlineUrl.redact(ShardlineUrl.PREFIX + String.join(",", config.url().directoryHosts()) + "/" + config.url().directoryDatabase());
  }

  /** The next id of a cluster-wide sequence, from this runtime's block of it (see {@link IdBlockCache}). */
  public long nextId(String sequence) throws SQLException {
    return ids.next(sequence);
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  public PhysicalSessions physicalSessions() {
    return physicalSessions;
  }

  public StatementExecutor executor() {
    return executor;
  }

  /** The global node: metadata and statements on no sharded table go there. */
  public NodeInfo globalNode() throws SQLException {
    return placements.globalNode();
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
  public StatementAnalysis analyze(String sql) throws SQLException {
    Generation current = generation;
    StatementAnalysis cached = current.analyses().getIfPresent(sql);
    if (cached != null) {
      return cached;
    }
    StatementAnalysis fresh = current.analyzer().analyze(sql);
    if (!current.knowsAll(fresh.tables())) {
      refreshTableRules();
      current = generation;
      fresh = current.analyzer().analyze(sql);
      if (!current.knowsAll(fresh.tables())) {
        return fresh;
      }
    }
    current.analyses().put(sql, fresh);
    return fresh;
  }

  /**
   * Refuses an explicit key no shard column could hold: with every shard column of one type (the
   * usual case, all BIGINT), a session key that is not a valid value of it is refused when it is
   * set rather than at the next statement.
   *
   * @throws IllegalArgumentException saying why
   */
  public void checkExplicitKey(Object key) {
    generation.rules().clusterKeyType().canonical(key);
  }

  /** Where {@code sql} goes, by the current rules. */
  public RoutePlan plan(String sql, StatementAnalysis analysis, List<Object> parameters, RoutingContext context, boolean dryRun) throws SQLException {
    return router.plan(sql, analysis, parameters, context, generation.rules(), dryRun);
  }

  /** Reads the schema from the global node's master and swaps in new rules. */
  public synchronized void refreshTableRules() throws SQLException {
    Map<String, List<ColumnInfo>> schema = Map.of();
    if (!directory.nodes().isEmpty()) {
      NodeInfo node = placements.globalNode();
      String endpoint = endpoints.choose(node, EndpointRole.MASTER);
      try (Connection c = endpoints.borrow(node, EndpointRole.MASTER, endpoint)) {
        schema = SchemaReader.read(c, database());
      }
    }
    RoutingRules rules = SchemaReader.rules(config, schema);
    generation = new Generation(rules, new SqlAnalyzer(rules.tables()),
        Caffeine.newBuilder().maximumSize(config.integer(ShardlineProperty.ANALYSIS_CACHE_SIZE)).<String, StatementAnalysis>build(), Set.copyOf(schema.keySet()));
    log.debug("{}: routing rules {}", name, rules.tables());
  }

  public List<PoolStats> poolStats() {
    return endpoints.poolFigures().stream().map(f -> new PoolStats(f.endpoint(), f.active(), f.idle(), f.total(), f.waiting())).toList();
  }

  @Override
  public void close() {
    transactions.close();
    nodeWorkers.shutdownNow();
    closeAll(name, endpoints, directory, directoryPools, CLOSE_DEADLINE_MS);
    log.info("{}: closed", name);
  }

  /**
   * Closes what was started, bounded in time: the endpoints (prober and node pools) and the
   * directory (poller and pools) close side by side, so servers that are down cannot make a
   * shutdown wait for each of their timeouts in turn.
   */
  private static void closeAll(String name, Endpoints endpoints, Directory directory, List<HikariDataSource> directoryPools, long deadlineMs) {
    List<Thread> closers = new ArrayList<>();
    if (endpoints != null) {
      closers.add(closer(name + "-close-endpoints", () -> endpoints.close(deadlineMs)));
    }
    closers.add(closer(name + "-close-directory", () -> {
      if (directory != null) {
        directory.close();
      }
      directoryPools.forEach(HikariDataSource::close);
    }));
    long deadline = System.nanoTime() + deadlineMs * 1_000_000;
    for (Thread closer : closers) {
      try {
        closer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (closer.isAlive()) {
        log.warn("{}: {} did not finish within {} ms; it goes on in the background (daemon thread)", name, closer.getName(), deadlineMs);
      }
    }
  }

  private static Thread closer(String name, Runnable work) {
    Thread thread = new Thread(() -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        log.warn("{} failed", name, e);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
