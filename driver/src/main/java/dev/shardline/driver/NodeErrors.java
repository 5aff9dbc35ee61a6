package dev.shardline.driver;

import java.sql.SQLException;

/**
 * Adds where an error happened to a node's SQLException while keeping what applications match
 * on: its SQLState, error code, and class. A vendor class without the standard constructor (for
 * example Connector/J's MySQLTimeoutException) is replaced by its nearest superclass that has one
 * (SQLTimeoutException), so {@code catch (SQLTimeoutException e)} keeps working.
 */
final class NodeErrors {
  private NodeErrors() {}

  static SQLException withContext(SQLException e, String message) {
    for (Class<?> type = e.getClass(); SQLException.class.isAssignableFrom(type); type = type.getSuperclass()) {
      try {
        SQLException copy = (SQLException) type
            .getConstructor(String.class, String.class, int.class, Throwable.class)
            .newInstance(message, e.getSQLState(), e.getErrorCode(), e);
        copy.setNextException(e.getNextException());
        return copy;
      } catch (ReflectiveOperationException | RuntimeException noStandardConstructor) {
        // try the superclass
      }
    }
    return new SQLException(message, e.getSQLState(), e.getErrorCode(), e);
  }
}
