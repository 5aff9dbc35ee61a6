package dev.shardline.sandbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for Heartbeat on a sandbox cluster, as the DRBD + Heartbeat pair of the architecture
 * Shardline serves does: it checks every node's active master, and when one has failed
 * {@code checksBeforeFailover} checks in a row it
 *
 * <ol>
 *   <li>fences it: SIGKILL of its process (STONITH), so a master that was only slow can never take
 *       another write;
 *   <li>promotes the passive master ({@link SandboxNode#promotePassive()}: the passive master
 *       applies what it received, becomes writable, the replicas follow it);
 *   <li>with {@code rejoin}, restarts the fenced master on its data directory, read-only, as the
 *       node's new passive master replicating from the new active one (what an operator does once
 *       the failed machine is back), so the node can fail over again.
 * </ol>
 *
 * <p>A check is a fresh connection as the admin user and a {@code SELECT 1}, both bounded by twice
 * the interval (at least 200 ms), so a master that hangs fails its checks as a dead one does.
 * Drivers are not told anything: they find the new master themselves among the node's write
 * endpoints (the one that reports {@code read_only=0}).
 *
 * <p>Every step is recorded as an {@link Event} (the last {@value #EVENTS_KEPT}) for a demo page or
 * a test to show. A node without a passive master is watched and its failure recorded, but nothing
 * is promoted.
 *
 * <p>Thread safety: one daemon thread runs the checks and failovers, node after node (a failover
 * delays the next checks of the other nodes by its duration); {@link #events()} and
 * {@link #failovers()} may be called from any thread. {@link #close()} stops the thread and waits
 * for a failover in progress to end.
 */
public final class FailoverMonitor implements AutoCloseable {
  static final int EVENTS_KEPT = 200;
  private static final Logger log = LoggerFactory.getLogger(FailoverMonitor.class);

  /** One thing the monitor saw or did. */
  public record Event(Instant at, String node, String message) {}

  private final SandboxCluster cluster;
  private final Duration interval;
  private final int checksBeforeFailover;
  private final boolean rejoin;
  private final ScheduledExecutorService thread;
  private final Map<String, Integer> failedChecks = new HashMap<>();
  private final Deque<Event> events = new ArrayDeque<>();
  private int failovers;

  private FailoverMonitor(SandboxCluster cluster, Duration interval, int checksBeforeFailover, boolean rejoin) {
    this.cluster = cluster;
    this.interval = interval;
    this.checksBeforeFailover = checksBeforeFailover;
    this.rejoin = rejoin;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sandbox-failover-monitor");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts watching every node of {@code cluster}.
   *
   * @param interval time between two checks of a node's master (Heartbeat's keepalive), 50 ms to 10 s
   * @param checksBeforeFailover failed checks in a row that make a master dead (Heartbeat's deadtime), 1 to 10
   * @param rejoin whether a fenced master is restarted as the node's passive master after the promotion
   */
  public static FailoverMonitor start(SandboxCluster cluster, Duration interval, int checksBeforeFailover, boolean rejoin) {
    if (interval.compareTo(Duration.ofMillis(50)) < 0 || interval.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("interval must be between 50 ms and 10 s, was " + interval.toMillis() + " ms");
    }
    if (checksBeforeFailover < 1 || checksBeforeFailover > 10) {
      throw new IllegalArgumentException("checksBeforeFailover must be between 1 and 10, was " + checksBeforeFailover);
    }
    FailoverMonitor monitor = new FailoverMonitor(cluster, interval, checksBeforeFailover, rejoin);
    monitor.record("*", "watching " + cluster.nodes().size() + " node(s): a master is checked every " + interval.toMillis()
        + " ms and failed over after " + checksBeforeFailover + " failed check(s) in a row");
    monitor.thread.scheduleWithFixedDelay(monitor::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return monitor;
  }

  /** What the monitor saw and did, oldest first. */
  public synchronized List<Event> events() {
    return new ArrayList<>(events);
  }

  /** How many failovers the monitor has finished (the promotion and, with rejoin, the restart of the fenced master). */
  public synchronized int failovers() {
    return failovers;
  }

  /** Stops checking; a failover in progress finishes first (bounded by its own timeouts). */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(60, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void checkAll() {
    for (SandboxNode node : cluster.nodes()) {
      try {
        check(node);
      } catch (RuntimeException e) {
        // The thread must survive a failed failover: the next check tries again.
        log.warn("failover monitor: {}: {}", node.name(), e.toString());
        record(node.name(), "failover failed: " + e.getMessage());
      }
    }
  }

  private void check(SandboxNode node) {
    SandboxInstance master = node.activeMaster();
    String failure = probe(master);
    if (failure == null) {
      failedChecks.remove(node.name());
      return;
    }
    int failed = failedChecks.merge(node.name(), 1, Integer::sum);
    if (failed == 1) {
      record(node.name(), master.name() + " (" + master.address() + ") did not answer: " + failure);
    }
    if (failed < checksBeforeFailover) {
      return;
    }
    failedChecks.remove(node.name());
    if (node.passiveMaster().isEmpty()) {
      record(node.name(), master.name() + " is dead and the node has no passive master: nothing to promote");
      return;
    }
    failOver(node, master);
  }

  private void failOver(SandboxNode node, SandboxInstance dead) {
    long started = System.nanoTime();
    record(node.name(), dead.name() + " failed " + checksBeforeFailover + " check(s) in a row: failing over");
    dead.kill();
    record(node.name(), "fenced " + dead.name() + " (SIGKILL: it can take no more writes)");
    SandboxInstance promoted = node.promotePassive();
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    record(node.name(), "promoted " + promoted.name() + " (" + promoted.address() + ", server_id " + promoted.serverId()
        + ") to active master, " + tookMs + " ms after the failure was confirmed; the replicas follow it");
    if (rejoin) {
      dead.start();
      record(node.name(), dead.name() + " restarted read-only as the passive master, replicating from " + promoted.name());
    }
    synchronized (this) {
      failovers++;
    }
  }

  /** Null when the master answered as a writable master, else why not. */
  private String probe(SandboxInstance master) {
    if (!master.isRunning()) {
      return "its process is gone";
    }
    long timeoutMs = Math.max(200, interval.toMillis() * 2);
    String url = "jdbc:mysql://" + master.address() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true"
        + "&connectTimeout=" + timeoutMs + "&socketTimeout=" + timeoutMs;
    try (Connection c = DriverManager.getConnection(url, SandboxCluster.ADMIN_USER, SandboxCluster.ADMIN_PASSWORD);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return null;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  private synchronized void record(String node, String message) {
    log.info("failover monitor: {}: {}", node, message);
    events.addLast(new Event(Instant.now(), node, message));
    while (events.size() > EVENTS_KEPT) {
      events.removeFirst();
    }
  }
}
