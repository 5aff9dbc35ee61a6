package dev.shardline.directory;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a database failure into the {@link DirectoryException} a user can act on.
 *
 * <p>The split that matters is "unreachable" (SQLState class 08, or what pools and Connector/J
 * throw when a server is down) against everything else: an unreachable server makes reads move on
 * to the next replica and makes writes fail with {@link DirectoryUnavailableException}; any other
 * error is a real answer from a live server and is reported as it is.
 *
 * <p>A refused login or database is looked for first, anywhere in the cause chain: a pool that
 * cannot log in keeps trying until its connection timeout and then throws its own "connection not
 * available" exception (class 08, or {@code SQLTransientConnectionException}) with the server's
 * refusal as the cause. Classified by the outer exception alone, a wrong password would read as "the
 * server cannot be reached" and send reads on to every replica. It is a {@link
 * DirectoryAccessException} instead, reported at once.
 *
 * <p>Stateless and thread safe.
 */
final class Failures {
  static final int ER_DUP_ENTRY = 1062;
  static final int ER_NO_SUCH_TABLE = 1146;
  static final int ER_NO_DB_ERROR = 1046;
  static final int ER_LOCK_DEADLOCK = 1213;
  static final int ER_ACCESS_DENIED = 1045;
  static final int ER_DBACCESS_DENIED = 1044;
  static final int ER_BAD_DB = 1049;
  /** How deep the cause chain is searched for a refusal; chains are a few links long, cycles are possible. */
  private static final int MAX_CAUSE_DEPTH = 16;
  private static final Pattern USER = Pattern.compile("for user '([^']*)'");
  private static final Pattern DATABASE = Pattern.compile("database '([^']*)'");
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
    SQLException refusal = refusalIn(e);
    if (refusal != null) {
      return accessRefused(refusal, e, source);
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
    if (code == ER_NO_SUCH_TABLE || code == ER_NO_DB_ERROR) {
      return new DirectoryException(
          operation + " failed on " + source.label() + " (" + cause + "): the directory schema is"
              + " missing or the JDBC URL names no database; run `shardline init` against the"
              + " directory database", e);
    }
    return new DirectoryException(operation + " failed on " + source.label() + ": " + cause, e);
  }

  /**
   * The server's refusal of a login or database in {@code e} or any of its causes, or null. The
   * deepest match wins: HikariCP copies the refusal's SQLState onto its own timeout exception, whose
   * message says nothing about the refusal.
   */
  static SQLException refusalIn(Throwable e) {
    SQLException found = null;
    Throwable t = e;
    for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof SQLException sql && reasonOf(sql) != null) {
        found = sql;
      }
    }
    return found;
  }

  private static DirectoryAccessException.Reason reasonOf(SQLException e) {
    int code = e.getErrorCode();
    if (code == ER_ACCESS_DENIED || "28000".equals(e.getSQLState())) {
      return DirectoryAccessException.Reason.ACCESS_DENIED;
    }
    if (code == ER_DBACCESS_DENIED) {
      return DirectoryAccessException.Reason.DATABASE_ACCESS_DENIED;
    }
    if (code == ER_BAD_DB) {
      return DirectoryAccessException.Reason.UNKNOWN_DATABASE;
    }
    return null;
  }

  /** The server's own words name the user and database; the password is never in them. */
  private static DirectoryAccessException accessRefused(SQLException refusal, SQLException arrived, DirectorySource source) {
    DirectoryAccessException.Reason reason = reasonOf(refusal);
    String server = firstLine(refusal);
    String user = find(USER, server);
    String forUser = user == null ? "" : " for user '" + user + "'";
    String database = find(DATABASE, server);
    String named = database == null ? "" : " '" + database + "'";
    String message = switch (reason) {
      case ACCESS_DENIED -> "access denied to the directory on " + source.label() + forUser + ": " + server
          + "; check the user and password";
      case DATABASE_ACCESS_DENIED -> "access denied to the directory database" + named + " on " + source.label() + forUser
          + ": " + server + "; grant the user SELECT, INSERT and UPDATE on it (and CREATE, ALTER, INDEX and REFERENCES"
          + " to run `shardline init` or `shardline migrate`)";
      case UNKNOWN_DATABASE -> "the directory database" + named + " does not exist on " + source.label() + ": " + server
          + "; create it with `shardline init`, or correct the database name in the JDBC URL";
    };
    return new DirectoryAccessException(message, reason, refusal, arrived);
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : null;
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
