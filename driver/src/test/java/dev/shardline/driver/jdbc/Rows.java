package dev.shardline.driver.jdbc;

import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** Test fixtures: small column sets, and a row source that counts what was pulled from it. */
final class Rows {
  private Rows() {}

  static final ColumnSet ID_NAME = ColumnSet.of(
      new Column("id", Types.BIGINT, "BIGINT", "java.lang.Long"),
      new Column("name", Types.VARCHAR, "VARCHAR", "java.lang.String"));

  static Object[] row(Object... values) {
    return values;
  }

  /** One column of one type, for conversion tests. */
  static ColumnMeta column(int sqlType, String typeName) {
    return ColumnMeta.of(1, new Column("c", sqlType, typeName, "java.lang.Object"));
  }

  static ResultSet of(Object[]... rows) {
    return RowsResultSet.of(ID_NAME, Arrays.asList(rows), null);
  }

  /** An iterator over given rows that records how many were taken. */
  static final class Counting implements Iterator<Object[]> {
    private final List<Object[]> rows;
    int pulled;
    int hasNextCalls;

    Counting(Object[]... rows) {
      this.rows = new ArrayList<>(Arrays.asList(rows));
    }

    @Override
    public boolean hasNext() {
      hasNextCalls++;
      return pulled < rows.size();
    }

    @Override
    public Object[] next() {
      return rows.get(pulled++);
    }
  }
}
