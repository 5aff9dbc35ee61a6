package dev.shardline.driver;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Tells a broken connection, and a master that refuses writes, from every other SQL error. */
final class ConnectionFailures {
  private static final int SERVER_GONE_AWAY = 2006;
  private static final int LOST_CONNECTION = 2013;
  private static final int SERVER_SHUTDOWN = 1053;
  private static final int CONNECTION_KILLED = 1927;
  private static final int READ_ONLY = 1290;
  private static final int READ_ONLY_TRANSACTION = 1792;

  private ConnectionFailures() {}

  /** The connection, or the server behind it, is gone: the endpoint should be taken out. */
  static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        int code = sql.getErrorCode();
        if ((state != null && state.startsWith("08"))
            || sql instanceof SQLTransientConnectionException
            || sql instanceof SQLNonTransientConnectionException
            || code == SERVER_GONE_AWAY || code == LOST_CONNECTION || code == SERVER_SHUTDOWN || code == CONNECTION_KILLED) {
          return !(sql instanceof ShardlineFailoverException);
        }
      }
    }
    return false;
  }

  /** A master refused a write because it is read-only: the write was not applied. */
  static boolean isReadOnlyRefusal(SQLException e) {
    return e.getErrorCode() == READ_ONLY || e.getErrorCode() == READ_ONLY_TRANSACTION;
  }
}
