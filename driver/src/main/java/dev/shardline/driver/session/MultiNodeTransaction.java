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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transaction with a branch on every node it touches: one physical connection per node, taken
 * when the node's first statement runs and held until COMMIT or ROLLBACK. How the branches commit
 * is the subclass's ({@link BestEffortTransaction}, {@link TwoPhaseTransaction}).
 *
 * <p>Savepoints need one node: one can be taken while the transaction has a single branch, and a
 * transaction holding savepoints refuses a second node (a savepoint cannot be rolled back to on a
 * node that joined after it).
 *
 * <p>Not thread safe: owned by one logical connection.
 */
abstract class MultiNodeTransaction implements Transaction {
  private static final Logger log = LoggerFactory.getLogger(MultiNodeTransaction.class);

  /** Where the transaction gets its connections, whom it tells that it wrote, and how it drops one. */
  interface Leases extends SingleNodeTransaction.Leases {
    /** Closes the physical connection instead of returning it (the server then drops the session's state). */
    void evict(PhysicalLease lease);
  }

  final Leases leases;
  final EndpointFeedback endpoints;
  private final boolean readOnly;
  /** Branches by node id, in the order the nodes joined. */
  private final Map<Integer, PhysicalLease> branches = new LinkedHashMap<>();
  private boolean savepoints;

  MultiNodeTransaction(Leases leases, EndpointFeedback endpoints, boolean readOnly) {
    this.leases = leases;
    this.endpoints = endpoints;
    this.readOnly = readOnly;
  }

  @Override
  public void checkScope(RoutePlan plan) throws SQLException {
    for (Target target : plan.targets()) {
      PhysicalLease branch = branches.get(target.node().id());
      if (branch == null && savepoints && !branches.isEmpty()) {
        throw new SQLException("the transaction holds savepoints on node " + first().node().name() + " and this statement needs node "
            + target.node().name() + " (keys " + target.keys() + "); nothing was executed. A transaction with savepoints stays on one node:"
            + " release them, or commit or roll back first", "25000");
      }
      if (readOnly && branch != null && branch.role() == EndpointRole.REPLICA && target.role() == EndpointRole.MASTER) {
        throw SingleNodeTransaction.writeOnReadOnly(branch);
      }
    }
  }

  @Override
  public PhysicalLease lease(Target target) throws SQLException {
    PhysicalLease branch = branches.get(target.node().id());
    if (branch != null) {
      return branch;
    }
    PhysicalLease lease = leases.borrowForTransaction(target);
    try {
      begin(lease);
    } catch (SQLException e) {
      closeQuietly(lease);
      throw e;
    }
    branches.put(target.node().id(), lease);
    return lease;
  }

  /** Starts the branch on a new connection (for two-phase, {@code XA START}). */
  abstract void begin(PhysicalLease lease) throws SQLException;

  @Override
  public boolean owns(PhysicalLease lease) {
    return lease != null && branches.get(lease.node().id()) == lease;
  }

  @Override
  public NodeInfo node() {
    return branches.isEmpty() ? null : first().node();
  }

  @Override
  public Connection bound(String operation) throws SQLException {
    if (branches.isEmpty()) {
      throw new SQLException(operation + ": the transaction is not bound to a node yet; run its first statement before taking a savepoint", "25000");
    }
    if (branches.size() > 1) {
      throw new SQLException(operation + ": the transaction has branches on nodes " + nodeNames(branches()) + "; savepoints need a"
          + " transaction on one node", "25000");
    }
    savepoints = true;
    return first().connection();
  }

  @Override
  public List<Connection> connections() {
    List<Connection> all = new ArrayList<>(branches.size());
    branches.values().forEach(b -> all.add(b.connection()));
    return all;
  }

  /** The branches in node id order: the order commits go in, the same for every transaction. */
  List<PhysicalLease> branches() {
    List<PhysicalLease> sorted = new ArrayList<>(branches.values());
    sorted.sort(Comparator.comparingInt(l -> l.node().id()));
    return sorted;
  }

  private PhysicalLease first() {
    return branches.values().iterator().next();
  }

  /** Forgets every branch: the transaction is over, whatever comes next. */
  List<PhysicalLease> end() {
    List<PhysicalLease> all = branches();
    branches.clear();
    savepoints = false;
    return all;
  }

  @Override
  public void rollback() throws SQLException {
    SQLException failure = null;
    for (PhysicalLease branch : end()) {
      try {
        rollback(branch);
      } catch (SQLException e) {
        if (!ConnectionFailures.isConnectionFailure(e)) {
          failure = failure == null ? e : failure;
        } else {
          // A broken connection: the server discards a branch that is not prepared when its session ends.
          endpoints.failed(branch.endpoint(), branch.role(), e);
        }
      } finally {
        closeQuietly(branch);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Rolls one branch back (for two-phase, {@code XA END} and {@code XA ROLLBACK}). */
  abstract void rollback(PhysicalLease branch) throws SQLException;

  @Override
  public SQLException lost(PhysicalLease lease, SQLException cause) {
    List<PhysicalLease> all = end();
    for (PhysicalLease branch : all) {
      if (branch != lease) {
        try {
          rollback(branch);
        } catch (SQLException e) {
          cause.addSuppressed(e);
        }
      }
      closeQuietly(branch);
    }
    return new ShardlineFailoverException(ShardlineFailoverException.Outcome.ROLLED_BACK,
        "the transaction was rolled back on every node (" + nodeNames(all) + "): its connection to " + lease.describe() + " failed ("
            + cause.getMessage() + "). Nothing of it is committed; retry the whole transaction", cause);
  }

  static String nodeNames(List<PhysicalLease> leases) {
    List<String> names = new ArrayList<>(leases.size());
    leases.forEach(l -> names.add(l.node().name()));
    return String.join(", ", names);
  }

  static void closeQuietly(PhysicalLease lease) {
    try {
      lease.close();
    } catch (SQLException alreadyBroken) {
      log.debug("closing {} after the transaction: {}", lease.describe(), alreadyBroken.getMessage());
    }
  }
}
