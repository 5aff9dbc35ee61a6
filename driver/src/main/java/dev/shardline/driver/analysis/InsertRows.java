package dev.shardline.driver.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The rows of an INSERT/REPLACE into a sharded table, each with its shard key, and how to cut
 * the statement into one statement per node.
 *
 * <p>A split keeps the original text and replaces only the VALUES list, so modifiers (IGNORE,
 * LOW_PRIORITY), backticks, comments, hints and the ON DUPLICATE KEY UPDATE clause are exactly
 * as the application wrote them. {@link NodeSql#parameterMapping()} says which original
 * parameter feeds each {@code ?} of the new statement.
 *
 * <p>Immutable and thread-safe: built once per SQL string and shared.
 */
public final class InsertRows {
  private final String sql;
  private final List<KeyRef> keys;
  /** Start and end offset of each row's text, e.g. {@code (?, 'a')}; null for INSERT ... SET. */
  private final int[] rowStarts;
  private final int[] rowEnds;
  /** Original 1-based indexes of the parameters before the first row, in each row, and after the last. */
  private final int[] before;
  private final int[][] rowParameters;
  private final int[] after;

  private InsertRows(String sql, List<KeyRef> keys, int[] rowStarts, int[] rowEnds, int[] before, int[][] rowParameters, int[] after) {
    this.sql = sql;
    this.keys = List.copyOf(keys);
    this.rowStarts = rowStarts;
    this.rowEnds = rowEnds;
    this.before = before;
    this.rowParameters = rowParameters;
    this.after = after;
  }

  /** Rows located in the text by {@link ValuesLocator}; {@code keys.get(i)} is row i's key. */
  static InsertRows ofValues(String sql, List<KeyRef> keys, int[] rowStarts, int[] rowEnds, int[] paramOffsets) {
    int rows = rowStarts.length;
    int[][] perRow = new int[rows][];
    int[] count = new int[rows];
    int beforeCount = 0;
    int afterCount = 0;
    for (int offset : paramOffsets) {
      int row = rowOf(offset, rowStarts, rowEnds);
      if (row >= 0) {
        count[row]++;
      } else if (offset < rowStarts[0]) {
        beforeCount++;
      } else if (offset >= rowEnds[rows - 1]) {
        afterCount++;
      } else {
        throw new IllegalStateException("a ? marker at offset " + offset + " lies between the VALUES rows");
      }
    }
    int[] before = new int[beforeCount];
    int[] after = new int[afterCount];
    for (int r = 0; r < rows; r++) {
      perRow[r] = new int[count[r]];
    }
    int[] filled = new int[rows];
    int b = 0;
    int a = 0;
    for (int i = 0; i < paramOffsets.length; i++) {
      int index = i + 1;
      int row = rowOf(paramOffsets[i], rowStarts, rowEnds);
      if (row >= 0) {
        perRow[row][filled[row]++] = index;
      } else if (paramOffsets[i] < rowStarts[0]) {
        before[b++] = index;
      } else {
        after[a++] = index;
      }
    }
    return new InsertRows(sql, keys, rowStarts, rowEnds, before, perRow, after);
  }

  /** INSERT ... SET col = ?, ...: one row, which is the whole statement. */
  static InsertRows ofSingleRow(String sql, KeyRef key, int parameterCount) {
    int[] all = new int[parameterCount];
    Arrays.setAll(all, i -> i + 1);
    return new InsertRows(sql, List.of(key), null, null, all, new int[][] {new int[0]}, new int[0]);
  }

  public int rowCount() {
    return keys.size();
  }

  /** The shard key of row {@code row} (0-based, in VALUES order). */
  public KeyRef key(int row) {
    Objects.checkIndex(row, keys.size());
    return keys.get(row);
  }

  /** Every row's key, in row order. */
  public List<KeyRef> keys() {
    return keys;
  }

  /**
   * The same INSERT with only {@code rows} (0-based, in the order given) in its VALUES list.
   *
   * @throws IllegalArgumentException when {@code rows} is empty, repeats a row, or names a row
   *     that does not exist
   */
  public NodeSql split(List<Integer> rows) {
    Objects.requireNonNull(rows, "rows");
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("a split needs at least one row");
    }
    boolean[] seen = new boolean[rowCount()];
    for (Integer row : rows) {
      if (row == null || row < 0 || row >= rowCount()) {
        throw new IllegalArgumentException("row " + row + " does not exist; the INSERT has " + rowCount() + " row(s), numbered from 0");
      }
      if (seen[row]) {
        throw new IllegalArgumentException("row " + row + " is given twice");
      }
      seen[row] = true;
    }
    if (rowStarts == null) {
      return new NodeSql(sql, before.clone());
    }
    int total = before.length + after.length;
    for (int row : rows) {
      total += rowParameters[row].length;
    }
    int[] mapping = new int[total];
    int m = 0;
    System.arraycopy(before, 0, mapping, m, before.length);
    m += before.length;
    StringBuilder text = new StringBuilder(sql.length()).append(sql, 0, rowStarts[0]);
    String separator = "";
    for (int row : rows) {
      text.append(separator).append(sql, rowStarts[row], rowEnds[row]);
      separator = ", ";
      System.arraycopy(rowParameters[row], 0, mapping, m, rowParameters[row].length);
      m += rowParameters[row].length;
    }
    System.arraycopy(after, 0, mapping, m, after.length);
    text.append(sql, rowEnds[rowEnds.length - 1], sql.length());
    return new NodeSql(text.toString(), mapping);
  }

  @Override
  public String toString() {
    return "InsertRows" + keys;
  }

  /** The row whose text contains {@code offset}, or -1; rows are in textual order (binary search). */
  private static int rowOf(int offset, int[] starts, int[] ends) {
    int found = Arrays.binarySearch(starts, offset);
    int row = found >= 0 ? found : -found - 2;
    return row >= 0 && offset < ends[row] ? row : -1;
  }
}
