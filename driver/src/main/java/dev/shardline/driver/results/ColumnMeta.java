package dev.shardline.driver.results;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Everything {@link ResultSetMetaData} says about one column, copied once, plus three facts the
 * conversions derive from it. Immutable.
 *
 * @param index 1-based position in the result
 * @param fractionDigits digits of fractional seconds the server prints for this column (a
 *     {@code DATETIME(3)} prints 3, even for {@code .120}), or -1 when unknown
 * @param bits byte arrays in this column are BIT strings (big-endian unsigned numbers), not text
 * @param year values of this column are MySQL YEARs (Connector/J hands them out as a
 *     {@code java.sql.Date} of January 1st, but reads them as numbers as the year)
 */
record ColumnMeta(
    int index,
    String label,
    String name,
    int sqlType,
    String typeName,
    String className,
    int precision,
    int scale,
    int nullable,
    boolean signed,
    int displaySize,
    String tableName,
    String schemaName,
    String catalogName,
    boolean autoIncrement,
    boolean caseSensitive,
    boolean currency,
    boolean searchable,
    boolean readOnly,
    boolean writable,
    boolean definitelyWritable,
    int fractionDigits,
    boolean bits,
    boolean year) {

  static ColumnMeta copy(ResultSetMetaData source, int i) throws SQLException {
    int sqlType = source.getColumnType(i);
    String typeName = source.getColumnTypeName(i);
    int precision = source.getPrecision(i);
    return new ColumnMeta(
        i,
        source.getColumnLabel(i),
        source.getColumnName(i),
        sqlType,
        typeName,
        source.getColumnClassName(i),
        precision,
        source.getScale(i),
        source.isNullable(i),
        source.isSigned(i),
        source.getColumnDisplaySize(i),
        source.getTableName(i),
        source.getSchemaName(i),
        source.getCatalogName(i),
        source.isAutoIncrement(i),
        source.isCaseSensitive(i),
        source.isCurrency(i),
        source.isSearchable(i),
        source.isReadOnly(i),
        source.isWritable(i),
        source.isDefinitelyWritable(i),
        fractionDigits(sqlType, precision),
        isBit(sqlType, typeName),
        "YEAR".equalsIgnoreCase(typeName));
  }

  static ColumnMeta of(int i, Column column) {
    int size = naturalSize(column.sqlType());
    return new ColumnMeta(
        i,
        column.label(),
        column.label(),
        column.sqlType(),
        column.typeName(),
        column.className(),
        size,
        0,
        ResultSetMetaData.columnNullableUnknown,
        isNumeric(column.sqlType()),
        size,
        "",
        "",
        "",
        false,
        false,
        false,
        true,
        true,
        false,
        false,
        -1,
        isBit(column.sqlType(), column.typeName()),
        "YEAR".equalsIgnoreCase(column.typeName()));
  }

  /**
   * Connector/J reports a temporal column's precision as the width of its text: 19 for
   * {@code DATETIME}, 19 + 1 + n for {@code DATETIME(n)}; 10 for {@code TIME}, 10 + 1 + n for
   * {@code TIME(n)} (measured on MariaDB 10.11). The server prints exactly n fraction digits.
   */
  private static int fractionDigits(int sqlType, int precision) {
    return switch (sqlType) {
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> precision > 20 ? Math.min(precision - 20, 9) : 0;
      case Types.TIME, Types.TIME_WITH_TIMEZONE -> precision > 11 ? Math.min(precision - 11, 9) : 0;
      default -> 0;
    };
  }

  private static boolean isBit(int sqlType, String typeName) {
    return sqlType == Types.BIT || "BIT".equalsIgnoreCase(typeName);
  }

  /** The sizes Connector/J reports for these types on MariaDB; 0 where a type has none. */
  private static int naturalSize(int sqlType) {
    return switch (sqlType) {
      case Types.BIT, Types.BOOLEAN -> 1;
      case Types.TINYINT -> 3;
      case Types.SMALLINT -> 5;
      case Types.INTEGER -> 10;
      case Types.BIGINT -> 19;
      case Types.REAL, Types.FLOAT -> 12;
      case Types.DOUBLE -> 22;
      case Types.DATE, Types.TIME -> 10;
      case Types.TIMESTAMP -> 19;
      default -> 0;
    };
  }

  private static boolean isNumeric(int sqlType) {
    return switch (sqlType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT,
          Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> true;
      default -> false;
    };
  }

  /** How errors name this column: {@code column 'name' (2)}. */
  String describe() {
    return "column '" + label + "' (" + index + ")";
  }
}
