package dev.shardline.directory.cli;

/**
 * {@code shardline promote} refused or stopped: the message says what was changed so far (if
 * anything) and what to do. The command exits with {@link ShardlineCommand#FAILED}.
 */
final class PromotionException extends Exception {
  private static final long serialVersionUID = 1L;

  PromotionException(String message) {
    super(message);
  }

  PromotionException(String message, Throwable cause) {
    super(message, cause);
  }
}
