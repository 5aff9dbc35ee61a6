package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The interleavings of a look-up and an invalidation, played out one step at a time. */
class PlacementCacheTest {
  private static final ShardKey K = ShardKey.of(7);
  private static final ShardKey OTHER = ShardKey.of(8);

  private static Placement onNode(ShardKey key, int node) {
    return new Placement(key, node, KeyState.ACTIVE, 1);
  }

  @Test
  void aLookUpThatRacedAnInvalidationDoesNotStoreItsStaleAnswer() {
    PlacementCache cache = new PlacementCache(100);
    long epoch = cache.loadStarted();          // look-up begins, reads node 1 from the directory...
    cache.invalidate(List.of(K));              // ...the key moves; the poller drops it (nothing cached yet)...
    cache.store(onNode(K, 1), true, epoch);    // ...and the look-up would now store the stale node 1
    assertNull(cache.get(K), "a stale placement survived the invalidation that raced it");
  }

  @Test
  void aLookUpStoredBeforeTheInvalidationIsRemovedByIt() {
    PlacementCache cache = new PlacementCache(100);
    long epoch = cache.loadStarted();
    cache.store(onNode(K, 1), true, epoch);
    assertNotNull(cache.get(K));
    cache.invalidate(List.of(K));
    assertNull(cache.get(K));
  }

  @Test
  void invalidationIsExact() {
    PlacementCache cache = new PlacementCache(100);
    cache.store(onNode(K, 1), true, cache.loadStarted());
    cache.store(onNode(OTHER, 2), false, cache.loadStarted());
    cache.invalidate(List.of(K));
    assertNull(cache.get(K));
    PlacementCache.Entry other = cache.get(OTHER);
    assertEquals(onNode(OTHER, 2), other.placement());
    assertFalse(other.fromPrimary());
    assertEquals(1, cache.invalidationCount());
  }

  @Test
  void anUnrelatedLookUpAfterTheInvalidationIsStored() {
    PlacementCache cache = new PlacementCache(100);
    cache.invalidate(List.of(OTHER));
    long epoch = cache.loadStarted();
    cache.store(onNode(K, 3), true, epoch);
    assertTrue(cache.get(K).fromPrimary());
  }

  @Test
  void aSlowerLoadOfAnOlderVersionDoesNotReplaceANewerOne() {
    PlacementCache cache = new PlacementCache(100);
    long epoch = cache.loadStarted();
    Placement moving = new Placement(K, 1, KeyState.MOVING, 2);
    Placement switched = new Placement(K, 2, KeyState.ACTIVE, 3);
    cache.store(switched, true, epoch);        // a fresh look-up on the primary sees the switch...
    cache.store(moving, true, epoch);          // ...then a look-up that read earlier finishes late
    assertEquals(switched, cache.get(K).placement(), "an older version replaced a newer one");
    cache.store(new Placement(K, 2, KeyState.ACTIVE, 3), false, epoch);
    assertTrue(cache.get(K).fromPrimary(), "a replica's answer of the same version replaced the primary's");
    Placement later = new Placement(K, 2, KeyState.MOVING, 4);
    cache.store(later, false, epoch);
    assertEquals(later, cache.get(K).placement(), "a newer version, even from a replica, is the key's later state");
    cache.store(new Placement(K, 2, KeyState.MOVING, 4), true, epoch);
    assertTrue(cache.get(K).fromPrimary(), "the primary's answer of the same version must be kept for writes");
  }

  @Test
  void evictionsAreCountedWhenTheCacheIsFull() {
    PlacementCache cache = new PlacementCache(10);
    for (int i = 0; i < 100; i++) {
      cache.store(onNode(ShardKey.of(i), 1), true, cache.loadStarted());
    }
    assertTrue(cache.size() <= 10, "size " + cache.size());
    assertEquals(100 - cache.size(), cache.evictionCount());
  }
}
