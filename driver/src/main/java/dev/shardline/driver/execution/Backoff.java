package dev.shardline.driver.execution;

/**
 * Pauses between attempts on surviving endpoints, doubling from the configured first pause up to
 * 400 ms, until the failover deadline. Started at the first failure, so the happy path allocates
 * nothing. Not thread safe: one per statement execution.
 */
public final class Backoff {
  private static final long MAX_PAUSE_MS = 400;
  private final long deadline;
  private long pauseMs;
  private int attempts;

  public Backoff(long deadlineMs, long firstPauseMs) {
    this.deadline = System.nanoTime() + deadlineMs * 1_000_000;
    this.pauseMs = firstPauseMs;
  }

  /** Sleeps before the next attempt; false when the deadline leaves no room for one. */
  public boolean pause() {
    long now = System.nanoTime();
    if (now + pauseMs * 1_000_000 > deadline) {
      return false;
    }
    try {
      Thread.sleep(pauseMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
    attempts++;
    return true;
  }

  public int attempts() {
    return attempts;
  }
}
