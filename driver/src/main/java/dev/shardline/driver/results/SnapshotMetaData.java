package dev.shardline.driver.results;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * {@link ResultSetMetaData} answered from a {@link ColumnSet}; it never touches a server.
 *
 * <p>Thread safety: immutable.
 */
final class SnapshotMetaData implements ResultSetMetaData {
  private final ColumnSet columns;

  SnapshotMetaData(ColumnSet columns) {
    this.columns = columns;
  }

  /** Connector/J's metadata answers SQLState S1002 for a bad index (its result sets say S1009). */
  private ColumnMeta at(int column) throws SQLException {
    if (column < 1 || column > columns.size()) {
      throw ResultSetErrors.metaDataIndexOutOfRange(column, columns.size());
    }
    return columns.column(column);
  }

  @Override
  public int getColumnCount() {
    return columns.size();
  }

  @Override
  public boolean isAutoIncrement(int column) throws SQLException {
    return at(column).autoIncrement();
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    return at(column).caseSensitive();
  }

  @Override
  public boolean isSearchable(int column) throws SQLException {
    return at(column).searchable();
  }

  @Override
  public boolean isCurrency(int column) throws SQLException {
    return at(column).currency();
  }

  @Override
  public int isNullable(int column) throws SQLException {
    return at(column).nullable();
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    return at(column).signed();
  }

  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    return at(column).displaySize();
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    return at(column).label();
  }

  @Override
  public String getColumnName(int column) throws SQLException {
    return at(column).name();
  }

  @Override
  public String getSchemaName(int column) throws SQLException {
    return at(column).schemaName();
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    return at(column).precision();
  }

  @Override
  public int getScale(int column) throws SQLException {
    return at(column).scale();
  }

  @Override
  public String getTableName(int column) throws SQLException {
    return at(column).tableName();
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    return at(column).catalogName();
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    return at(column).sqlType();
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    return at(column).typeName();
  }

  @Override
  public boolean isReadOnly(int column) throws SQLException {
    return at(column).readOnly();
  }

  @Override
  public boolean isWritable(int column) throws SQLException {
    return at(column).writable();
  }

  @Override
  public boolean isDefinitelyWritable(int column) throws SQLException {
    return at(column).definitelyWritable();
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    return at(column).className();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface != null && iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw ResultSetErrors.notAWrapper(iface, "Shardline result-set metadata snapshot");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface != null && iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "metadata of " + columns;
  }
}
