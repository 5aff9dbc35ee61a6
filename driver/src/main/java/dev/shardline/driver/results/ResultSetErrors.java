package dev.shardline.driver.results;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;

/**
 * The errors of driver-built result sets. Their SQLStates are the ones Connector/J gives for the
 * same mistake on a physical result set, because an application sees both kinds (a query routed
 * to one node gets the physical set, a scattered one gets a built set) and must not have to tell
 * them apart. The messages are ours: they name the column, the value and what to do.
 *
 * <p>No state here is 0A000: HikariCP evicts the connection on that SQLState.
 */
final class ResultSetErrors {
  /** Connector/J's "general error": closed result set, no current row, read-only, forward-only. */
  static final String GENERAL = "S1000";
  /** Connector/J's "illegal argument": index out of range, bad fetch size, unparsable BigInteger/URL. */
  static final String ILLEGAL_ARGUMENT = "S1009";
  /** What Connector/J's ResultSetMetaData says for a bad column index. */
  static final String INVALID_COLUMN_NUMBER = "S1002";
  static final String COLUMN_NOT_FOUND = "42S22";
  static final String NUMERIC_OUT_OF_RANGE = "22003";
  static final String INVALID_CAST = "22018";
  static final String DRIVER_NOT_CAPABLE = "S1C00";

  private static final int MAX_VALUE_IN_MESSAGE = 64;

  private ResultSetErrors() {}

  static SQLException closed() {
    return new SQLException("the result set is closed", GENERAL);
  }

  static SQLException beforeFirstRow() {
    return new SQLException("no current row: call next() before reading a column", GENERAL);
  }

  static SQLException afterLastRow() {
    return new SQLException("no current row: next() returned false, the result set has no more rows", GENERAL);
  }

  static SQLException indexOutOfRange(int index, int count) {
    return new SQLException(indexMessage(index, count), ILLEGAL_ARGUMENT);
  }

  static SQLException metaDataIndexOutOfRange(int index, int count) {
    return new SQLException(indexMessage(index, count), INVALID_COLUMN_NUMBER);
  }

  private static String indexMessage(int index, int count) {
    return "column index " + index + " is out of range: the result has " + count + " column" + (count == 1 ? "" : "s")
        + (count > 0 ? " (1.." + count + ")" : "");
  }

  static SQLException columnNotFound(String label, List<String> labels) {
    return new SQLSyntaxErrorException("column '" + label + "' is not in the result; columns are " + labels, COLUMN_NOT_FOUND);
  }

  static SQLException outOfRange(Object value, String target, ColumnMeta column) {
    return new SQLDataException(
        "value " + quote(value) + " of " + column.describe() + " is outside the range of " + target, NUMERIC_OUT_OF_RANGE);
  }

  /** {@code kind} is the source as Connector/J names it in the same error: LONG, DECIMAL, DATE... */
  static SQLException unsupported(String kind, String target, ColumnMeta column) {
    return new SQLDataException(
        "unsupported conversion from " + kind + " to " + target + " for " + column.describe() + " (" + column.typeName() + ")", INVALID_CAST);
  }

  static SQLException notANumber(String text, String target, ColumnMeta column) {
    return new SQLDataException(
        "cannot read " + quote(text) + " of " + column.describe() + " as " + target + ": it is not a number", INVALID_CAST);
  }

  static SQLException notATemporal(String text, String target, ColumnMeta column) {
    return new SQLDataException(
        "cannot read " + quote(text) + " of " + column.describe() + " as " + target
            + ": expected yyyy-MM-dd, HH:mm:ss[.fraction] or yyyy-MM-dd HH:mm:ss[.fraction]",
        INVALID_CAST);
  }

  /** A value of the right shape that is still not one of the target's (BigInteger "1.5", URL, 2024-02-30). */
  static SQLException badFormat(String text, String target, ColumnMeta column, Exception cause) {
    return new SQLException(
        "cannot read " + quote(text) + " of " + column.describe() + " as " + target + ": " + cause.getMessage(), ILLEGAL_ARGUMENT, cause);
  }

  static SQLException noSuchConversion(Class<?> type, ColumnMeta column) {
    return new SQLException(
        "getObject cannot read " + column.describe() + " as " + (type == null ? "null" : type.getName())
            + ": give String, a number or date/time class, byte[], Blob, Clob, URL or the class of the stored value",
        ILLEGAL_ARGUMENT);
  }

  static SQLException readOnly(String method) {
    return new SQLException(
        method + ": this result set is read-only (CONCUR_READ_ONLY), built by Shardline from the nodes' rows; change rows with UPDATE, INSERT or DELETE statements",
        GENERAL);
  }

  static SQLException forwardOnly(String method) {
    return new SQLException(method + ": this result set is forward-only (TYPE_FORWARD_ONLY); read its rows in order with next()", GENERAL);
  }

  static SQLException notAWrapper(Class<?> iface, String what) {
    return new SQLException("a " + what + " is not a wrapper for " + (iface == null ? "null" : iface.getName()), ILLEGAL_ARGUMENT);
  }

  static SQLFeatureNotSupportedException notSupported(String what) {
    return new SQLFeatureNotSupportedException(what + " is not supported by Shardline's in-memory result sets");
  }

  /** The value in quotes, cut short: a megabyte of text does not belong in an error message. */
  static String quote(Object value) {
    String text = value instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(value);
    if (text.length() > MAX_VALUE_IN_MESSAGE) {
      text = text.substring(0, MAX_VALUE_IN_MESSAGE) + "...(" + text.length() + " chars)";
    }
    return "'" + text + "'";
  }
}
