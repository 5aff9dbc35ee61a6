package dev.shardline.driver.runtime;

import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.LongRange;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide 64-bit ids, handed out from blocks that the directory's {@code id_blocks} table
 * reserves ({@link Directory#allocateIdBlock}): no other runtime, in this JVM or any other, ever
 * receives an id of a block this one holds, and a restarted runtime gets a fresh block, so an id
 * is never handed out twice. Nothing in an id says which node a row lives on: keys move, ids stay.
 *
 * <p>Concurrency: one {@link Sequence} per sequence name; its {@code next} call is synchronized on
 * the sequence, so the ids of one sequence strictly increase in the order this runtime hands them
 * out (blocks of one sequence only ever grow: the directory advances its counter under a row
 * lock). A block runs out under the lock; the caller that finds it empty fetches the next one
 * while the others of that sequence wait, which costs one directory round trip per {@code
 * blockSize} ids. Other sequences are not held up. An id that is reserved and never used (the
 * rest of a block when the runtime stops) is skipped: ids are unique and increasing, not gapless.
 *
 * <p>Thread safe.
 */
final class IdBlockCache {
  private static final Logger log = LoggerFactory.getLogger(IdBlockCache.class);

  private final Directory directory;
  private final String instance;
  private final int blockSize;
  private final Map<String, Sequence> sequences = new ConcurrentHashMap<>();

  IdBlockCache(Directory directory, String instance, int blockSize) {
    this.directory = directory;
    this.instance = instance;
    this.blockSize = blockSize;
  }

  long next(String sequence) throws SQLException {
    if (sequence == null || sequence.isBlank()) {
      throw new SQLException("nextId needs a sequence name (1 to 64 letters, digits, '.', '_' or '-'), got "
          + (sequence == null ? "null" : "'" + sequence + "'"), "22023");
    }
    return sequences.computeIfAbsent(sequence, Sequence::new).next();
  }

  /** The ids of one sequence that this runtime holds: {@code next} to {@code block.last()}. */
  private final class Sequence {
    private final String name;
    private LongRange block;
    private long next;

    Sequence(String name) {
      this.name = name;
    }

    synchronized long next() throws SQLException {
      if (block == null || next > block.last()) {
        LongRange fresh = allocate();
        if (block != null && fresh.first() <= block.last()) {
          // The directory's counter went backwards (restored from a backup, or edited): handing
          // these out could repeat ids already in tables. Refuse rather than duplicate.
          throw new SQLException("the directory handed out ids " + fresh.first() + ".." + fresh.last() + " of sequence '" + name
              + "', below ids this instance already used (up to " + block.last() + "); the id_blocks row was moved back."
              + " Set its next_value above every id in use before generating more", "HY000");
        }
        block = fresh;
        next = fresh.first();
        log.debug("{}: id sequence '{}' reserved ids {}..{}", instance, name, fresh.first(), fresh.last());
      }
      return next++;
    }

    private LongRange allocate() throws SQLException {
      try {
        return directory.allocateIdBlock(name, blockSize);
      } catch (IllegalArgumentException e) {
        throw new SQLException("cannot generate ids of sequence '" + name + "': " + e.getMessage(), "22023", e);
      } catch (DirectoryException e) {
        throw new SQLException("cannot reserve " + blockSize + " ids of sequence '" + name + "' from the directory (instance " + instance
            + "): " + e.getMessage() + "; ids need the directory's primary, retry when it is back", e.getSQLState(), e);
      }
    }
  }
}
