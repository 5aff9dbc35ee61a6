package dev.shardline.driver;

import java.sql.SQLException;
import java.util.List;

/**
 * A {@link TransactionMode#BEST_EFFORT best-effort} transaction failed between the commits of its
 * branches: the nodes of {@link #committedNodes()} committed their part, {@link #failedNode()}
 * failed to (its outcome is unknown when the connection broke during its COMMIT, see
 * {@link #failedOutcomeUnknown()}), and {@link #rolledBackNodes()} were rolled back. Nothing is
 * retried: the application decides how to repair the committed part.
 *
 * <p>SQLState {@code HY000}: not a rollback class (40xxx), so frameworks do not retry it as a whole.
 */
public final class ShardlinePartialCommitException extends SQLException {
  private static final long serialVersionUID = 1L;

  private final List<String> committedNodes;
  private final String failedNode;
  private final boolean failedOutcomeUnknown;
  private final List<String> rolledBackNodes;

  public ShardlinePartialCommitException(String message, List<String> committedNodes, String failedNode, boolean failedOutcomeUnknown,
      List<String> rolledBackNodes, SQLException cause) {
    super(message, "HY000", cause == null ? 0 : cause.getErrorCode(), cause);
    this.committedNodes = List.copyOf(committedNodes);
    this.failedNode = failedNode;
    this.failedOutcomeUnknown = failedOutcomeUnknown;
    this.rolledBackNodes = List.copyOf(rolledBackNodes);
  }

  /** The nodes whose branch committed, in commit order. */
  public List<String> committedNodes() {
    return committedNodes;
  }

  /** The node whose commit failed. */
  public String failedNode() {
    return failedNode;
  }

  /** Whether the failed node's connection broke during its COMMIT, so its branch may or may not be committed. */
  public boolean failedOutcomeUnknown() {
    return failedOutcomeUnknown;
  }

  /** The nodes whose branch was rolled back (not committed). */
  public List<String> rolledBackNodes() {
    return rolledBackNodes;
  }
}
