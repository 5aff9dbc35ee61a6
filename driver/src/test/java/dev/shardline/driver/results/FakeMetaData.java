package dev.shardline.driver.results;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * A ResultSetMetaData as a physical driver returns it, from a list of column descriptions; it can
 * be "closed" to prove a snapshot no longer needs it, and made to fail on one column.
 */
final class FakeMetaData implements ResultSetMetaData {
  /** Every attribute ResultSetMetaData has for a column. */
  record Spec(String label, String name, int type, String typeName, String className, int precision, int scale, int nullable,
      boolean signed, int displaySize, String table, String schema, String catalog, boolean autoIncrement, boolean caseSensitive,
      boolean currency, boolean searchable, boolean readOnly, boolean writable, boolean definitelyWritable) {

    /** A column with plausible values for everything but the type. */
    static Spec of(String label, int type, String typeName, int precision) {
      return new Spec(label, label + "_name", type, typeName, "java.lang.Object", precision, 0, columnNullable, true, precision,
          "users", "", "app", false, false, false, true, false, true, true);
    }
  }

  private final List<Spec> columns;
  boolean closed;
  int failOn;

  FakeMetaData(Spec... columns) {
    this.columns = List.of(columns);
  }

  private Spec at(int column) throws SQLException {
    if (closed) {
      throw new SQLException("the physical result set is closed", "S1000");
    }
    if (column == failOn) {
      throw new SQLException("the server went away", "08S01");
    }
    return columns.get(column - 1);
  }

  @Override
  public int getColumnCount() throws SQLException {
    if (closed) {
      throw new SQLException("the physical result set is closed", "S1000");
    }
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
    return at(column).schema();
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
    return at(column).table();
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    return at(column).catalog();
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    return at(column).type();
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
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
