package dev.shardline.driver;

import java.sql.SQLTransientException;

/**
 * A write waited for a key that is being moved to another node, and the move did not switch the key
 * within {@code shardline.moveWaitMs}. Nothing was executed; retry the statement (or the
 * transaction) once the move is done. Reads of a moving key keep working throughout.
 *
 * <p>SQLState {@code 40S01}: class 40, the work was not done and may be retried.
 */
public final class ShardlineKeyMovingException extends SQLTransientException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ShardlineKeyMovingException(String key, String message) {
    super(message, "40S01");
    this.key = key;
  }

  /** The key that was moving, in canonical text. */
  public String key() {
    return key;
  }
}
