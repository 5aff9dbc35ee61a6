package dev.shardline.driver.runtime;

import dev.shardline.directory.Directory;
import dev.shardline.directory.TransactionDecision;
import dev.shardline.directory.xa.XaRecovery;
import dev.shardline.driver.cluster.EndpointRole;
import dev.shardline.driver.cluster.Endpoints;
import dev.shardline.driver.session.DecisionLog;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver instance's part in two-phase commit: the directory's transaction log as its
 * connections' transactions write to it, and the background recovery that resolves in-doubt
 * branches of any instance (this one's after a crash, or another's) on every node, at start and
 * every {@code shardline.transactions.recoveryIntervalMs}.
 *
 * <p>Thread safe.
 */
final class CrossNodeTransactions implements DecisionLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CrossNodeTransactions.class);

  private final Directory directory;
  private final String coordinator;
  private final XaRecovery recovery;
  private final long intervalMs;
  /**
   * One daemon thread, started on first use: the background recovery passes, and deleting finished
   * decisions off the commit path.
   */
  private final ScheduledExecutorService background;

  CrossNodeTransactions(String name, Directory directory, Endpoints endpoints, long presumedAbortMs, long intervalMs) {
    this.directory = directory;
    this.coordinator = name + "@" + ProcessHandle.current().pid();
    this.recovery = new XaRecovery(directory, node -> endpoints.borrow(node, EndpointRole.MASTER, endpoints.choose(node, EndpointRole.MASTER)),
        Duration.ofMillis(presumedAbortMs), "recovery of " + coordinator);
    this.intervalMs = intervalMs;
    this.background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, name + "-xa");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts the background recovery (first pass at once), unless its interval is 0. Once, after the runtime started. */
  void startRecovery() {
    if (intervalMs > 0) {
      background.scheduleWithFixedDelay(this::recoverQuietly, 0, intervalMs, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public TransactionDecision decide(String gtrid, TransactionDecision wanted, String nodeIds) throws SQLException {
    return directory.decideTransaction(gtrid, wanted, nodeIds, coordinator);
  }

  @Override
  public Optional<TransactionDecision> decision(String gtrid) throws SQLException {
    return directory.transactionDecision(gtrid);
  }

  /** Off the commit path: a decision left behind is harmless, and recovery deletes it later. */
  @Override
  public void forget(String gtrid) {
    try {
      background.execute(() -> {
        try {
          directory.forgetTransaction(gtrid);
        } catch (SQLException | RuntimeException e) {
          log.debug("{}: transaction {} stays in the log until recovery removes it ({})", coordinator, gtrid, e.getMessage());
        }
      });
    } catch (RejectedExecutionException closed) {
      // the runtime is closing; recovery removes it
    }
  }

  /** One recovery pass now, on the caller's thread. */
  XaRecovery.Report recover() throws SQLException {
    return recovery.recover();
  }

  private void recoverQuietly() {
    try {
      recovery.recover();
    } catch (SQLException | RuntimeException e) {
      log.warn("{}: resolving in-doubt two-phase transactions failed ({}); next try in the next interval", coordinator, e.getMessage());
    }
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
