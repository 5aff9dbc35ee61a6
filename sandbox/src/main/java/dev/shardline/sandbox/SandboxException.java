package dev.shardline.sandbox;

/**
 * A sandbox cluster could not do what was asked. The message names the instance at fault and,
 * where a server failed, ends with the tail of its error log.
 */
public final class SandboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SandboxException(String message) {
    super(message);
  }

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
