package dev.shardline.driver.cluster;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLSyntaxErrorException;

/**
 * Refused logins and missing databases, told apart from servers that are down: the server
 * answered, so retrying, failing over or saying "cannot be reached" would all point the wrong way.
 */
public final class Logins {
  private static final int ACCESS_DENIED = 1045;
  private static final int DATABASE_ACCESS_DENIED = 1044;
  private static final int UNKNOWN_DATABASE = 1049;

  private Logins() {}

  /** Whether the server refused the login or the database anywhere in {@code e}'s causes. */
  public static boolean isRefusal(SQLException e) {
    return root(e) != null;
  }

  /**
   * An exception that says what the server refused, or null when {@code e} is not a refused login.
   *
   * @param where the server, as in "node node1 (master 127.0.0.1:3306)"
   * @param user the user that logged in (never the password)
   */
  public static SQLException refusal(SQLException e, String where, String user, String database) {
    SQLException cause = root(e);
    if (cause == null) {
      return null;
    }
    String server = serverMessage(cause);
    return switch (cause.getErrorCode()) {
      case UNKNOWN_DATABASE -> new SQLSyntaxErrorException(
          "database '" + database + "' does not exist on " + where + ": create it there, or check the database name (" + server + ")",
          "42000", UNKNOWN_DATABASE, cause);
      case DATABASE_ACCESS_DENIED -> new SQLInvalidAuthorizationSpecException(
          "user '" + user + "' may not use database '" + database + "' on " + where + ": grant it access (" + server + ")",
          "42000", DATABASE_ACCESS_DENIED, cause);
      default -> new SQLInvalidAuthorizationSpecException(
          "access denied to " + where + " for user '" + user + "': check the user and password (" + server + ")",
          "28000", ACCESS_DENIED, cause);
    };
  }

  private static SQLException root(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        int code = sql.getErrorCode();
        if (code == ACCESS_DENIED || code == DATABASE_ACCESS_DENIED || code == UNKNOWN_DATABASE || "28000".equals(sql.getSQLState())) {
          return sql;
        }
      }
    }
    return null;
  }

  private static String serverMessage(SQLException e) {
    String message = e.getMessage();
    return message == null ? "error " + e.getErrorCode() : message;
  }
}
