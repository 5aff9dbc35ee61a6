package dev.shardline.driver.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the driver believes about each physical endpoint, and the background prober that keeps it
 * true, so statements do not each pay a connect timeout to learn that a server is down.
 *
 * <p>States, per endpoint ({@code host:port}):
 *
 * <ul>
 *   <li><b>down</b>: a connection to it failed. Statements skip it. The prober connects to it
 *       every interval with a short timeout and clears the flag when it answers.
 *   <li><b>writable</b> (masters): UNKNOWN until first checked with {@code SELECT @@read_only},
 *       then WRITABLE or READ_ONLY. The driver never writes to a master it has not seen writable:
 *       it follows a promotion (somebody sets {@code read_only=OFF} on the new master), it never
 *       makes one. A write refused with "read-only" (error 1290) marks the master READ_ONLY; the
 *       prober re-checks READ_ONLY masters every interval.
 *   <li><b>lagging</b> (replicas): {@code Seconds_Behind_Master} is NULL (replication stopped)
 *       or above the bound. Reads skip it until the prober sees it caught up.
 * </ul>
 *
 * Hazards: the flags are hints that can be stale for one probe interval; a stale "up" costs one
 * failed attempt (then the endpoint is marked down and the statement retried where that is safe),
 * a stale "down" costs nothing but skipping a healthy server for one interval. No flag can make a
 * write go to a server that is read-only: the server refuses it with 1290.
 *
 * <p>Thread safety: flags are volatile fields of per-endpoint records in a concurrent map; the
 * prober is one daemon thread per runtime, stopped by {@link #close()}.
 */
final class EndpointHealth implements AutoCloseable {
  enum Writability { UNKNOWN, WRITABLE, READ_ONLY }

  private static final Logger log = LoggerFactory.getLogger(EndpointHealth.class);

  /** One endpoint's flags. */
  static final class Status {
    final String endpoint;
    final EndpointRole role;
    volatile boolean down;
    volatile Writability writability = Writability.UNKNOWN;
    volatile boolean lagging;
    volatile String lastProblem = "";

    Status(String endpoint, EndpointRole role) {
      this.endpoint = endpoint;
      this.role = role;
    }

    String describe() {
      StringBuilder out = new StringBuilder(endpoint);
      if (down) {
        out.append(" down (").append(lastProblem).append(')');
      } else if (role == EndpointRole.MASTER && writability == Writability.READ_ONLY) {
        out.append(" read_only=ON");
      } else if (lagging) {
        out.append(" lagging (").append(lastProblem).append(')');
      } else {
        out.append(" up");
      }
      return out.toString();
    }
  }

  private final String name;
  private final Map<String, Status> statuses = new ConcurrentHashMap<>();
  private final Properties connectionProperties = new Properties();
  private final long maxLagSeconds;
  private final String user;
  private final String database;
  private final ScheduledExecutorService prober;
  private long cycles;

  EndpointHealth(EndpointSettings settings) {
    this.name = settings.instanceName();
    settings.connectorProperties().forEach(connectionProperties::setProperty);
    connectionProperties.setProperty("user", settings.user());
    connectionProperties.setProperty("password", settings.password());
    int timeout = settings.probeTimeoutMs();
    connectionProperties.setProperty("connectTimeout", Integer.toString(timeout));
    connectionProperties.setProperty("socketTimeout", Integer.toString(timeout * 2));
    this.maxLagSeconds = settings.maxLagSeconds();
    this.user = settings.user();
    this.database = settings.database();
    this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, name + "-endpoint-prober");
      thread.setDaemon(true);
      return thread;
    });
    long interval = settings.probeIntervalMs();
    prober.scheduleWithFixedDelay(this::probeAll, interval, interval, TimeUnit.MILLISECONDS);
  }

  Status status(String endpoint, EndpointRole role) {
    Status known = statuses.get(endpoint); // the per-statement path: no lambda, no lock
    return known != null ? known : statuses.computeIfAbsent(endpoint, e -> new Status(e, role));
  }

  void markDown(String endpoint, EndpointRole role, SQLException cause) {
    Status status = status(endpoint, role);
    if (!status.down) {
      log.warn("{}: endpoint {} ({}) is down: {}", name, endpoint, role.label(), cause.getMessage());
    }
    status.lastProblem = cause.getMessage();
    status.down = true;
  }

  void markReadOnly(String endpoint) {
    Status status = status(endpoint, EndpointRole.MASTER);
    if (status.writability != Writability.READ_ONLY) {
      log.warn("{}: master {} is read-only; writes go to the next writable master", name, endpoint);
    }
    status.writability = Writability.READ_ONLY;
  }

  /**
   * Checks a master's read_only now, on a short-lived connection: a first use, or a stale answer.
   *
   * @throws SQLException when the master refused the login or the database: the server answered,
   *     so it is not down, and no other master would accept the same credentials either
   */
  Writability checkWritable(String endpoint) throws SQLException {
    Status status = status(endpoint, EndpointRole.MASTER);
    SQLException refused = probe(status);
    if (refused != null) {
      throw refused;
    }
    return status.down ? Writability.UNKNOWN : status.writability;
  }

  private void probeAll() {
    // Healthy replicas are checked for lag every 4th cycle; what is down, lagging or read-only every cycle.
    boolean lagCycle = cycles++ % 4 == 0;
    try {
      for (Status status : statuses.values()) {
        if (status.down
            || status.lagging
            || (status.role == EndpointRole.REPLICA && lagCycle)
            || (status.role == EndpointRole.MASTER && status.writability != Writability.WRITABLE)) {
          probe(status);
        }
      }
    } catch (RuntimeException e) {
      log.warn("{}: endpoint probe failed", name, e);
    }
  }

  /** Probes one endpoint; returns the refusal when it refused the login or database, else null. */
  private SQLException probe(Status status) {
    try (Connection c = DriverManager.getConnection("jdbc:mysql://" + status.endpoint + "/", connectionProperties);
        Statement s = c.createStatement()) {
      if (status.role == EndpointRole.MASTER) {
        try (ResultSet rs = s.executeQuery("SELECT @@global.read_only")) {
          rs.next();
          Writability now = rs.getInt(1) == 0 ? Writability.WRITABLE : Writability.READ_ONLY;
          if (now != status.writability && status.writability != Writability.UNKNOWN) {
            log.info("{}: master {} is now {}", name, status.endpoint, now);
          }
          status.writability = now;
        }
      } else {
        checkLag(status, s);
      }
      if (status.down) {
        log.info("{}: endpoint {} ({}) is back", name, status.endpoint, status.role.label());
      }
      status.down = false;
      return null;
    } catch (SQLException e) {
      status.lastProblem = e.getMessage();
      status.down = true;
      return Logins.refusal(e, "node endpoint " + status.endpoint + " (" + status.role.label() + ")", user, database);
    }
  }

  private void checkLag(Status status, Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
      if (!rs.next()) {
        status.lagging = false; // not a replica (e.g. a master listed as a read endpoint)
        return;
      }
      long behind = rs.getLong("Seconds_Behind_Master");
      boolean stopped = rs.wasNull();
      boolean lagging = stopped || behind > maxLagSeconds;
      if (lagging != status.lagging) {
        log.info("{}: replica {} {}", name, status.endpoint, lagging
            ? "leaves rotation: " + (stopped ? "replication is stopped" : behind + " s behind (bound " + maxLagSeconds + " s)")
            : "is back in rotation");
      }
      status.lastProblem = stopped ? "replication stopped" : behind + " s behind";
      status.lagging = lagging;
    } catch (SQLException e) {
      if ("42000".equals(e.getSQLState())) {
        // No privilege to read replication status: lag cannot be judged, so it is not held against the replica.
        status.lagging = false;
        return;
      }
      throw e;
    }
  }

  /** Stops the prober; a probe in flight (bounded by the probe timeout) is not waited for past the deadline. */
  void close(long deadlineMs) {
    prober.shutdownNow();
    try {
      if (!prober.awaitTermination(deadlineMs, TimeUnit.MILLISECONDS)) {
        log.warn("{}: endpoint prober still running after {} ms; it stops on its own", name, deadlineMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Deadlines.CLOSE_MS);
  }
}
