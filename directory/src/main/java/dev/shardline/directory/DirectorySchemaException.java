package dev.shardline.directory;

/**
 * The directory database has no Shardline schema (run {@code shardline init}), an older one than
 * this code needs (run {@code shardline migrate}), or a newer one than this code knows (upgrade
 * Shardline). The message names the database and both versions.
 */
public class DirectorySchemaException extends DirectoryException {
  private static final long serialVersionUID = 1L;

  /** "Base table or view not found", for a database without the schema. */
  static final String NO_SCHEMA = "42S02";
  /** "General error", for a schema of another version. */
  static final String WRONG_VERSION = "HY000";

  public DirectorySchemaException(String message, String sqlState) {
    super(message, sqlState);
  }
}
