package dev.shardline.directory;

import java.sql.SQLException;

/**
 * The directory could not answer: its primary (and, for reads, every replica) could not be reached,
 * or a write look-up needed a fresh answer from the primary because the write lease had expired and
 * the primary could not be reached. SQLState class 08 (connection exception): the database's own
 * when it gave one, {@value #SQLSTATE} otherwise.
 *
 * <p>Retrying later is the right response; reads of cached keys keep working meanwhile.
 */
public class DirectoryUnavailableException extends DirectoryException {
  private static final long serialVersionUID = 1L;

  /** "SQL-client unable to establish SQL-connection". */
  public static final String SQLSTATE = "08001";

  public DirectoryUnavailableException(String message) {
    super(message, SQLSTATE);
  }

  public DirectoryUnavailableException(String message, Throwable cause) {
    super(message, connectionStateOf(cause), cause);
  }

  private static String connectionStateOf(Throwable cause) {
    if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
      return sql.getSQLState();
    }
    return SQLSTATE;
  }
}
