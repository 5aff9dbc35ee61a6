package dev.shardline.directory;

/**
 * A block of ids, {@code first} to {@code last} inclusive, handed out by
 * {@link Directory#allocateIdBlock}: no other caller of the same sequence ever receives any of them.
 *
 * <p>Immutable and thread safe.
 */
public record LongRange(long first, long last) {
  public LongRange {
    if (last < first) {
      throw new IllegalArgumentException("range [" + first + ", " + last + "] is empty: last is below first");
    }
  }

  public long size() {
    return last - first + 1;
  }

  public boolean contains(long value) {
    return value >= first && value <= last;
  }
}
