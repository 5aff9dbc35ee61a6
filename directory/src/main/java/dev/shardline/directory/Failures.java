package dev.shardline.directory;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns a database failure into the {@link DirectoryException} a user can act on.
 *
 * <p>The split that matters is "unreachable" (SQLState class 08, or what pools and Connector/J
 * throw when a server is down) against everything else: an unreachable server makes reads move on
 * to the next replica and makes writes fail with {@link DirectoryUnavailableException}; any other
 * error is a real answer from a live server and is reported as it is.
 *
 * <p>Stateless and thread safe.
 */
final class Failures {
  static final int ER_DUP_ENTRY = 1062;
  static final int ER_NO_SUCH_TABLE = 1146;
  static final int ER_NO_DB_ERROR = 1046;
  static final int ER_LOCK_DEADLOCK = 1213;
  private static final int ER_ACCESS_DENIED = 1045;
  private static final int ER_DBACCESS_DENIED = 1044;
  private static final int ER_OPTION_PREVENTS_STATEMENT = 1290; // read_only
  private static final int ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION = 1792;
  private static final int ER_SERVER_SHUTDOWN = 1053;
  private static final int ER_CONNECTION_KILLED = 1927;

  private Failures() {}

  static boolean isUnavailable(SQLException e) {
    String state = e.getSQLState();
    return (state != null && state.startsWith("08"))
        || e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException
        || e.getErrorCode() == ER_SERVER_SHUTDOWN
        || e.getErrorCode() == ER_CONNECTION_KILLED;
  }

  static boolean isDeadlock(SQLException e) {
    return e.getErrorCode() == ER_LOCK_DEADLOCK || "40001".equals(e.getSQLState());
  }

  static boolean isDuplicateKey(SQLException e) {
    return e.getErrorCode() == ER_DUP_ENTRY;
  }

  /** What {@code operation} on {@code source} failing with {@code e} means for the user. */
  static DirectoryException wrap(SQLException e, DirectorySource source, String operation) {
    if (e instanceof DirectoryException already) {
      return already;
    }
    String cause = firstLine(e);
    if (isUnavailable(e)) {
      return new DirectoryUnavailableException(
          source.label() + " cannot be reached (" + cause + "); " + operation + " needs it."
              + " Check that the server is running and reachable from this host", e);
    }
    int code = e.getErrorCode();
    if (code == ER_OPTION_PREVENTS_STATEMENT || code == ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION) {
      return new DirectoryUnavailableException(
          source.label() + " refused a write because it is read-only (" + cause + "); " + operation
              + " needs the writable directory primary: point the primary DataSource at it", e);
    }
    if (code == ER_ACCESS_DENIED || code == ER_DBACCESS_DENIED) {
      return new DirectoryException(
          source.label() + " refused the login (" + cause + "); check the directory user, password"
              + " and grants", e);
    }
    if (code == ER_NO_SUCH_TABLE || code == ER_NO_DB_ERROR) {
      return new DirectoryException(
          operation + " failed on " + source.label() + " (" + cause + "): the directory schema is"
              + " missing or the JDBC URL names no database; run `shardline init` against the"
              + " directory database", e);
    }
    return new DirectoryException(operation + " failed on " + source.label() + ": " + cause, e);
  }

  static String firstLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
