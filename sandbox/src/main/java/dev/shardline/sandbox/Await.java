package dev.shardline.sandbox;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one wait-with-deadline helper of the test suites: polls a condition until it holds or the
 * deadline passes, then fails with what was being waited for. A test never sleeps a fixed time
 * hoping the condition has come true, and never waits without a bound.
 */
public final class Await {
  private static final long POLL_MS = 10;

  private Await() {}

  /** Waits until {@code condition} holds; throws {@link AssertionError} naming {@code what} after {@code timeout}. */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    until(timeout, () -> what, condition);
  }

  /** As {@link #until(Duration, String, BooleanSupplier)}, with a description built when it fails (it may show the last state). */
  public static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("gave up after " + timeout.toMillis() + " ms waiting for " + what.get());
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what.get(), e);
      }
    }
  }
}
