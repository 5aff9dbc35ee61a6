package dev.shardline.driver.cluster;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The one place that tells a broken connection, and a master that refuses writes, from every other
 * SQL error. The retry policy, the endpoint health and the pools all ask here.
 */
public final class ConnectionFailures {
  private static final int SERVER_GONE_AWAY = 2006;
  private static final int LOST_CONNECTION = 2013;
  private static final int SERVER_SHUTDOWN = 1053;
  private static final int CONNECTION_KILLED = 1927;
  private static final int READ_ONLY = 1290;
  private static final int READ_ONLY_TRANSACTION = 1792;

  private ConnectionFailures() {}

  /**
   * The connection, or the server behind it, is gone: the endpoint should be taken out. A refused
   * login and a missing database are not: the server answered. Only errors of physical connections
   * are classified here, never the driver's own failover exceptions.
   */
  public static boolean isConnectionFailure(SQLException e) {
    if (Logins.isRefusal(e)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        int code = sql.getErrorCode();
        if ((state != null && state.startsWith("08"))
            || sql instanceof SQLTransientConnectionException
            || sql instanceof SQLNonTransientConnectionException
            || code == SERVER_GONE_AWAY || code == LOST_CONNECTION || code == SERVER_SHUTDOWN || code == CONNECTION_KILLED) {
          return true;
        }
      }
    }
    return false;
  }

  /** A master refused a write because it is read-only: the write was not applied. */
  public static boolean isReadOnlyRefusal(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && (sql.getErrorCode() == READ_ONLY || sql.getErrorCode() == READ_ONLY_TRANSACTION)) {
        return true;
      }
    }
    return false;
  }
}
