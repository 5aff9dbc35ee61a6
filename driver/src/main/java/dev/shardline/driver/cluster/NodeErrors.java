package dev.shardline.driver.cluster;

import java.sql.SQLException;
import java.sql.SQLWarning;

/**
 * Adds where an error happened to a node's SQLException while keeping what applications match on:
 * its class, SQLState and error code.
 *
 * <p>The copy is made with the exception's own class, through the first of its constructors that
 * takes the message (with state and code where it has them). A class that has none of those
 * (Connector/J's {@code MysqlDataTruncation}, {@code java.sql.DataTruncation}, whose message is
 * fixed) is not rebuilt with a nearer superclass, which would break {@code catch (DataTruncation
 * e)}: the original is thrown as it is, with the context attached as a suppressed exception.
 */
public final class NodeErrors {
  private NodeErrors() {}

  public static SQLException withContext(SQLException e, String message) {
    SQLException copy = rebuild(e, message);
    if (copy == null) {
      e.addSuppressed(new SQLWarning(message));
      return e;
    }
    copy.setNextException(e.getNextException());
    return copy;
  }

  private static SQLException rebuild(SQLException e, String message) {
    Class<? extends SQLException> type = e.getClass();
    try {
      return type.getConstructor(String.class, String.class, int.class, Throwable.class).newInstance(message, e.getSQLState(), e.getErrorCode(), e);
    } catch (ReflectiveOperationException | RuntimeException ignored) {
      // try the next shape
    }
    try {
      SQLException copy = type.getConstructor(String.class, String.class, int.class).newInstance(message, e.getSQLState(), e.getErrorCode());
      return withCause(copy, e);
    } catch (ReflectiveOperationException | RuntimeException ignored) {
      // try the next shape
    }
    if (e.getErrorCode() == 0) {
      try {
        return withCause(type.getConstructor(String.class, String.class).newInstance(message, e.getSQLState()), e);
      } catch (ReflectiveOperationException | RuntimeException ignored) {
        // no usable constructor
      }
    }
    return null;
  }

  private static SQLException withCause(SQLException copy, SQLException cause) {
    try {
      copy.initCause(cause);
      return copy;
    } catch (IllegalStateException alreadyHasCause) {
      return null;
    }
  }
}
