package dev.shardline.directory;

import java.sql.SQLException;
import java.util.Objects;

/**
 * A directory server answered and refused: the login (wrong user or password: SQLState
 * {@code 28000}), or the database (the user may not use it, or it does not exist: {@code 42000}).
 * The SQLState and vendor code are the server's; the {@link #getCause() cause} is the exception as
 * it arrived (a pool's timeout, say, with the server's refusal under it).
 *
 * <p>Unlike {@link DirectoryUnavailableException}, waiting or trying a replica does not help: the
 * server is up and gave its answer, so the client reports it at once and moves on to no other
 * server. Fix the user, password, grants or database name.
 */
public class DirectoryAccessException extends DirectoryException {
  private static final long serialVersionUID = 1L;

  /** What the server refused. */
  public enum Reason {
    /** The user or the password is wrong (error 1045, SQLState 28000). */
    ACCESS_DENIED,
    /** The user may not use the directory database (error 1044, SQLState 42000). */
    DATABASE_ACCESS_DENIED,
    /** The directory database does not exist on the server (error 1049, SQLState 42000). */
    UNKNOWN_DATABASE
  }

  private final Reason reason;

  /**
   * @param serverError the server's refusal, whose SQLState and vendor code this exception keeps
   * @param cause the exception as it arrived; {@code serverError} itself or one that wraps it
   */
  public DirectoryAccessException(String message, Reason reason, SQLException serverError, Throwable cause) {
    super(message, serverError.getSQLState(), serverError.getErrorCode(), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
