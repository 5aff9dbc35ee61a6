package dev.shardline.driver.cluster;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bounded waits for background work that is shutting down. */
final class Deadlines {
  /** How long a shutdown waits for pools and probes before it leaves them to finish on their own. */
  static final long CLOSE_MS = 2_000;
  private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

  private Deadlines() {}

  static void joinAll(List<Thread> threads, long deadlineMs, String what) {
    long deadline = System.nanoTime() + deadlineMs * 1_000_000;
    for (Thread thread : threads) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      try {
        if (left > 0) {
          thread.join(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (thread.isAlive()) {
        log.warn("{}: {} still closing after {} ms; it finishes in the background", what, thread.getName(), deadlineMs);
      }
    }
  }
}
