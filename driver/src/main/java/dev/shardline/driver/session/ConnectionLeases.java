package dev.shardline.driver.session;

import dev.shardline.directory.NodeInfo;
import dev.shardline.driver.TransactionMode;
import dev.shardline.driver.cluster.EndpointRole;
import dev.shardline.driver.cluster.Endpoints;
import dev.shardline.driver.execution.LeaseSource;
import dev.shardline.driver.execution.PhysicalLease;
import dev.shardline.driver.routing.RoutePlan;
import dev.shardline.driver.routing.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physical connections of one logical connection: in autocommit mode a fresh lease per
 * statement, inside a transaction the transaction's; every lease brought to the connection's
 * session state first. Also remembers which nodes the connection wrote to recently
 * (read-your-writes).
 *
 * <p>Not thread safe: owned by one logical connection.
 */
public final class ConnectionLeases implements LeaseSource {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLeases.class);
  private final Endpoints endpoints;
  private final PhysicalSessions physical;
  private final SessionState session;
  private final long readYourWritesNanos;
  private final Map<Integer, Long> writeWindows = new HashMap<>();
  private final TransactionMode defaultMode;
  private final DecisionLog decisions;
  private final OnEveryBranch onEveryBranch;
  private Transaction transaction;
  /** What every transaction mode takes its connections from. */
  private final MultiNodeTransaction.Leases transactionLeases = new MultiNodeTransaction.Leases() {
    @Override
    public PhysicalLease borrowForTransaction(Target target) throws SQLException {
      return borrow(target, true);
    }

    @Override
    public void wrote(PhysicalLease lease) {
      ConnectionLeases.this.wrote(lease);
    }

    @Override
    public void evict(PhysicalLease lease) {
      ConnectionLeases.this.evict(lease);
    }
  };
  private Runnable onTransactionLost = () -> {};

  /**
   * @param defaultMode the driver instance's {@code shardline.transactions}, unless the session chose another
   * @param decisions the directory's transaction log, for two-phase transactions
   * @param nodeWorkers the driver instance's threads, on which two-phase commits prepare and commit their branches at once
   */
  public ConnectionLeases(Endpoints endpoints, PhysicalSessions physical, SessionState session, long readYourWritesMs,
      TransactionMode defaultMode, DecisionLog decisions, Executor nodeWorkers) {
    this.endpoints = endpoints;
    this.physical = physical;
    this.session = session;
    this.readYourWritesNanos = readYourWritesMs * 1_000_000;
    this.defaultMode = defaultMode;
    this.decisions = decisions;
    this.onEveryBranch = new OnEveryBranch(nodeWorkers);
  }

  /** The mode the connection's transactions use now. */
  public TransactionMode transactionMode() {
    return session.transactionMode() != null ? session.transactionMode() : defaultMode;
  }

  /** What to do when the transaction is lost to a failed connection (the connection restores autocommit after BEGIN). */
  public void onTransactionLost(Runnable action) {
    onTransactionLost = action;
  }

  @Override
  public PhysicalLease acquire(Target target) throws SQLException {
    return session.autoCommit() ? borrow(target, false) : transaction().lease(target);
  }

  /** A lease outside any transaction (for metadata), with the session's state applied; the caller closes it. */
  public PhysicalLease borrowOutsideTransaction(Target target) throws SQLException {
    return borrow(target, false);
  }

  /** A new lease on the endpoint the target's node and role use now, with the session's state applied. */
  PhysicalLease borrow(Target target, boolean forTransaction) throws SQLException {
    NodeInfo node = target.node();
    EndpointRole role = target.role();
    String endpoint = endpoints.choose(node, role);
    Connection connection = endpoints.borrow(node, role, endpoint);
    PhysicalLease lease;
    try {
      lease = new PhysicalLease(node, role, endpoint, connection, connection.unwrap(Connection.class));
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    try {
      physical.prepare(lease.raw(), session, forTransaction);
      if (forTransaction) {
        String next = session.takeNextTransaction();
        if (next != null) {
          try (Statement s = connection.createStatement()) {
            s.execute(next);
          }
        }
      }
      return lease;
    } catch (SQLException e) {
      try {
        lease.close(); // never keep a connection whose session could not be set up
      } catch (SQLException alreadyBroken) {
        e.addSuppressed(alreadyBroken);
      }
      throw e;
    }
  }

  @Override
  public void release(PhysicalLease lease) throws SQLException {
    if (lease != null && !inTransaction(lease)) {
      lease.close();
    }
  }

  @Override
  public void discard(PhysicalLease lease, SQLException cause) {
    if (lease == null || inTransaction(lease)) {
      return;
    }
    log.warn("a statement on {} could not be closed ({}); its connection is closed and dropped from the pool", lease.describe(), cause.getMessage());
    evict(lease);
  }

  /** Closes the physical connection and drops it from its pool instead of giving it back. */
  private void evict(PhysicalLease lease) {
    endpoints.evict(lease.endpoint(), lease.connection());
    lease.evicted();
  }

  @Override
  public boolean inTransaction(PhysicalLease lease) {
    return transaction != null && transaction.owns(lease);
  }

  @Override
  public SQLException transactionLost(PhysicalLease lease, SQLException cause) {
    SQLException failure = transaction.lost(lease, cause);
    transaction = null;
    onTransactionLost.run();
    return failure;
  }

  @Override
  public void wrote(PhysicalLease lease) {
    if (readYourWritesNanos > 0) {
      writeWindows.put(lease.node().id(), System.nanoTime() + readYourWritesNanos);
    }
  }

  /** Whether this connection wrote to the node within the read-your-writes window. */
  public boolean recentlyWrote(int nodeId) {
    if (writeWindows.isEmpty()) {
      return false;
    }
    Long until = writeWindows.get(nodeId);
    return until != null && until - System.nanoTime() > 0;
  }

  /** The open transaction, created on first need while autocommit is off. */
  public Transaction transaction() {
    if (transaction == null) {
      transaction = switch (transactionMode()) {
        case SINGLE_NODE -> new SingleNodeTransaction(transactionLeases, endpoints, session.readOnly());
        case BEST_EFFORT -> new BestEffortTransaction(transactionLeases, endpoints, session.readOnly());
        case TWO_PHASE -> new TwoPhaseTransaction(transactionLeases, endpoints, session.readOnly(), decisions, onEveryBranch);
      };
    }
    return transaction;
  }

  /** The open transaction, or null. */
  public Transaction currentTransaction() {
    return transaction;
  }

  /** The node the open transaction is bound to, or null. */
  public NodeInfo transactionNode() {
    return transaction == null ? null : transaction.node();
  }

  /** Checks a plan against the open transaction before anything runs. */
  public void checkScope(RoutePlan plan) throws SQLException {
    if (!session.autoCommit() && plan.shape() != RoutePlan.Shape.NO_ROWS) {
      transaction().checkScope(plan);
    }
  }

  /** Ends the open transaction, if any. */
  public void endTransaction(boolean commit) throws SQLException {
    Transaction open = transaction;
    transaction = null;
    if (open != null) {
      if (commit) {
        open.commit();
      } else {
        open.rollback();
      }
    }
  }

  /** A SET statement ran on the transaction's connection: it holds it now. */
  public void appliedInTransaction(String sql) throws SQLException {
    Transaction open = transaction;
    if (open != null) {
      for (Connection c : open.connections()) {
        try (Statement s = c.createStatement()) {
          s.execute(sql);
        }
        physical.applied(c.unwrap(Connection.class), sql);
      }
    }
  }

  /** The isolation changed while a transaction holds a connection. */
  public void isolationInTransaction(int level) throws SQLException {
    Transaction open = transaction;
    if (open != null) {
      for (Connection c : open.connections()) {
        physical.isolationSet(c.unwrap(Connection.class), level);
      }
    }
  }
}
