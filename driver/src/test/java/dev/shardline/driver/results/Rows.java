package dev.shardline.driver.results;

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

  /** A column made from scratch, as driver code makes them (fraction digits unknown). */
  static ColumnMeta column(int sqlType, String typeName) {
    return ColumnMeta.of(1, new Column("c", sqlType, typeName, "java.lang.Object"));
  }

  /** A column copied from a physical result set's metadata, with the precision Connector/J reports. */
  static ColumnMeta copied(int sqlType, String typeName, int precision) {
    try {
      return ColumnMeta.copy(new FakeMetaData(FakeMetaData.Spec.of("c", sqlType, typeName, precision)), 1);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  static final ColumnMeta INT = copied(Types.INTEGER, "INT", 10);
  static final ColumnMeta TEXT = copied(Types.VARCHAR, "VARCHAR", 20);
  static final ColumnMeta BIT = copied(Types.BIT, "BIT", 9);
  static final ColumnMeta YEAR = copied(Types.DATE, "YEAR", 4);
  static final ColumnMeta DATE = copied(Types.DATE, "DATE", 10);
  static final ColumnMeta TIME = copied(Types.TIME, "TIME", 10);
  static final ColumnMeta TIME3 = copied(Types.TIME, "TIME", 14);
  static final ColumnMeta DATETIME = copied(Types.TIMESTAMP, "DATETIME", 19);
  static final ColumnMeta DATETIME3 = copied(Types.TIMESTAMP, "DATETIME", 23);
  static final ColumnMeta DATETIME6 = copied(Types.TIMESTAMP, "DATETIME", 26);

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
