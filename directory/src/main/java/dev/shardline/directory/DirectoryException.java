package dev.shardline.directory;

import java.sql.SQLException;

/**
 * A directory operation failed. The message names what is wrong and what to do about it; when the
 * failure came from the database, the SQLState and vendor code are the database's and the
 * {@link #getCause() cause} is its exception.
 *
 * <p>Subclasses: {@link DirectoryUnavailableException} (the directory cannot be reached),
 * {@link DirectoryAccessException} (a directory server refused the login or the database) and
 * {@link DirectorySchemaException} (its schema is missing or of another version).
 */
public class DirectoryException extends SQLException {
  private static final long serialVersionUID = 1L;

  /** SQLState for failures the directory itself detects (unknown node, no active node, ...). */
  static final String GENERAL_ERROR = "HY000";

  public DirectoryException(String message, String sqlState) {
    super(message, sqlState);
  }

  public DirectoryException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, vendorCodeOf(cause), cause);
  }

  DirectoryException(String message, String sqlState, int vendorCode, Throwable cause) {
    super(message, sqlState, vendorCode, cause);
  }

  /** Keeps the SQLState and vendor code of a database failure under a message that explains it. */
  public DirectoryException(String message, SQLException cause) {
    super(message, cause.getSQLState(), cause.getErrorCode(), cause);
  }

  static int vendorCodeOf(Throwable cause) {
    return cause instanceof SQLException sql ? sql.getErrorCode() : 0;
  }
}
