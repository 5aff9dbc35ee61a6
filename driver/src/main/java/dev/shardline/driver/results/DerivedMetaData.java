package dev.shardline.driver.results;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * The metadata of a merged result: each column either one of a node's columns (under a new label,
 * or its own) or a column the driver computes (AVG, an expression over aggregates), described by
 * its type. Used as the source of a {@link ColumnSet} snapshot, and as the live view that hides a
 * node's trailing hidden columns.
 *
 * <p>Immutable after construction; reads the source metadata, which must stay valid while it is used.
 */
final class DerivedMetaData implements ResultSetMetaData {
  /**
   * One column.
   *
   * @param source 1-based column of the source metadata, or 0 for a computed column
   * @param label the label, or null to keep the source's
   */
  record Spec(int source, String label, int sqlType, String typeName, String className, int precision, int scale) {
    static Spec of(int source, String label) {
      return new Spec(source, label, 0, null, null, 0, 0);
    }
  }

  private final ResultSetMetaData source;
  private final List<Spec> columns;

  DerivedMetaData(ResultSetMetaData source, List<Spec> columns) {
    this.source = source;
    this.columns = List.copyOf(columns);
  }

  private Spec spec(int column) throws SQLException {
    if (column < 1 || column > columns.size()) {
      throw ResultSetErrors.metaDataIndexOutOfRange(column, columns.size());
    }
    return columns.get(column - 1);
  }

  private int src(int column) throws SQLException {
    return spec(column).source();
  }

  @Override
  public int getColumnCount() {
    return columns.size();
  }

  @Override
  public boolean isAutoIncrement(int column) throws SQLException {
    return src(column) > 0 && source.isAutoIncrement(src(column));
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    return src(column) > 0 && source.isCaseSensitive(src(column));
  }

  @Override
  public boolean isSearchable(int column) throws SQLException {
    return src(column) > 0 && source.isSearchable(src(column));
  }

  @Override
  public boolean isCurrency(int column) throws SQLException {
    return src(column) > 0 && source.isCurrency(src(column));
  }

  @Override
  public int isNullable(int column) throws SQLException {
    return src(column) > 0 ? source.isNullable(src(column)) : columnNullable;
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    return src(column) > 0 ? source.isSigned(src(column)) : true;
  }

  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    return src(column) > 0 ? source.getColumnDisplaySize(src(column)) : Math.max(spec(column).precision() + 2, 1);
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    Spec spec = spec(column);
    return spec.label() != null ? spec.label() : source.getColumnLabel(spec.source());
  }

  @Override
  public String getColumnName(int column) throws SQLException {
    Spec spec = spec(column);
    return spec.label() != null ? spec.label() : source.getColumnName(spec.source());
  }

  @Override
  public String getSchemaName(int column) throws SQLException {
    return src(column) > 0 ? source.getSchemaName(src(column)) : "";
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    return src(column) > 0 ? source.getPrecision(src(column)) : spec(column).precision();
  }

  @Override
  public int getScale(int column) throws SQLException {
    return src(column) > 0 ? source.getScale(src(column)) : spec(column).scale();
  }

  @Override
  public String getTableName(int column) throws SQLException {
    Spec spec = spec(column);
    return spec.source() > 0 && spec.label() == null ? source.getTableName(spec.source()) : "";
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    return src(column) > 0 ? source.getCatalogName(src(column)) : "";
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    return src(column) > 0 ? source.getColumnType(src(column)) : spec(column).sqlType();
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    return src(column) > 0 ? source.getColumnTypeName(src(column)) : spec(column).typeName();
  }

  @Override
  public boolean isReadOnly(int column) throws SQLException {
    return src(column) <= 0 || source.isReadOnly(src(column));
  }

  @Override
  public boolean isWritable(int column) throws SQLException {
    return src(column) > 0 && source.isWritable(src(column));
  }

  @Override
  public boolean isDefinitelyWritable(int column) throws SQLException {
    return src(column) > 0 && source.isDefinitelyWritable(src(column));
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    return src(column) > 0 ? source.getColumnClassName(src(column)) : spec(column).className();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("merged result metadata is not a wrapper for " + iface.getName(), ResultSetErrors.GENERAL);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
