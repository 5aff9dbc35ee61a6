package dev.shardline.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Key placements in memory, with the invalidation rules that keep them correct.
 *
 * <h2>What an entry is</h2>
 *
 * An entry is a placement read from the directory and whether the primary gave it. Only the
 * primary's answers are used for writes: a replica may lag behind a change the poller has already
 * applied, and a write routed on that answer would land on the key's old node. Keys the directory
 * does not know are not cached (so assigning a new key needs no invalidation anywhere).
 *
 * <h2>The race this class closes</h2>
 *
 * A look-up reads a placement from the directory and then stores it. If the key changes in
 * between, the poller may see the change and invalidate the key <em>before</em> the look-up
 * stores its now-stale answer; nothing would ever remove it. So every invalidation first bumps an
 * epoch, and a look-up stores its answer only if the epoch is still the one it saw before reading
 * ({@link #loadStarted()}), atomically with the store ({@code compute} holds the key's lock,
 * which {@code invalidate} also takes). Either the store happens first and the later invalidation
 * removes it, or the invalidation happens first and the store is skipped. A skipped store only
 * costs a later miss; the epoch is global rather than per key because changes are rare. Within one
 * epoch, a store never replaces a newer version of the key with an older one.
 *
 * <h2>Invalidation is exact</h2>
 *
 * The poller invalidates the keys the change log names and nothing else; node changes touch the
 * node list, not placements. Only a change-log entry of a kind this version does not know empties
 * the cache.
 *
 * <p>Thread safety: all methods are safe for concurrent use. Caffeine runs its maintenance on the
 * calling threads ({@code executor(Runnable::run)}), so the cache starts no threads of its own.
 */
final class PlacementCache {
  /** A cached placement; {@code found} is kept as an {@code Optional} so a hit allocates nothing. */
  record Entry(Optional<Placement> found, boolean fromPrimary) {
    Placement placement() {
      return found.orElseThrow();
    }
  }

  private final Cache<ShardKey, Entry> cache;
  private final AtomicLong epoch = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder invalidations = new LongAdder();

  PlacementCache(long maximumSize) {
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .executor(Runnable::run)
            .evictionListener((ShardKey key, Entry value, RemovalCause cause) -> evictions.increment())
            .build();
  }

  Entry get(ShardKey key) {
    return cache.getIfPresent(key);
  }

  void recordHit() {
    hits.increment();
  }

  void recordMiss() {
    misses.increment();
  }

  /** Call before reading a placement from the directory; pass the result to {@link #store}. */
  long loadStarted() {
    return epoch.get();
  }

  /**
   * Caches a placement read since {@code epochAtLoad}, unless an invalidation happened meanwhile,
   * or the cache already holds a newer answer for the key (a higher version; or the same version
   * from the primary, where this one came from a replica).
   */
  Entry store(Placement placement, boolean fromPrimary, long epochAtLoad) {
    Entry entry = new Entry(Optional.of(placement), fromPrimary);
    cache.asMap().compute(placement.key(), (key, current) ->
        epoch.get() != epochAtLoad || isNewer(current, placement, fromPrimary) ? current : entry);
    return entry;
  }

  /**
   * Two loads that started in the same epoch can finish in either order, and a writer polling
   * {@link Directory#lookUpOnPrimary} makes that common. Versions only go up, so the higher one is
   * the later state of the key; keeping it stops a slower, older answer from replacing it.
   */
  private static boolean isNewer(Entry current, Placement placement, boolean fromPrimary) {
    if (current == null) {
      return false;
    }
    long held = current.placement().version();
    return held > placement.version() || (held == placement.version() && current.fromPrimary() && !fromPrimary);
  }

  /** Forgets these keys; bumps the epoch first so look-ups already under way do not store them. */
  void invalidate(Collection<ShardKey> keys) {
    if (keys.isEmpty()) {
      return;
    }
    epoch.incrementAndGet();
    for (ShardKey key : keys) {
      cache.invalidate(key);
    }
    invalidations.add(keys.size());
  }

  void invalidateAll() {
    epoch.incrementAndGet();
    long size = cache.estimatedSize();
    cache.invalidateAll();
    invalidations.add(size);
  }

  long hitCount() {
    return hits.sum();
  }

  long missCount() {
    return misses.sum();
  }

  long evictionCount() {
    return evictions.sum();
  }

  long invalidationCount() {
    return invalidations.sum();
  }

  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
