package dev.shardline.driver.session;

import dev.shardline.driver.ShardlineFailoverException;
import dev.shardline.driver.ShardlinePartialCommitException;
import dev.shardline.driver.cluster.ConnectionFailures;
import dev.shardline.driver.cluster.EndpointFeedback;
import dev.shardline.driver.cluster.EndpointRole;
import dev.shardline.driver.execution.PhysicalLease;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code shardline.transactions=best-effort}: a local transaction on every node touched, committed
 * one node after another in node id order. A failure before the first commit rolls every branch
 * back (nothing is committed); a failure after one throws {@link ShardlinePartialCommitException}
 * with the nodes that committed, the one that failed, and the ones rolled back. Nothing is retried.
 *
 * <p>Not thread safe: owned by one logical connection.
 */
final class BestEffortTransaction extends MultiNodeTransaction {
  BestEffortTransaction(Leases leases, EndpointFeedback endpoints, boolean readOnly) {
    super(leases, endpoints, readOnly);
  }

  @Override
  void begin(PhysicalLease lease) {
    // A local transaction: autocommit is off on the connection already.
  }

  @Override
  void rollback(PhysicalLease branch) throws SQLException {
    branch.connection().rollback();
  }

  @Override
  public void commit() throws SQLException {
    List<PhysicalLease> all = end();
    List<String> committed = new ArrayList<>();
    try {
      for (int i = 0; i < all.size(); i++) {
        PhysicalLease branch = all.get(i);
        try {
          branch.connection().commit();
        } catch (SQLException e) {
          throw failedAt(all, i, committed, e);
        }
        committed.add(branch.node().name());
        if (branch.role() == EndpointRole.MASTER) {
          leases.wrote(branch);
        }
      }
    } finally {
      all.forEach(MultiNodeTransaction::closeQuietly);
    }
  }

  /** Rolls back the branches after {@code failed} and says what became of each. */
  private SQLException failedAt(List<PhysicalLease> all, int failed, List<String> committed, SQLException cause) {
    PhysicalLease branch = all.get(failed);
    boolean broken = ConnectionFailures.isConnectionFailure(cause);
    if (broken) {
      endpoints.failed(branch.endpoint(), branch.role(), cause);
    }
    List<String> rolledBack = new ArrayList<>();
    for (PhysicalLease rest : all.subList(failed + 1, all.size())) {
      try {
        rest.connection().rollback();
        rolledBack.add(rest.node().name());
      } catch (SQLException e) {
        // A broken connection rolls its branch back too: the server discards it when the session ends.
        cause.addSuppressed(e);
        rolledBack.add(rest.node().name());
      }
    }
    if (!broken) {
      try {
        branch.connection().rollback();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
      rolledBack.add(0, branch.node().name());
    }
    if (committed.isEmpty()) {
      if (broken) {
        return new ShardlineFailoverException(ShardlineFailoverException.Outcome.UNKNOWN,
            "the connection to " + branch.describe() + " broke during COMMIT, the first of the transaction's " + all.size() + " branches:"
                + " that branch may or may not be committed; the others (" + String.join(", ", rolledBack) + ") were rolled back: "
                + cause.getMessage(), cause);
      }
      return cause;
    }
    String outcome = broken ? "its connection broke during COMMIT, so its branch may or may not be committed" : "its COMMIT failed";
    return new ShardlinePartialCommitException("best-effort transaction partly committed: node(s) " + committed + " committed, node "
        + branch.node().name() + " failed (" + outcome + ": " + cause.getMessage() + ")"
        + (rolledBack.isEmpty() ? "" : ", node(s) " + rolledBack + " rolled back") + ". Nothing was retried; repair the committed part"
        + " or use shardline.transactions=two-phase for atomic commits", committed, branch.node().name(), broken, rolledBack, cause);
  }
}
