package dev.shardline.sandbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real {@code mariadbd} process of a sandbox cluster, on a loopback port, with its own data
 * directory that survives stop, kill and restart.
 *
 * <p>Operations act on the real process: {@link #kill()} sends SIGKILL, {@link #stop()} SIGTERM
 * (a clean shutdown), {@link #start()} starts the server again on the same data dir and re-applies
 * its replication source. SQL run through {@link #execute} uses the sandbox admin account.
 *
 * <p>Thread safety: lifecycle methods are synchronized on the instance; SQL helpers open their
 * own connection per call and may run from any thread.
 */
public final class SandboxInstance {
  /** The part an instance plays when the cluster starts; promotion changes who is active. */
  public enum Role {
    DIRECTORY_PRIMARY,
    DIRECTORY_REPLICA,
    MASTER,
    PASSIVE_MASTER,
    REPLICA
  }

  public static final String HOST = "127.0.0.1";
  static final String CONNECTION_OPTIONS = "sslMode=DISABLED&connectTimeout=2000&allowPublicKeyRetrieval=true";

  private static final Logger log = LoggerFactory.getLogger(SandboxInstance.class);
  private static final int ERROR_LOG_TAIL_LINES = 15;

  private final InstanceSpec spec;
  private final MariaDbDistribution distribution;
  private final LeftoverReaper reaper;
  private final Path dataDir;
  private final Path initFile;
  private final Duration startupTimeout;

  private volatile Process process;
  private volatile boolean readOnly;
  private volatile SandboxInstance source;

  SandboxInstance(
      InstanceSpec spec,
      MariaDbDistribution distribution,
      LeftoverReaper reaper,
      Path dataDir,
      Path initFile,
      boolean readOnly,
      Duration startupTimeout) {
    this.spec = spec;
    this.distribution = distribution;
    this.reaper = reaper;
    this.dataDir = dataDir;
    this.initFile = initFile;
    this.readOnly = readOnly;
    this.startupTimeout = startupTimeout;
  }

  public String name() {
    return spec.name();
  }

  public Role role() {
    return spec.role();
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return spec.port();
  }

  /** {@code @@server_id}, unique in the cluster: tests use it to see which server answered. */
  public int serverId() {
    return spec.serverId();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** {@code host:port}, as endpoints are written in the directory. */
  public String address() {
    return HOST + ":" + port();
  }

  public String jdbcUrl() {
    return jdbcUrl("");
  }

  public String jdbcUrl(String database) {
    return "jdbc:mysql://" + address() + "/" + database + "?" + CONNECTION_OPTIONS;
  }

  /** A connection as the application user ({@link SandboxCluster#APP_USER}), subject to read_only. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(
        jdbcUrl(), SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD);
  }

  /** A connection as the sandbox admin, who may change global settings and replication. */
  public Connection connectAsAdmin() throws SQLException {
    return DriverManager.getConnection(
        jdbcUrl(), SandboxCluster.ADMIN_USER, SandboxCluster.ADMIN_PASSWORD);
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The operating-system pid of the running server. */
  public long pid() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new SandboxException(name() + " is not running");
    }
    return p.pid();
  }

  /** Starts the server on its data dir and waits until it accepts connections. */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    requirePortFree();
    long logOffset = errorLogSize();
    ProcessBuilder builder =
        new ProcessBuilder(ServerCommandLine.of(distribution, spec, dataDir, initFile, readOnly))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("console.log").toFile()));
    builder.environment().put("LD_LIBRARY_PATH", distribution.libDir().toString());
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SandboxException(
          name() + ": cannot launch " + distribution.mariadbd() + ": " + e.getMessage(), e);
    }
    reaper.register(process.pid(), dataDir.toString());
    awaitAcceptingConnections(logOffset);
    SandboxInstance from = source;
    if (from != null) {
      replicateFrom(from);
      if (configuredSemiSync() && readOnly && from.configuredSemiSync() && from.isRunning() && !from.configuredReadOnly()) {
        // A passive master rejoining its active partner: commits wait for its acknowledgement again.
        from.execute("SET GLOBAL rpl_semi_sync_master_enabled = ON");
      }
    }
    log.debug("sandbox: {} up on {} (pid {})", name(), address(), process.pid());
  }

  /** Stops the server cleanly (SIGTERM), killing it if it takes more than 30 s. */
  public synchronized void stop() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    awaitExit(p, Duration.ofSeconds(30));
  }

  /** Kills the server with SIGKILL, as a crash or a power cut would. */
  public synchronized void kill() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroyForcibly();
    awaitExit(p, Duration.ofSeconds(10));
  }

  public synchronized void restart() {
    stop();
    start();
  }

  /**
   * Sets {@code @@global.read_only}. The setting is kept across restarts, so a fenced master that
   * comes back after a crash comes back read-only.
   */
  public void setReadOnly(boolean value) {
    readOnly = value;
    if (isRunning()) {
      execute("SET GLOBAL read_only = " + (value ? "ON" : "OFF"));
    }
  }

  /** Whether this is one of a node's semi-synchronous pair of masters. */
  boolean configuredSemiSync() {
    return spec.semiSyncMaster();
  }

  /** The read_only this instance is configured to have (also while it is down). */
  public boolean configuredReadOnly() {
    return readOnly;
  }

  /** Runs each statement as the sandbox admin. */
  public void execute(String... statements) {
    try (Connection c = connectAsAdmin();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new SandboxException(name() + ": " + e.getMessage() + " [" + String.join("; ", statements) + "]", e);
    }
  }

  /** Runs a query as the sandbox admin and returns its rows, each column by label. */
  public List<Map<String, Object>> query(String sql) {
    try (Connection c = connectAsAdmin();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new SandboxException(name() + ": " + e.getMessage() + " [" + sql + "]", e);
    }
  }

  /** The first column of the first row, or null when there is no row. */
  public Object queryValue(String sql) {
    List<Map<String, Object>> rows = query(sql);
    return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
  }

  public long queryLong(String sql) {
    Object value = queryValue(sql);
    if (!(value instanceof Number number)) {
      throw new SandboxException(name() + ": expected a number from [" + sql + "], got " + value);
    }
    return number.longValue();
  }

  /** The instance this one replicates from, if any. */
  public Optional<SandboxInstance> replicationSource() {
    return Optional.ofNullable(source);
  }

  /** {@code SHOW SLAVE STATUS} as a map; empty when the instance replicates from nobody. */
  public Map<String, Object> replicaStatus() {
    List<Map<String, Object>> rows = query("SHOW SLAVE STATUS");
    return rows.isEmpty() ? Map.of() : rows.get(0);
  }

  /** Stops applying replicated events (the SQL thread), so the replica falls behind. */
  public void pauseReplication() {
    execute("STOP SLAVE SQL_THREAD");
  }

  /** Resumes applying replicated events. */
  public void resumeReplication() {
    execute("START SLAVE SQL_THREAD");
  }

  /** Whether this replica has applied everything its source has written to its binary log. */
  public boolean isCaughtUp() {
    SandboxInstance from = requireSource();
    String target = (String) from.queryValue("SELECT @@gtid_binlog_pos");
    return queryLong("SELECT MASTER_GTID_WAIT('" + target + "', 0)") == 0;
  }

  /** Waits until this replica has applied everything its source had binlogged when called. */
  public void awaitCaughtUp(Duration timeout) {
    SandboxInstance from = requireSource();
    String target = (String) from.queryValue("SELECT @@gtid_binlog_pos");
    double seconds = timeout.toMillis() / 1000.0;
    if (queryLong("SELECT MASTER_GTID_WAIT('" + target + "', " + seconds + ")") != 0) {
      throw new SandboxException(
          name() + " did not apply " + from.name() + "'s GTID position " + target + " within "
              + timeout + "; replica status: " + replicationErrors());
    }
  }

  /**
   * Waits until this replica has applied every event it has already received, even if its source
   * is gone: what a promotion must do before making it writable.
   */
  public void awaitRelayLogApplied(Duration timeout) {
    Map<String, Object> status = replicaStatus();
    if (status.isEmpty()) {
      return;
    }
    String file = String.valueOf(status.get("Master_Log_File"));
    Object position = status.get("Read_Master_Log_Pos");
    double seconds = timeout.toMillis() / 1000.0;
    Object result =
        queryValue("SELECT MASTER_POS_WAIT('" + file + "', " + position + ", " + seconds + ")");
    if (result instanceof Number n && n.longValue() == -1) {
      throw new SandboxException(
          name() + " did not apply its relay log up to " + file + ":" + position + " within " + timeout);
    }
  }

  /** Points replication at {@code from} (GTID based) and waits until both threads run. */
  void replicateFrom(SandboxInstance from) {
    execute(
        "STOP SLAVE",
        "CHANGE MASTER TO MASTER_HOST='" + HOST + "', MASTER_PORT=" + from.port()
            + ", MASTER_USER='" + SandboxCluster.REPLICATION_USER + "', MASTER_PASSWORD='"
            + SandboxCluster.REPLICATION_PASSWORD
            + "', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1",
        "START SLAVE");
    source = from;
    if (from.isRunning()) {
      awaitReplicationRunning(Duration.ofSeconds(20));
    }
  }

  private void awaitReplicationRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> status = Map.of();
    while (System.nanoTime() < deadline) {
      status = replicaStatus();
      if ("Yes".equals(status.get("Slave_IO_Running")) && "Yes".equals(status.get("Slave_SQL_Running"))) {
        return;
      }
      sleep(20);
    }
    throw new SandboxException(
        name() + ": replication from " + source.name() + " did not start within " + timeout + ": "
            + replicationErrors());
  }

  private String replicationErrors() {
    Map<String, Object> status = replicaStatus();
    return "IO=" + status.get("Slave_IO_Running") + " SQL=" + status.get("Slave_SQL_Running")
        + " Last_IO_Error='" + status.get("Last_IO_Error") + "' Last_SQL_Error='"
        + status.get("Last_SQL_Error") + "'";
  }

  private SandboxInstance requireSource() {
    SandboxInstance from = source;
    if (from == null) {
      throw new SandboxException(name() + " does not replicate from any instance");
    }
    return from;
  }

  /** The last lines of this instance's error log: what to read when a start fails. */
  public String errorLogTail() {
    return tailOf(dataDir.resolve("error.log"), 0);
  }

  private void requirePortFree() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port()));
    } catch (IOException e) {
      throw new SandboxException(
          name() + ": port " + port() + " on " + HOST + " is already in use (" + e.getMessage()
              + "); stop what holds it or let the sandbox pick free ports");
    }
  }

  private void awaitAcceptingConnections(long logOffset) {
    long started = System.nanoTime();
    long deadline = started + startupTimeout.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      Process p = process;
      if (!p.isAlive()) {
        reaper.unregister(p.pid());
        throw new SandboxException(
            name() + ": mariadbd exited with code " + p.exitValue() + " during start-up on port "
                + port() + "; error log " + dataDir.resolve("error.log") + " ends with:\n"
                + tailOf(dataDir.resolve("error.log"), logOffset));
      }
      try (Connection ignored = connectAsAdmin()) {
        return;
      } catch (SQLException e) {
        last = e;
        sleep(25);
      }
    }
    kill();
    throw new SandboxException(
        name() + ": mariadbd did not accept connections on port " + port() + " within "
            + startupTimeout + " (last error: " + (last == null ? "none" : last.getMessage())
            + "); error log ends with:\n" + tailOf(dataDir.resolve("error.log"), logOffset));
  }

  private void awaitExit(Process p, Duration timeout) {
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("sandbox: {} (pid {}) did not stop within {}, killing it", name(), p.pid(), timeout);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    } finally {
      reaper.unregister(p.pid());
    }
  }

  private long errorLogSize() {
    try {
      Path file = dataDir.resolve("error.log");
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static String tailOf(Path file, long fromOffset) {
    if (!Files.exists(file)) {
      return "(no error log at " + file + ")";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(fromOffset, raf.length() - 16_384);
      byte[] bytes = new byte[(int) (raf.length() - start)];
      raf.seek(start);
      raf.readFully(bytes);
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
      int first = Math.max(0, lines.length - ERROR_LOG_TAIL_LINES);
      return String.join("\n", java.util.Arrays.copyOfRange(lines, first, lines.length));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while waiting", e);
    }
  }

  @Override
  public String toString() {
    return name() + "(" + role() + ", " + address() + ", server_id=" + serverId() + ")";
  }
}
