package dev.shardline.directory;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a {@link Directory} client's cache and poller counters, taken by
 * {@link Directory#stats()}. Counts are since the client was opened.
 *
 * <p>A hit is a look-up answered from the cache; a miss is one that had to ask the directory
 * (including a write look-up of a cached key made when the write lease had expired).
 *
 * <p>Immutable and thread safe.
 */
public final class DirectoryStats {
  private final long hitCount;
  private final long missCount;
  private final long evictionCount;
  private final long invalidationCount;
  private final long size;
  private final Duration lastSuccessfulPollAge;
  private final long pollFailures;
  private final long consecutivePollFailures;
  private final boolean writeLeaseValid;

  DirectoryStats(
      long hitCount,
      long missCount,
      long evictionCount,
      long invalidationCount,
      long size,
      Duration lastSuccessfulPollAge,
      long pollFailures,
      long consecutivePollFailures,
      boolean writeLeaseValid) {
    this.hitCount = hitCount;
    this.missCount = missCount;
    this.evictionCount = evictionCount;
    this.invalidationCount = invalidationCount;
    this.size = size;
    this.lastSuccessfulPollAge = lastSuccessfulPollAge;
    this.pollFailures = pollFailures;
    this.consecutivePollFailures = consecutivePollFailures;
    this.writeLeaseValid = writeLeaseValid;
  }

  public long hitCount() {
    return hitCount;
  }

  public long missCount() {
    return missCount;
  }

  /** Hits over all look-ups; 1.0 before the first look-up (as Caffeine reports it). */
  public double hitRate() {
    long requests = hitCount + missCount;
    return requests == 0 ? 1.0 : (double) hitCount / requests;
  }

  /** Placements dropped because the cache was full. */
  public long evictionCount() {
    return evictionCount;
  }

  /** Placements dropped because the change log said they changed. */
  public long invalidationCount() {
    return invalidationCount;
  }

  /** Placements in the cache now (approximate under concurrent change). */
  public long size() {
    return size;
  }

  /**
   * Time since the start of the last successful poll of the directory primary (the write lease
   * runs from there); empty if no poll of the primary has succeeded since the client was opened.
   */
  public Optional<Duration> lastSuccessfulPollAge() {
    return Optional.ofNullable(lastSuccessfulPollAge);
  }

  /** Polls that failed since the client was opened. */
  public long pollFailures() {
    return pollFailures;
  }

  /** Polls that failed since the last one that succeeded. */
  public long consecutivePollFailures() {
    return consecutivePollFailures;
  }

  /** Whether cached placements may be used for writes right now. */
  public boolean writeLeaseValid() {
    return writeLeaseValid;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "DirectoryStats[hits=%d, misses=%d, hitRate=%.3f, evictions=%d, invalidations=%d, size=%d,"
            + " lastSuccessfulPollAge=%s, pollFailures=%d, consecutivePollFailures=%d, writeLeaseValid=%s]",
        hitCount, missCount, hitRate(), evictionCount, invalidationCount, size,
        lastSuccessfulPollAge == null ? "never" : Durations.format(lastSuccessfulPollAge),
        pollFailures, consecutivePollFailures, writeLeaseValid);
  }
}
