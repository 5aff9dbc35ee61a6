package dev.shardline.directory;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether cached placements may be used for writes.
 *
 * <h2>Why the lease runs from the start of a poll</h2>
 *
 * A move marks its keys {@code MOVING} and then waits one lease before copying, trusting that by
 * then every client either has seen the mark or has stopped using its cache for writes. A poll's
 * query sees every change committed before the query began, so a poll that started at {@code t}
 * proves the cache reflects the directory as of {@code t}, not as of when the poll ended. Counting
 * from the end would stretch the lease by the poll's own duration (a slow poll, a long GC pause
 * between query and bookkeeping) and let a client write to a key's old node after the mover's wait.
 * Counting from the start never overstates what the client knows.
 *
 * <p>A poll counts only once its invalidations are applied, and only polls of the primary count:
 * a replica can lag behind the change the mover is waiting on. Time is {@link System#nanoTime()},
 * immune to wall-clock steps; only durations are compared, so clients on other machines need no
 * synchronised clocks.
 *
 * <p>Thread safety: one writer (the poller, or {@code open}) and any number of readers. The two
 * volatile fields are written start first, then {@code everSucceeded}, and read in the opposite
 * order, so a reader that sees a success also sees its start time.
 */
final class WriteLease {
  private final long leaseNanos;
  private final LongSupplier nanoClock;
  private volatile long lastSuccessStart;
  private volatile boolean everSucceeded;

  WriteLease(Duration lease, LongSupplier nanoClock) {
    this.leaseNanos = lease.toNanos();
    this.nanoClock = nanoClock;
  }

  long now() {
    return nanoClock.getAsLong();
  }

  Duration lease() {
    return Duration.ofNanos(leaseNanos);
  }

  /** Records a successful, fully applied poll of the primary that started at {@code startNanos}. */
  void pollSucceeded(long startNanos) {
    if (!everSucceeded || startNanos - lastSuccessStart > 0) {
      lastSuccessStart = startNanos;
    }
    everSucceeded = true;
  }

  boolean isValid() {
    return everSucceeded && nanoClock.getAsLong() - lastSuccessStart < leaseNanos;
  }

  /** Nanoseconds since the last successful poll started, or -1 if none has succeeded. */
  long ageNanos() {
    if (!everSucceeded) {
      return -1;
    }
    return nanoClock.getAsLong() - lastSuccessStart;
  }
}
