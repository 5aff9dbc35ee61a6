package dev.shardline.driver.results;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a result set the driver builds itself: an immutable snapshot of a physical
 * result set's metadata ({@link #from}), or columns made from scratch ({@link #of}).
 *
 * <p>A snapshot outlives the physical result set and its connection, which go back to the pool
 * before the application reads the merged rows; {@link #metaData()} answers from the copy.
 *
 * <p>Thread safety: immutable; one instance may serve any number of result sets and threads.
 */
public final class ColumnSet {
  private final ColumnMeta[] columns;
  /**
   * Each label as written, mapped to the first column whose label matches it ignoring case (not
   * always its own: {@code ID, id} map both to 1): the usual lookup, without folding case per call.
   */
  private final Map<String, Integer> exactLabels;
  private final ResultSetMetaData metaData;

  private ColumnSet(ColumnMeta[] columns) {
    this.columns = columns;
    this.exactLabels = new HashMap<>();
    for (ColumnMeta column : columns) {
      exactLabels.computeIfAbsent(column.label(), this::firstIgnoringCase);
    }
    this.metaData = new SnapshotMetaData(this);
  }

  /** Copies every column's metadata now; the source may be closed afterwards. */
  public static ColumnSet from(ResultSetMetaData source) throws SQLException {
    int count = source.getColumnCount();
    ColumnMeta[] columns = new ColumnMeta[count];
    for (int i = 1; i <= count; i++) {
      try {
        columns[i - 1] = ColumnMeta.copy(source, i);
      } catch (SQLException e) {
        throw new SQLException("could not copy the metadata of column " + i + " of " + count + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
      }
    }
    return new ColumnSet(columns);
  }

  /** Columns made from scratch, in result order; see {@link Column} for the defaults. */
  public static ColumnSet of(Column... columns) {
    ColumnMeta[] metas = new ColumnMeta[columns.length];
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] == null) {
        throw new NullPointerException("column " + (i + 1) + " of " + columns.length + " is null");
      }
      metas[i] = ColumnMeta.of(i + 1, columns[i]);
    }
    return new ColumnSet(metas);
  }

  public int size() {
    return columns.length;
  }

  /** Metadata answered from this snapshot; the same instance every time. */
  public ResultSetMetaData metaData() {
    return metaData;
  }

  /**
   * The 1-based index of the first column with this label, ignoring case, as JDBC asks. Like
   * Connector/J, a {@code table.label} name matches too when no label does.
   *
   * @throws SQLException SQLState 42S22 (Connector/J's) when no column matches
   */
  public int findColumn(String label) throws SQLException {
    if (label != null) {
      Integer exact = exactLabels.get(label);
      if (exact != null) {
        return exact;
      }
      int index = firstIgnoringCase(label);
      if (index > 0) {
        return index;
      }
      for (ColumnMeta column : columns) {
        if (isFullName(label, column)) {
          return column.index();
        }
      }
    }
    throw ResultSetErrors.columnNotFound(label, labels());
  }

  private int firstIgnoringCase(String label) {
    for (ColumnMeta column : columns) {
      if (column.label().equalsIgnoreCase(label)) {
        return column.index();
      }
    }
    return -1;
  }

  /** {@code table.label}, ignoring case, without building the string. */
  private static boolean isFullName(String name, ColumnMeta column) {
    String table = column.tableName();
    String label = column.label();
    if (table == null || table.isEmpty() || name.length() != table.length() + 1 + label.length()) {
      return false;
    }
    return name.regionMatches(true, 0, table, 0, table.length())
        && name.charAt(table.length()) == '.'
        && name.regionMatches(true, table.length() + 1, label, 0, label.length());
  }

  /** The column at a 1-based index the caller has checked. */
  ColumnMeta column(int index) {
    return columns[index - 1];
  }

  /** Checks a 1-based index from the application (Connector/J's SQLState S1009 when out of range). */
  int checkIndex(int index) throws SQLException {
    if (index < 1 || index > columns.length) {
      throw ResultSetErrors.indexOutOfRange(index, columns.length);
    }
    return index;
  }

  List<String> labels() {
    List<String> labels = new ArrayList<>(columns.length);
    for (ColumnMeta column : columns) {
      labels.add(column.label());
    }
    return labels;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("ColumnSet[");
    for (ColumnMeta column : columns) {
      if (column.index() > 1) {
        out.append(", ");
      }
      out.append(column.label()).append(' ').append(column.typeName());
    }
    return out.append(']').toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ColumnSet that && Arrays.equals(columns, that.columns);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(columns);
  }
}
