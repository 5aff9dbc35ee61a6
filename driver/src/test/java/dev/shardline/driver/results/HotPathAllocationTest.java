package dev.shardline.driver.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * next() and the getters run once per row of a merge: reading a value of the getter's own kind
 * allocates nothing but the boxing the JDBC signature forces. Measured with the JVM's per-thread
 * allocation counter; a single allocation per call over 200,000 calls is megabytes, far above
 * the slack allowed here for the counter's own noise.
 */
class HotPathAllocationTest {
  private static final int CALLS = 200_000;
  private static final long SLACK_BYTES = 64 * 1024;

  private static final ColumnSet COLUMNS = ColumnSet.of(
      new Column("id", Types.BIGINT, "BIGINT", "java.lang.Long"),
      new Column("name", Types.VARCHAR, "VARCHAR", "java.lang.String"),
      new Column("amount", Types.DECIMAL, "DECIMAL", "java.math.BigDecimal"),
      new Column("at", Types.TIMESTAMP, "TIMESTAMP", "java.sql.Timestamp"),
      new Column("created", Types.TIMESTAMP, "DATETIME", "java.time.LocalDateTime"),
      new Column("flag", Types.BIT, "BIT", "java.lang.Boolean"),
      new Column("ratio", Types.DOUBLE, "DOUBLE", "java.lang.Double"));

  private static com.sun.management.ThreadMXBean threads() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM cannot count allocated bytes");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(), "allocation counting is off");
    return threads;
  }

  private static List<Object[]> rows(int count) {
    List<Object[]> rows = new ArrayList<>(count);
    Timestamp at = Timestamp.valueOf("2024-01-02 03:04:05");
    LocalDateTime created = LocalDateTime.of(2024, 1, 2, 3, 4, 5);
    for (int i = 0; i < count; i++) {
      rows.add(new Object[] {(long) i, "name", new BigDecimal("1.50"), at, created, Boolean.TRUE, 0.5});
    }
    return rows;
  }

  /** One pass of the cursor and conversion calls a merge's consumer makes per row, without the proxy. */
  private static long readAll(List<Object[]> rows) throws SQLException {
    RowCursor cursor = new RowCursor(COLUMNS, rows.iterator(), null, null);
    long sum = 0;
    Integer one = 1;
    Integer two = 2;
    Integer three = 3;
    Integer four = 4;
    Integer five = 5;
    Integer six = 6;
    Integer seven = 7;
    while (cursor.next()) {
      int c = cursor.column(one);
      sum += ValueConversions.toLong(cursor.value(c), COLUMNS.column(c));
      c = cursor.column(two);
      sum += ValueConversions.toStringValue(cursor.value(c), COLUMNS.column(c)).length();
      c = cursor.column(three);
      sum += ValueConversions.toBigDecimal(cursor.value(c), COLUMNS.column(c)).scale();
      c = cursor.column(four);
      sum += TemporalConversions.toTimestamp(cursor.value(c), COLUMNS.column(c), null).getNanos();
      c = cursor.column(five);
      sum += TemporalConversions.toLocalDateTime(cursor.value(c), COLUMNS.column(c)).getSecond();
      c = cursor.column(six);
      sum += ValueConversions.toBoolean(cursor.value(c), COLUMNS.column(c)) ? 1 : 0;
      c = cursor.column(seven);
      sum += (long) ValueConversions.toDouble(cursor.value(c), COLUMNS.column(c));
      c = cursor.column("NAME");
      sum += ValueConversions.toInt(cursor.value(1), COLUMNS.column(1)) + c;
    }
    return sum;
  }

  @Test
  void nextAndTheGettersAllocateNothing() throws SQLException {
    com.sun.management.ThreadMXBean threads = threads();
    long id = Thread.currentThread().getId();
    List<Object[]> warmUp = rows(20_000);
    for (int i = 0; i < 5; i++) {
      readAll(warmUp);
    }
    List<Object[]> rows = rows(CALLS);
    long before = threads.getThreadAllocatedBytes(id);
    long sum = readAll(rows);
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertTrue(sum > 0);
    assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated for " + CALLS + " rows of 8 reads each");
  }

  /**
   * Through the proxy each call costs what java.lang.reflect.Proxy itself allocates: the argument
   * array, the boxed index and the boxed result (about 40 bytes); the table lookup adds nothing.
   */
  @Test
  void throughTheProxyOnlyTheArgumentsAndTheResultAreBoxed() throws SQLException {
    com.sun.management.ThreadMXBean threads = threads();
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 5; i++) {
      readThroughProxy(rows(20_000));
    }
    List<Object[]> rows = rows(CALLS);
    long before = threads.getThreadAllocatedBytes(id);
    long sum = readThroughProxy(rows);
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertEquals((long) CALLS * (CALLS - 1) / 2, sum);
    long perRow = allocated / CALLS;
    assertTrue(perRow <= 64, perRow + " bytes per row for next() and one getLong");
  }

  private static long readThroughProxy(List<Object[]> rows) throws SQLException {
    long sum = 0;
    try (ResultSet rs = RowsResultSet.of(COLUMNS, rows, null)) {
      while (rs.next()) {
        sum += rs.getLong(1);
      }
    }
    return sum;
  }
}
