package dev.shardline.directory.cli;

/**
 * {@code shardline schema diff|copy} could not do its work: a node's master is unreachable
 * ({@link ShardlineCommand#UNAVAILABLE}) or refused (login, privileges, a conflicting table:
 * {@link ShardlineCommand#FAILED}). The message names the node and its master and says what to do.
 */
final class NodeSchemaException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  NodeSchemaException(String message, int exitCode) {
    this(message, exitCode, null);
  }

  NodeSchemaException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
