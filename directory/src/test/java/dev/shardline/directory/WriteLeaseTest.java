package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WriteLeaseTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final WriteLease lease = new WriteLease(Duration.ofSeconds(2), clock::get);

  @Test
  void noLeaseBeforeTheFirstSuccessfulPoll() {
    assertFalse(lease.isValid());
    assertEquals(-1, lease.ageNanos());
  }

  @Test
  void leaseRunsFromTheStartOfThePollNotItsEnd() {
    long pollStart = clock.get();
    clock.addAndGet(Duration.ofMillis(1500).toNanos()); // a slow poll: 1.5 s from start to finish
    lease.pollSucceeded(pollStart);
    assertTrue(lease.isValid());
    clock.addAndGet(Duration.ofMillis(499).toNanos()); // 1.999 s after the start
    assertTrue(lease.isValid());
    clock.addAndGet(Duration.ofMillis(1).toNanos()); // 2 s after the start: expired, although the poll ended 0.5 s ago
    assertFalse(lease.isValid());
    assertEquals(Duration.ofSeconds(2).toNanos(), lease.ageNanos());
  }

  @Test
  void anOlderPollFinishingLateDoesNotMoveTheLeaseBack() {
    long early = clock.get();
    clock.addAndGet(1_000);
    long late = clock.get();
    lease.pollSucceeded(late);
    lease.pollSucceeded(early);
    assertEquals(0, lease.ageNanos());
  }
}
