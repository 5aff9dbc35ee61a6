package dev.shardline.driver;

import java.sql.SQLTransientConnectionException;

/**
 * A connection to a node failed where Shardline could not retry safely: the transaction was rolled
 * back, or a write may or may not have been applied. The application must decide and retry the
 * whole transaction (for an unknown outcome, after checking whether the write is there).
 *
 * <p>SQLState {@code 08006} (rolled back) or {@code 08007} (transaction resolution unknown). The
 * logical connection stays usable: its next statement starts afresh on a surviving endpoint.
 */
public final class ShardlineFailoverException extends SQLTransientConnectionException {
  private static final long serialVersionUID = 1L;

  /** What became of the work that was in flight. */
  public enum Outcome {
    /** Nothing of the transaction was committed; retry it. */
    ROLLED_BACK,
    /** The write or commit may have been applied, or not; check, then retry if it was not. */
    UNKNOWN
  }

  private final Outcome outcome;

  public ShardlineFailoverException(Outcome outcome, String message, Throwable cause) {
    super(message, outcome == Outcome.ROLLED_BACK ? "08006" : "08007", cause);
    this.outcome = outcome;
  }

  public Outcome outcome() {
    return outcome;
  }
}
