package dev.shardline.directory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Hands out blocks of cluster-wide unique ids from {@code id_blocks}, one row per named sequence.
 *
 * <p>The row is created and locked by one {@code INSERT ... ON DUPLICATE KEY UPDATE} (an exclusive
 * lock either way), read, and advanced in the same transaction, so concurrent callers queue on the
 * row and receive disjoint blocks. Ids start at 1. A block that is handed out and never used is
 * simply skipped: ids are unique, not gapless.
 *
 * <p>Stateless and thread safe.
 */
final class IdBlocks {
  static final int MAX_BLOCK_SIZE = 1_000_000;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Sources sources;

  IdBlocks(Sources sources) {
    this.sources = sources;
  }

  LongRange allocate(String sequenceName, int blockSize) throws DirectoryException {
    Objects.requireNonNull(sequenceName, "sequenceName");
    if (!NAME.matcher(sequenceName).matches()) {
      throw new IllegalArgumentException(
          "sequence name '" + sequenceName + "' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException("id block size must be between 1 and " + MAX_BLOCK_SIZE + ", was " + blockSize);
    }
    return sources.transactionOnPrimary("allocating " + blockSize + " ids of sequence '" + sequenceName + "'", c -> {
      try (PreparedStatement upsert =
          c.prepareStatement(
              "INSERT INTO id_blocks (sequence_name, next_value) VALUES (?, 1)"
                  + " ON DUPLICATE KEY UPDATE next_value = next_value")) {
        upsert.setString(1, sequenceName);
        upsert.executeUpdate();
      }
      long first;
      try (PreparedStatement read = c.prepareStatement("SELECT next_value FROM id_blocks WHERE sequence_name = ? FOR UPDATE")) {
        read.setString(1, sequenceName);
        try (ResultSet rs = read.executeQuery()) {
          rs.next();
          first = rs.getLong(1);
        }
      }
      if (first > Long.MAX_VALUE - blockSize) {
        throw new DirectoryException(
            "id sequence '" + sequenceName + "' is exhausted: its next value " + first + " leaves fewer than "
                + blockSize + " ids below Long.MAX_VALUE",
            DirectoryException.GENERAL_ERROR);
      }
      try (PreparedStatement advance = c.prepareStatement("UPDATE id_blocks SET next_value = ? WHERE sequence_name = ?")) {
        advance.setLong(1, first + blockSize);
        advance.setString(2, sequenceName);
        advance.executeUpdate();
      }
      return new LongRange(first, first + blockSize - 1);
    });
  }
}
