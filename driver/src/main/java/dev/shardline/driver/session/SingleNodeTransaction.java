package dev.shardline.driver.session;

import dev.shardline.directory.NodeInfo;
import dev.shardline.driver.ShardlineFailoverException;
import dev.shardline.driver.cluster.ConnectionFailures;
import dev.shardline.driver.cluster.EndpointFeedback;
import dev.shardline.driver.cluster.EndpointRole;
import dev.shardline.driver.execution.PhysicalLease;
import dev.shardline.driver.routing.RoutePlan;
import dev.shardline.driver.routing.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The default transaction mode: bound to the node of its first statement, on that node's master
 * (a replica when the connection is read-only), holding one physical connection until COMMIT or
 * ROLLBACK. A statement that needs another node is refused before anything runs there.
 *
 * <p>Not thread safe: owned by one logical connection.
 */
public final class SingleNodeTransaction implements Transaction {
  /** Where the transaction gets its one connection, and whom it tells that it wrote. */
  interface Leases {
    /** A new lease for {@code target}, with autocommit off and the session's state applied. */
    PhysicalLease borrowForTransaction(Target target) throws SQLException;

    /** The transaction committed writes on {@code lease}'s node. */
    void wrote(PhysicalLease lease);
  }

  private final Leases leases;
  private final EndpointFeedback endpoints;
  private final boolean readOnly;
  private PhysicalLease bound;

  SingleNodeTransaction(Leases leases, EndpointFeedback endpoints, boolean readOnly) {
    this.leases = leases;
    this.endpoints = endpoints;
    this.readOnly = readOnly;
  }

  @Override
  public void checkScope(RoutePlan plan) throws SQLException {
    int node = bound != null ? bound.node().id() : plan.first().node().id();
    for (Target target : plan.targets()) {
      if (target.node().id() != node) {
        throw crossNode(target);
      }
    }
    if (readOnly && bound != null && bound.role() == EndpointRole.REPLICA
        && plan.targets().stream().anyMatch(t -> t.role() == EndpointRole.MASTER)) {
      throw writeOnReadOnly(bound);
    }
  }

  /** The connection of a transaction's only branch broke during its COMMIT. */
  static ShardlineFailoverException commitOutcomeUnknown(PhysicalLease lease, SQLException cause) {
    return new ShardlineFailoverException(ShardlineFailoverException.Outcome.UNKNOWN,
        "the connection to " + lease.describe() + " broke during COMMIT: the transaction may or may not be committed. "
            + "Check whether its writes are there, then retry it: " + cause.getMessage(), cause);
  }

  /** A read-only connection's transaction, on a replica of {@code branch}'s node, met a write. */
  static SQLException writeOnReadOnly(PhysicalLease branch) {
    return new SQLException("the connection is read-only and its transaction runs on a replica of " + branch.node().name()
        + "; call setReadOnly(false) before the transaction to write", "25006");
  }

  @Override
  public PhysicalLease lease(Target target) throws SQLException {
    if (bound == null) {
      bound = leases.borrowForTransaction(target);
      return bound;
    }
    if (bound.node().id() != target.node().id()) {
      throw crossNode(target);
    }
    return bound;
  }

  private SQLException crossNode(Target target) {
    if (bound == null) {
      // The transaction's first statement itself needs several nodes (a scatter, or a write split per node).
      return new SQLException("the statement runs on several nodes (" + target.node().name() + " among them) and a transaction spans one"
          + " node; nothing was executed. Run it outside a transaction (autocommit), or give it a key of one node", "25000");
    }
    String where = bound.node().name();
    return new SQLException(
        "the transaction is bound to node " + where + " (its first statement went there) and this statement needs node "
            + target.node().name() + " (keys " + target.keys() + "); nothing was executed. A transaction spans one node: "
            + "commit or roll back first, or keep a transaction's keys on one node", "25000");
  }

  @Override
  public boolean owns(PhysicalLease lease) {
    return lease != null && lease == bound;
  }

  @Override
  public NodeInfo node() {
    return bound == null ? null : bound.node();
  }

  @Override
  public Connection bound(String operation) throws SQLException {
    if (bound == null) {
      throw new SQLException(operation + ": the transaction is not bound to a node yet; run its first statement before taking a savepoint", "25000");
    }
    return bound.connection();
  }

  @Override
  public List<Connection> connections() {
    return bound == null ? List.of() : List.of(bound.connection());
  }

  @Override
  public void commit() throws SQLException {
    end(true);
  }

  @Override
  public void rollback() throws SQLException {
    end(false);
  }

  private void end(boolean commit) throws SQLException {
    PhysicalLease lease = bound;
    bound = null;
    if (lease == null) {
      return;
    }
    try {
      if (commit) {
        lease.connection().commit();
        if (lease.role() == EndpointRole.MASTER) {
          leases.wrote(lease);
        }
      } else {
        lease.connection().rollback();
      }
    } catch (SQLException e) {
      if (!ConnectionFailures.isConnectionFailure(e)) {
        throw e;
      }
      endpoints.failed(lease.endpoint(), lease.role(), e);
      if (commit) {
        throw commitOutcomeUnknown(lease, e);
      }
      // A rollback whose connection broke: the server discards an uncommitted transaction on disconnect.
    } finally {
      closeQuietly(lease);
    }
  }

  @Override
  public SQLException lost(PhysicalLease lease, SQLException cause) {
    bound = null;
    try {
      lease.close();
    } catch (SQLException alreadyBroken) {
      cause.addSuppressed(alreadyBroken);
    }
    return new ShardlineFailoverException(ShardlineFailoverException.Outcome.ROLLED_BACK,
        "the transaction on " + lease.describe() + " was rolled back: its connection failed (" + cause.getMessage()
            + "). Nothing of it is committed; retry the whole transaction", cause);
  }

  private static void closeQuietly(PhysicalLease lease) {
    try {
      lease.close();
    } catch (SQLException alreadyBroken) {
      // evicted by the pool; nothing more to give back
    }
  }
}
