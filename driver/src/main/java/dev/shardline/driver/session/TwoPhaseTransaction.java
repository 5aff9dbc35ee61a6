package dev.shardline.driver.session;

import dev.shardline.directory.TransactionDecision;
import dev.shardline.directory.xa.XaId;
import dev.shardline.driver.ShardlineFailoverException;
import dev.shardline.driver.cluster.ConnectionFailures;
import dev.shardline.driver.cluster.EndpointFeedback;
import dev.shardline.driver.cluster.EndpointRole;
import dev.shardline.driver.execution.PhysicalLease;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code shardline.transactions=two-phase}: an XA branch on every master the transaction touches
 * (one global id, the node id as branch qualifier), committed by two-phase commit:
 *
 * <ol>
 *   <li>{@code XA END} and {@code XA PREPARE} on every branch, all branches at once. A failure
 *       rolls every branch back: nothing is committed.
 *   <li>COMMIT recorded in the directory's transaction log: the commit point. If recovery recorded
 *       ROLLBACK first (it presumed this coordinator dead), every branch is rolled back.
 *   <li>{@code XA COMMIT} on every branch, all at once. A branch that cannot be committed now (its master died)
 *       is committed by recovery from the log; the transaction is committed, and its connection is
 *       closed so that the server lets recovery take the branch over.
 * </ol>
 *
 * A transaction that touched one master commits in one phase ({@code XA COMMIT ... ONE PHASE}),
 * with nothing in the log. Branches on replicas (a read-only connection) are plain transactions:
 * they wrote nothing and take no part in the vote.
 *
 * <p>Not thread safe: owned by one logical connection.
 */
final class TwoPhaseTransaction extends MultiNodeTransaction {
  private static final Logger log = LoggerFactory.getLogger(TwoPhaseTransaction.class);

  /**
   * Called at each step of a two-phase commit ("prepared", "decided", then "committing NODE" and
   * "committed NODE" on the thread that commits that node's branch): a seam for crash tests, which
   * stop or kill the process there. Null in production.
   */
  static volatile Consumer<String> stepListener;

  private final DecisionLog decisions;
  private final OnEveryBranch onEveryBranch;
  private final String gtrid = XaId.newGlobalId();

  TwoPhaseTransaction(Leases leases, EndpointFeedback endpoints, boolean readOnly, DecisionLog decisions, OnEveryBranch onEveryBranch) {
    super(leases, endpoints, readOnly);
    this.decisions = decisions;
    this.onEveryBranch = onEveryBranch;
  }

  /** A branch on a master is an XA branch (started when it joined); one on a replica is a plain transaction. */
  private XaId xa(PhysicalLease branch) {
    return branch.role() == EndpointRole.MASTER ? new XaId(gtrid, branch.node().id()) : null;
  }

  @Override
  void begin(PhysicalLease lease) throws SQLException {
    XaId id = xa(lease);
    if (id != null) {
      run(lease, "XA START " + id.sql());
    }
  }

  @Override
  void rollback(PhysicalLease branch) throws SQLException {
    XaId id = xa(branch);
    if (id == null) {
      branch.connection().rollback();
      return;
    }
    try {
      run(branch, "XA END " + id.sql());
    } catch (SQLException e) {
      // Already ended (a failed PREPARE ends it), or the connection is gone; the ROLLBACK says which.
      log.debug("XA END of {} before rollback: {}", id, e.getMessage());
    }
    run(branch, "XA ROLLBACK " + id.sql());
  }

  @Override
  public void commit() throws SQLException {
    List<PhysicalLease> all = end();
    try {
      List<PhysicalLease> voting = new ArrayList<>();
      for (PhysicalLease branch : all) {
        if (xa(branch) != null) {
          voting.add(branch);
        } else {
          branch.connection().commit(); // a replica's branch: it wrote nothing
        }
      }
      if (voting.size() == 1) {
        onePhase(voting.get(0));
      } else if (!voting.isEmpty()) {
        twoPhase(voting);
      }
    } finally {
      all.forEach(MultiNodeTransaction::closeQuietly);
    }
  }

  private void onePhase(PhysicalLease branch) throws SQLException {
    XaId id = xa(branch);
    try {
      run(branch, "XA END " + id.sql());
      run(branch, "XA COMMIT " + id.sql() + " ONE PHASE");
      leases.wrote(branch);
    } catch (SQLException e) {
      if (!ConnectionFailures.isConnectionFailure(e)) {
        rollbackQuietly(branch, e);
        throw e;
      }
      endpoints.failed(branch.endpoint(), branch.role(), e);
      throw SingleNodeTransaction.commitOutcomeUnknown(branch, e);
    }
  }

  private void twoPhase(List<PhysicalLease> voting) throws SQLException {
    String nodeIds = String.join(",", voting.stream().map(b -> Integer.toString(b.node().id())).toList());
    List<SQLException> prepareFailures = onEveryBranch.run(voting, branch -> {
      XaId id = xa(branch);
      run(branch, "XA END " + id.sql());
      run(branch, "XA PREPARE " + id.sql());
    });
    int failed = firstFailure(prepareFailures);
    if (failed >= 0) {
      throw preparingFailed(voting, prepareFailures, failed, nodeIds);
    }
    step("prepared");
    TransactionDecision decision = decide(voting, nodeIds);
    step("decided");
    if (decision == TransactionDecision.ROLLBACK) {
      for (PhysicalLease branch : voting) {
        rollbackQuietly(branch, null);
      }
      throw new SQLException("the transaction was rolled back on every node (" + nodeNames(voting) + "): it took longer than"
          + " shardline.transactions.presumedAbortMs to reach its decision, and recovery had presumed it abandoned. Nothing of it is"
          + " committed; retry the whole transaction", "40000");
    }
    List<SQLException> commitFailures = onEveryBranch.run(voting, branch -> {
      step("committing " + branch.node().name());
      run(branch, "XA COMMIT " + xa(branch).sql());
      step("committed " + branch.node().name());
    });
    for (int i = 0; i < voting.size(); i++) {
      PhysicalLease branch = voting.get(i);
      SQLException e = commitFailures.get(i);
      if (e == null) {
        leases.wrote(branch);
        continue;
      }
      // Committed all the same: the decision is logged. The branch is released from this session so recovery can finish it.
      log.warn("transaction {} is committed, but node {} could not commit its branch now ({}); recovery commits it from the"
          + " directory's log", gtrid, branch.node().name(), e.getMessage());
      if (ConnectionFailures.isConnectionFailure(e)) {
        endpoints.failed(branch.endpoint(), branch.role(), e);
      }
      leases.evict(branch);
    }
    if (firstFailure(commitFailures) < 0) {
      decisions.forget(gtrid);
    }
  }

  private static int firstFailure(List<SQLException> failures) {
    for (int i = 0; i < failures.size(); i++) {
      if (failures.get(i) != null) {
        return i;
      }
    }
    return -1;
  }

  /** Rolls every branch back after a failed PREPARE and says which node could not prepare. */
  private SQLException preparingFailed(List<PhysicalLease> voting, List<SQLException> failures, int first, String nodeIds) {
    SQLException e = failures.get(first);
    for (int i = 0; i < voting.size(); i++) {
      PhysicalLease branch = voting.get(i);
      SQLException own = failures.get(i);
      if (own != null && i != first) {
        e.addSuppressed(own);
      }
      if (own != null && ConnectionFailures.isConnectionFailure(own)) {
        // The server rolls back a branch that is not prepared when its session ends; a prepared one is left to recovery.
        endpoints.failed(branch.endpoint(), branch.role(), own);
        leases.evict(branch);
      } else {
        rollbackQuietly(branch, e);
      }
    }
    // A branch may be prepared on its server without this process knowing (a PREPARE whose answer
    // was lost): ROLLBACK in the log lets recovery roll it back at once instead of after the timeout.
    try {
      decisions.decide(gtrid, TransactionDecision.ROLLBACK, nodeIds);
    } catch (SQLException logFailed) {
      e.addSuppressed(logFailed);
    }
    PhysicalLease branch = voting.get(first);
    return new SQLException("the transaction was rolled back on every node (" + nodeNames(voting) + "): node " + branch.node().name()
        + " could not prepare its branch (" + e.getMessage() + "). Nothing of it is committed; retry the whole transaction",
        "40000", e.getErrorCode(), e);
  }

  /**
   * Records COMMIT, unless recovery recorded ROLLBACK first. When the directory cannot say, the
   * branches stay prepared for recovery, which decides from the log alone.
   */
  private TransactionDecision decide(List<PhysicalLease> voting, String nodeIds) throws SQLException {
    try {
      return decisions.decide(gtrid, TransactionDecision.COMMIT, nodeIds);
    } catch (SQLException first) {
      try {
        Optional<TransactionDecision> recorded = decisions.decision(gtrid);
        if (recorded.isPresent()) {
          return recorded.get();
        }
        return decisions.decide(gtrid, TransactionDecision.ROLLBACK, nodeIds);
      } catch (SQLException again) {
        first.addSuppressed(again);
      }
      // Whether COMMIT was stored is unknown: neither commit nor roll back here. The branches are
      // detached from this process so that recovery, which reads the log, can finish them.
      voting.forEach(leases::evict);
      throw new ShardlineFailoverException(ShardlineFailoverException.Outcome.UNKNOWN,
          "transaction " + gtrid + " is prepared on node(s) " + nodeNames(voting) + " but its decision could not be recorded in the"
              + " directory (" + first.getMessage() + "): it may or may not be committed. Recovery (any driver instance, or"
              + " `shardline tx recover`) finishes it from the directory's log: committed if COMMIT was stored, rolled back otherwise"
              + " once it is older than shardline.transactions.presumedAbortMs", first);
    }
  }

  private void rollbackQuietly(PhysicalLease branch, SQLException into) {
    try {
      rollback(branch);
    } catch (SQLException e) {
      if (into != null) {
        into.addSuppressed(e);
      }
      // An XA branch whose connection breaks before PREPARE is rolled back by the server; a
      // prepared one is left to recovery, which rolls it back: there is no COMMIT in the log.
      leases.evict(branch);
    }
  }

  private static void run(PhysicalLease lease, String sql) throws SQLException {
    try (Statement s = lease.connection().createStatement()) {
      s.execute(sql);
    }
  }

  private static void step(String name) {
    Consumer<String> listener = stepListener;
    if (listener != null) {
      listener.accept(name);
    }
  }
}
