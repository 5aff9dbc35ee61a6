package dev.shardline.driver.results;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;

/**
 * The state of one driver-built result set: where the cursor is in a forward-only stream of rows.
 *
 * <p>States: before the first row, on a row (1..n), after the last row, and closed from any of
 * them. Rows are pulled from the source one {@code next()} at a time, so a merge that feeds it
 * produces row n only when the application asks for it. {@code isLast()} and
 * {@code isBeforeFirst()} must know whether a row follows, so they pull one row early and keep it
 * (the peek); nothing else reads ahead.
 *
 * <p>A source that fails with an unchecked exception whose cause is a SQLException (the way a
 * merge over physical result sets reports a node's error) has that SQLException rethrown as it is;
 * any other failure is wrapped in one.
 *
 * <p>Thread safety: none, like any JDBC result set: one thread reads it at a time.
 */
final class RowCursor {
  private enum Position { BEFORE_FIRST, ON_ROW, AFTER_LAST }

  private final ColumnSet columns;
  private final Statement owner;
  private Iterator<Object[]> rows;
  private AutoCloseable onClose;
  private Position position = Position.BEFORE_FIRST;
  private Object[] current;
  private Object[] peeked;
  private boolean sourceEnded;
  private int rowNumber;
  private boolean closed;
  private boolean wasNull;
  private int fetchSize;

  RowCursor(ColumnSet columns, Iterator<Object[]> rows, Statement owner, AutoCloseable onClose) {
    this.columns = columns;
    this.rows = rows;
    this.owner = owner;
    this.onClose = onClose;
  }

  ColumnSet columns() {
    return columns;
  }

  Statement owner() {
    return owner;
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw ResultSetErrors.closed();
    }
  }

  boolean isClosed() {
    return closed;
  }

  boolean next() throws SQLException {
    checkOpen();
    if (position == Position.AFTER_LAST) {
      return false;
    }
    Object[] row = peeked != null ? peeked : pull();
    peeked = null;
    if (row == null) {
      position = Position.AFTER_LAST;
      current = null;
      return false;
    }
    current = row;
    rowNumber++;
    position = Position.ON_ROW;
    return true;
  }

  /** JDBC: false for a result with no rows, so this may pull the first row early. */
  boolean isBeforeFirst() throws SQLException {
    checkOpen();
    return position == Position.BEFORE_FIRST && hasMore();
  }

  /** JDBC: false for a result with no rows. */
  boolean isAfterLast() throws SQLException {
    checkOpen();
    return position == Position.AFTER_LAST && rowNumber > 0;
  }

  boolean isFirst() throws SQLException {
    checkOpen();
    return position == Position.ON_ROW && rowNumber == 1;
  }

  /** May pull the next row early, to know that there is none. */
  boolean isLast() throws SQLException {
    checkOpen();
    return position == Position.ON_ROW && !hasMore();
  }

  /** The current row's number, 0 when there is none. */
  int row() throws SQLException {
    checkOpen();
    return position == Position.ON_ROW ? rowNumber : 0;
  }

  /**
   * Resolves the column of a getter call: a label (String) or a 1-based index (Integer). Checks
   * in Connector/J's order: open, label, current row, index range.
   */
  int column(Object labelOrIndex) throws SQLException {
    checkOpen();
    if (labelOrIndex instanceof Integer index) {
      checkRow();
      return columns.checkIndex(index);
    }
    int index = columns.findColumn((String) labelOrIndex);
    checkRow();
    return index;
  }

  /** The value at a column {@link #column} resolved; remembers whether it was SQL NULL. */
  Object value(int index) {
    Object value = current[index - 1];
    wasNull = value == null;
    return value;
  }

  boolean wasNull() throws SQLException {
    checkOpen();
    return wasNull;
  }

  int fetchSize() throws SQLException {
    checkOpen();
    return fetchSize;
  }

  /** A hint only: rows come from memory or from a merge that has its own batching. */
  void fetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0 && rows != Integer.MIN_VALUE) { // MIN_VALUE: Connector/J's "stream" hint, accepted as it accepts it
      throw new SQLException("fetch size must be >= 0, was " + rows, ResultSetErrors.ILLEGAL_ARGUMENT);
    }
    fetchSize = rows;
  }

  void fetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction == ResultSet.FETCH_FORWARD) {
      return;
    }
    if (direction == ResultSet.FETCH_REVERSE || direction == ResultSet.FETCH_UNKNOWN) {
      throw ResultSetErrors.forwardOnly("setFetchDirection(" + (direction == ResultSet.FETCH_REVERSE ? "FETCH_REVERSE" : "FETCH_UNKNOWN") + ")");
    }
    throw new SQLException(
        "fetch direction " + direction + " is not one of FETCH_FORWARD, FETCH_REVERSE, FETCH_UNKNOWN", ResultSetErrors.ILLEGAL_ARGUMENT);
  }

  /** Idempotent. Runs onClose the first time only, even when it fails. */
  void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    current = null;
    peeked = null;
    rows = null;
    AutoCloseable action = onClose;
    onClose = null;
    if (action != null) {
      try {
        action.close();
      } catch (SQLException e) {
        throw e;
      } catch (Exception e) {
        throw new SQLException("closing the result set's row source failed: " + e, ResultSetErrors.GENERAL, e);
      }
    }
  }

  private void checkRow() throws SQLException {
    if (position != Position.ON_ROW) {
      throw position == Position.BEFORE_FIRST ? ResultSetErrors.beforeFirstRow() : ResultSetErrors.afterLastRow();
    }
  }

  private boolean hasMore() throws SQLException {
    if (peeked == null) {
      peeked = pull();
    }
    return peeked != null;
  }

  /** The next row of the source, or null at its end. */
  private Object[] pull() throws SQLException {
    if (sourceEnded) {
      return null;
    }
    Object[] row;
    try {
      if (!rows.hasNext()) {
        sourceEnded = true;
        return null;
      }
      row = rows.next();
    } catch (RuntimeException e) {
      if (e.getCause() instanceof SQLException cause) {
        throw cause;
      }
      throw new SQLException("the rows of this result set could not be produced: " + e, ResultSetErrors.GENERAL, e);
    }
    if (row == null || row.length != columns.size()) {
      throw new SQLException(
          "row " + (rowNumber + 1) + " of the row source has " + (row == null ? "no values (null)" : row.length + " values")
              + " but the result has " + columns.size() + " columns " + columns.labels() + "; this is a Shardline bug, please report it",
          ResultSetErrors.GENERAL);
    }
    return row;
  }

  @Override
  public String toString() {
    String where = closed ? "closed" : switch (position) {
      case BEFORE_FIRST -> "before the first row";
      case ON_ROW -> "on row " + rowNumber;
      case AFTER_LAST -> "after the last row";
    };
    return "Shardline rows " + columns.labels() + ", " + where;
  }
}
