package dev.shardline.directory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the change log every poll interval and applies it: drops the placements of the keys it
 * names, refreshes the node list (and the global node) when a node or a setting changed, and then (only then) renews the write lease
 * from the moment the poll started.
 *
 * <p>A poll reads entries after the last one applied, in sequence order, in batches, until it has
 * read everything; {@link ChangeLog} explains why that never skips an entry. Polls go to the primary
 * only: a replica's change log may lag behind the primary, and a poll of it must not renew the
 * lease. While the primary is down no directory change can happen, so the cache stays valid for
 * reads; the lease simply runs out and writes then need the primary.
 *
 * <p>The first failure after a success is logged as a warning, as is the moment the lease runs out;
 * later failures go to debug (one line per poll interval would flood the log), and the recovery is
 * logged with how long the primary was gone.
 *
 * <p>Thread safety: one daemon thread polls at a fixed delay; {@link #pollOnce()} is synchronized,
 * so a poll requested by another thread never overlaps the scheduled one.
 */
final class ChangeLogPoller implements AutoCloseable {
  static final int BATCH = 1000;
  private static final Logger log = LoggerFactory.getLogger(ChangeLogPoller.class);

  private final Sources sources;
  private final PlacementCache cache;
  private final NodeDirectory nodes;
  private final WriteLease lease;
  private final Duration interval;
  private final String instance;
  private final ScheduledExecutorService executor;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong consecutiveFailures = new AtomicLong();
  private volatile long lastSequence;
  private long failingSince;
  private boolean leaseExpiryLogged;

  ChangeLogPoller(
      Sources sources, PlacementCache cache, NodeDirectory nodes, WriteLease lease, Duration interval, String instance, long lastSequence) {
    this.sources = sources;
    this.cache = cache;
    this.nodes = nodes;
    this.lease = lease;
    this.interval = interval;
    this.instance = instance;
    this.lastSequence = lastSequence;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "shardline-directory-poller-" + instance);
          t.setDaemon(true);
          return t;
        });
  }

  void start() {
    long nanos = interval.toNanos();
    executor.scheduleWithFixedDelay(this::pollQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  long lastSequence() {
    return lastSequence;
  }

  long failures() {
    return failures.get();
  }

  long consecutiveFailures() {
    return consecutiveFailures.get();
  }

  /** One poll, now, on the calling thread. */
  synchronized void pollOnce() throws DirectoryException {
    long started = lease.now();
    try {
      sources.onPrimary("polling the change log", this::drain);
    } catch (DirectoryException e) {
      recordFailure(e);
      throw e;
    }
    lease.pollSucceeded(started);
    recordSuccess();
  }

  private void pollQuietly() {
    try {
      pollOnce();
    } catch (DirectoryException e) {
      // recorded and logged by pollOnce
    } catch (RuntimeException e) {
      // never let the schedule die: a scheduled task that throws is never run again
      failures.incrementAndGet();
      consecutiveFailures.incrementAndGet();
      log.error("directory[{}]: change-log poll failed unexpectedly; will retry in {}", instance, Durations.format(interval), e);
    }
  }

  private Void drain(Connection c) throws SQLException {
    while (true) {
      List<ChangeLogEntry> entries = DirectoryStore.changesAfter(c, lastSequence, BATCH);
      if (entries.isEmpty()) {
        return null;
      }
      apply(c, entries);
      lastSequence = entries.get(entries.size() - 1).sequence();
      if (entries.size() < BATCH) {
        return null;
      }
    }
  }

  private void apply(Connection c, List<ChangeLogEntry> entries) throws SQLException {
    Set<ShardKey> keys = new LinkedHashSet<>();
    boolean nodeChanged = false;
    boolean unknownKind = false;
    for (ChangeLogEntry entry : entries) {
      switch (entry.kind()) {
        case "KEY" -> keys.add(ShardKey.ofStored(entry.subject()));
        // The node table holds the settings too (the global node), so one refresh serves both.
        case "NODE", "SETTINGS" -> nodeChanged = true;
        default -> unknownKind = true;
      }
    }
    if (nodeChanged || unknownKind) {
      nodes.refresh(c);
    }
    if (unknownKind) {
      log.warn("directory[{}]: the change log has entries of a kind this Shardline does not know (up to sequence {});"
          + " dropping every cached placement to stay safe. Upgrade Shardline on this host.", instance, entries.get(entries.size() - 1).sequence());
      cache.invalidateAll();
    } else {
      cache.invalidate(keys);
    }
    log.debug("directory[{}]: applied {} change-log entries up to {} ({} keys, nodes or settings changed: {})",
        instance, entries.size(), entries.get(entries.size() - 1).sequence(), keys.size(), nodeChanged);
  }

  private synchronized void recordFailure(DirectoryException e) {
    failures.incrementAndGet();
    long consecutive = consecutiveFailures.incrementAndGet();
    if (consecutive == 1) {
      failingSince = lease.now();
      log.warn("directory[{}]: change-log poll failed: {}. Cached placements keep serving reads; writes need the"
          + " primary once the write lease ({}) has run out.", instance, e.getMessage(), Durations.format(lease.lease()));
    } else {
      log.debug("directory[{}]: change-log poll failed again ({} in a row): {}", instance, consecutive, e.getMessage());
    }
    if (!leaseExpiryLogged && !lease.isValid()) {
      leaseExpiryLogged = true;
      long age = lease.ageNanos();
      log.warn("directory[{}]: write lease expired ({}); writes now look up the primary and fail while it cannot be reached",
          instance, age < 0 ? "no poll of the primary has succeeded yet" : Durations.formatNanos(age) + " since the last successful poll started");
    }
  }

  private void recordSuccess() {
    long failed = consecutiveFailures.getAndSet(0);
    if (failed > 0) {
      log.info("directory[{}]: change-log poll succeeded again after {} failed poll(s) over {}; write lease renewed",
          instance, failed, Durations.formatNanos(lease.now() - failingSince));
    }
    leaseExpiryLogged = false;
  }

  /** Stops the poller thread, waiting for a poll in progress to finish. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("directory[{}]: change-log poller did not stop within 10s (a poll is stuck in JDBC);"
            + " it is a daemon thread and will not keep the JVM alive", instance);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
