package dev.shardline.driver.execution;

import dev.shardline.driver.ShardlineFailoverException;
import dev.shardline.driver.cluster.ConnectionFailures;
import dev.shardline.driver.cluster.EndpointFeedback;
import dev.shardline.driver.cluster.EndpointRole;
import dev.shardline.driver.cluster.NodeErrors;
import dev.shardline.driver.routing.StatementRouter;
import dev.shardline.driver.routing.Target;
import java.sql.SQLException;

/**
 * The one retry policy: single statements, batches, every target of a split INSERT, DDL and
 * broadcast writes all run through {@link #run}. It is the safe-retry table of docs/failover.md:
 *
 * <table>
 *   <tr><th>what failed</th><th>outside a transaction</th><th>inside a transaction</th></tr>
 *   <tr><td>getting a connection (nothing was sent)</td><td>retried</td><td>retried (nothing of the transaction is lost)</td></tr>
 *   <tr><td>a read, connection broke before its result reached the application</td><td>retried on a survivor</td><td>rolled back (08006)</td></tr>
 *   <tr><td>a locking read (FOR UPDATE), connection broke</td><td>not retried</td><td>rolled back (08006)</td></tr>
 *   <tr><td>a write, connection broke in flight</td><td>outcome unknown (08007), never retried</td><td>rolled back (08006)</td></tr>
 *   <tr><td>a write refused by a read-only master (1290)</td><td>retried on the next writable master</td><td>rolled back (08006)</td></tr>
 *   <tr><td>anything else</td><td colspan=2>the node's own error, with the node and endpoint named</td></tr>
 * </table>
 *
 * Rows that already reached the application are never fetched again: once an attempt has returned
 * its result, this policy is done with it, and a failure while the application reads it surfaces
 * as it is.
 *
 * <p>Retries pause with {@link Backoff} until the failover deadline. Thread safety: stateless apart
 * from its configuration; safe from any thread.
 */
public final class RetryPolicy {
  /** One execution on one physical connection. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run(PhysicalLease lease) throws SQLException;
  }

  /** What the statement is, for the table above. */
  public enum Nature {
    READ, LOCKING_READ, WRITE;

    boolean writes() {
      return this == WRITE;
    }
  }

  private final EndpointFeedback endpoints;
  private final long deadlineMs;
  private final long firstPauseMs;

  public RetryPolicy(EndpointFeedback endpoints, long deadlineMs, long firstPauseMs) {
    this.endpoints = endpoints;
    this.deadlineMs = endpoints.failoverEnabled() ? deadlineMs : 0;
    this.firstPauseMs = firstPauseMs;
  }

  /** A fresh backoff for waits outside {@link #run}, such as COMMIT's. */
  public Backoff backoff() {
    return new Backoff(deadlineMs, firstPauseMs);
  }

  /**
   * Runs {@code attempt} on a connection for {@code target}, retrying where the table allows. On
   * success the lease is the attempt's to keep or release; on failure it has been given back.
   *
   * @param sql the statement, for messages (abbreviated only when one is written)
   */
  public <T> T run(Target target, Nature nature, LeaseSource leases, String sql, Attempt<T> attempt) throws SQLException {
    Backoff backoff = null;
    while (true) {
      PhysicalLease lease = acquire(target, leases);
      try {
        return attempt.run(lease);
      } catch (SQLException e) {
        boolean inTransaction = leases.inTransaction(lease);
        if (ConnectionFailures.isConnectionFailure(e)) {
          endpoints.failed(lease.endpoint(), lease.role(), e);
          if (inTransaction) {
            throw leases.transactionLost(lease, e);
          }
          giveBack(leases, lease, e);
          if (nature.writes()) {
            throw new ShardlineFailoverException(ShardlineFailoverException.Outcome.UNKNOWN,
                "the connection to " + lease.describe() + " broke while a write was in flight: it may or may not have been applied. "
                    + "Check whether it is there, then retry it [statement: " + StatementRouter.abbreviate(sql) + "]: " + e.getMessage(), e);
          }
          backoff = backoff != null ? backoff : new Backoff(deadlineMs, firstPauseMs);
          if (nature == Nature.READ && backoff.pause()) {
            continue; // a read: run it again on a survivor
          }
        } else if (ConnectionFailures.isReadOnlyRefusal(e) && nature.writes() && lease.role() == EndpointRole.MASTER) {
          endpoints.refusedWrite(lease.endpoint());
          if (inTransaction) {
            throw leases.transactionLost(lease, e);
          }
          giveBack(leases, lease, e);
          backoff = backoff != null ? backoff : new Backoff(deadlineMs, firstPauseMs);
          if (backoff.pause()) {
            continue; // refused, so not applied: try the next writable master
          }
        } else if (!inTransaction) {
          giveBack(leases, lease, e);
        }
        throw NodeErrors.withContext(e, e.getMessage() + " [on " + lease.describe() + "]");
      }
    }
  }

  /** A connection for {@code target}, retried with backoff while none can be had: nothing was sent, so this is safe for any statement. */
  public PhysicalLease acquire(Target target, LeaseSource leases) throws SQLException {
    Backoff backoff = null;
    while (true) {
      try {
        return leases.acquire(target);
      } catch (SQLException e) {
        if (ConnectionFailures.isConnectionFailure(e)) {
          backoff = backoff != null ? backoff : new Backoff(deadlineMs, firstPauseMs);
          if (backoff.pause()) {
            continue;
          }
        }
        throw e;
      }
    }
  }

  /**
   * Whether a failure of a read on {@code lease}, before any of its rows reached the application,
   * may be run again on a survivor: a broken connection outside a transaction. The endpoint is
   * marked down here.
   */
  public boolean retryableRead(PhysicalLease lease, LeaseSource leases, SQLException failure) {
    if (!ConnectionFailures.isConnectionFailure(failure)) {
      return false;
    }
    endpoints.failed(lease.endpoint(), lease.role(), failure);
    return !leases.inTransaction(lease) && deadlineMs > 0;
  }

  private static void giveBack(LeaseSource leases, PhysicalLease lease, SQLException failure) {
    try {
      leases.release(lease);
    } catch (SQLException alreadyBroken) {
      failure.addSuppressed(alreadyBroken);
    }
  }
}
