package dev.shardline.driver.routing;

import dev.shardline.directory.KeyState;
import dev.shardline.directory.Placement;
import dev.shardline.directory.ShardKey;
import dev.shardline.driver.ShardlineKeyMovingException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A write to a key that is MOVING waits until the move switches the key (then goes to the key's
 * new node) or gives up after the configured bound with {@link ShardlineKeyMovingException}.
 * Nothing of the statement has run while it waits. Reads never wait: they are served by the
 * key's current node throughout a move.
 *
 * <p>While waiting it reads the key on the directory primary every few tens of milliseconds, not
 * only from the cache (which the change-log poller refreshes once per poll interval), so a writer
 * sees the switch about as soon as it is committed.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class MovingKeyWait {
  private static final long FIRST_PAUSE_MS = 5;
  private static final long MAX_PAUSE_MS = 50;

  private final Placements placements;
  private final long waitMs;

  MovingKeyWait(Placements placements, long waitMs) {
    this.placements = placements;
    this.waitMs = waitMs;
  }

  /** {@code current} itself when it is writable, else the placement once the move has switched it. */
  Placement writable(Placement current) throws SQLException {
    if (current.state() != KeyState.MOVING) {
      return current;
    }
    ShardKey key = current.key();
    long started = System.nanoTime();
    long deadline = started + waitMs * 1_000_000;
    long pause = FIRST_PAUSE_MS;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ShardlineKeyMovingException(key.text(), "key " + key + " is being moved to another node and was not switched within "
            + waitMs + " ms (shardline.moveWaitMs); nothing was executed. Retry the statement once the move is done");
      }
      sleep(Math.min(pause, left / 1_000_000 + 1));
      pause = Math.min(pause * 2, MAX_PAUSE_MS);
      Optional<Placement> now = placements.lookUpOnPrimary(key);
      if (now.isEmpty()) {
        throw new SQLException("key " + key + " disappeared from the directory while it was moving; nothing was executed", "40S01");
      }
      if (now.get().state() != KeyState.MOVING) {
        return now.get();
      }
    }
  }

  private static void sleep(long ms) throws SQLException {
    try {
      Thread.sleep(Math.max(1, ms));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a moving key; nothing was executed", "40S01", e);
    }
  }
}
