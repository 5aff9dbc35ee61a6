package dev.shardline.directory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Appends entries to the change log, inside the caller's transaction.
 *
 * <h2>Why sequence numbers are handed out under a lock</h2>
 *
 * Every client polls {@code change_log WHERE sequence > last} and then treats {@code last} as
 * done. That is only safe if an entry can never become visible after an entry with a higher
 * number. {@code AUTO_INCREMENT} does not promise that: transaction A takes 10, B takes 11, B
 * commits, a poller reads 11 and moves past it, then A commits 10 and nobody ever reads it. The
 * cache would keep a placement that changed.
 *
 * <p>So sequence numbers come from the single row of {@code change_log_head}: a writer locks it
 * ({@code SELECT ... FOR UPDATE}), takes the next numbers, inserts its entries and keeps the lock
 * until it commits. A second writer waits on the row until the first has committed, so numbers are
 * taken in commit order and every number below a visible entry is already committed (or was never
 * used: a rolled-back writer also rolls back its increment, leaving no gap). A reader that sees
 * entry {@code n} therefore has seen every entry below it, on the primary and, since the binary log
 * is written in commit order, on replicas too.
 *
 * <p>The price is that directory writes that log a change are serialised on one row for the few
 * milliseconds of their commit. They are rare (node changes, moves); assigning a new key writes no
 * entry, because no client caches a key that has none. Writers take this row <em>last</em>, after
 * the node and key rows they change, so two writers never hold it while waiting for each other.
 *
 * <p>Stateless and thread safe; the transaction is the caller's.
 */
final class ChangeLog {
  /**
   * What an entry's subject is. Readers treat kinds they do not know as "everything changed": a
   * client of an older version that meets a {@code SETTINGS} entry (added with schema version 2)
   * re-reads its node list and empties its placement cache, which is safe, only slower for a moment.
   */
  enum Kind {
    /** A node was registered, or its endpoints, weight or state changed; subject: its name. */
    NODE,
    /** A key's node or state changed; subject: its text. */
    KEY,
    /** A row of {@code cluster_settings} changed (the pinned global node); subject: the setting's name. */
    SETTINGS
  }

  private ChangeLog() {}

  /** Appends one entry per subject, in order, and returns the last sequence number used. */
  static long append(Connection c, Kind kind, Collection<String> subjects) throws SQLException {
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("no subjects to log");
    }
    long last;
    try (PreparedStatement lock = c.prepareStatement("SELECT last_sequence FROM change_log_head WHERE id = 1 FOR UPDATE");
        ResultSet rs = lock.executeQuery()) {
      if (!rs.next()) {
        throw new DirectorySchemaException(
            "the directory's change_log_head row is missing; run `shardline migrate` to repair the schema",
            DirectorySchemaException.NO_SCHEMA);
      }
      last = rs.getLong(1);
    }
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO change_log (sequence, kind, subject) VALUES (?, ?, ?)")) {
      for (String subject : subjects) {
        insert.setLong(1, ++last);
        insert.setString(2, kind.name());
        insert.setBytes(3, subject.getBytes(StandardCharsets.UTF_8));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement advance = c.prepareStatement("UPDATE change_log_head SET last_sequence = ? WHERE id = 1")) {
      advance.setLong(1, last);
      advance.executeUpdate();
    }
    return last;
  }
}
