package dev.shardline.driver.results;

import static dev.shardline.driver.results.ValueConversionsTest.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Calendar;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ResultSet behaviour of RowsResultSet: position, streaming, close, getters and errors, through the proxy. */
class RowsResultSetTest {
  private static final ColumnSet ALL = ColumnSet.of(
      new Column("n", Types.BIGINT, "BIGINT", "java.lang.Long"),
      new Column("txt", Types.VARCHAR, "VARCHAR", "java.lang.String"),
      new Column("amount", Types.DECIMAL, "DECIMAL", "java.math.BigDecimal"),
      new Column("at", Types.TIMESTAMP, "DATETIME", "java.time.LocalDateTime"),
      new Column("raw", Types.VARBINARY, "VARBINARY", "[B"),
      new Column("nothing", Types.VARCHAR, "VARCHAR", "java.lang.String"));
  private static final LocalDateTime AT = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000);
  private static final byte[] RAW = {104, 105};

  private static ResultSet one() throws SQLException {
    ResultSet rs = RowsResultSet.of(ALL, List.<Object[]>of(new Object[] {42L, "http://h/p", new BigDecimal("12.345"), AT, RAW, null}), null);
    assertTrue(rs.next());
    return rs;
  }

  // ---- position

  @Test
  void anEmptyResultIsNeitherBeforeTheFirstRowNorAfterTheLast() throws SQLException {
    ResultSet rs = Rows.of();
    assertFalse(rs.isBeforeFirst(), "JDBC: false when there are no rows");
    assertEquals(0, rs.getRow());
    assertFalse(rs.next());
    assertFalse(rs.isAfterLast(), "JDBC: false when there are no rows");
    assertFalse(rs.isFirst());
    assertFalse(rs.isLast());
    assertFalse(rs.next(), "next() past the end keeps answering false");
    SQLException e = fails("S1000", () -> rs.getLong(1));
    assertEquals("no current row: next() returned false, the result set has no more rows", e.getMessage());
  }

  @Test
  void walksForwardThroughTheRows() throws SQLException {
    ResultSet rs = Rows.of(Rows.row(1L, "a"), Rows.row(2L, "b"), Rows.row(3L, "c"));
    assertTrue(rs.isBeforeFirst());
    assertEquals(0, rs.getRow());
    assertEquals("no current row: call next() before reading a column", fails("S1000", () -> rs.getLong(1)).getMessage());
    assertTrue(rs.next());
    assertTrue(rs.isFirst());
    assertFalse(rs.isLast());
    assertFalse(rs.isBeforeFirst());
    assertEquals(1, rs.getRow());
    assertEquals(1L, rs.getLong(1));
    assertTrue(rs.next());
    assertFalse(rs.isFirst());
    assertFalse(rs.isLast());
    assertEquals(2, rs.getRow());
    assertTrue(rs.next());
    assertTrue(rs.isLast());
    assertEquals(3, rs.getRow());
    assertEquals("c", rs.getString("name"));
    assertFalse(rs.next());
    assertTrue(rs.isAfterLast());
    assertFalse(rs.isLast());
    assertEquals(0, rs.getRow());
    assertFalse(rs.next());
  }

  @Test
  void rowsArePulledOnlyWhenNextAsksForThem() throws SQLException {
    Rows.Counting source = new Rows.Counting(Rows.row(1L, "a"), Rows.row(2L, "b"), Rows.row(3L, "c"));
    ResultSet rs = RowsResultSet.of(Rows.ID_NAME, source, null, null);
    assertEquals(0, source.pulled);
    assertEquals(0, source.hasNextCalls, "nothing is read ahead of the first next()");
    rs.next();
    assertEquals(1, source.pulled);
    rs.getLong(1);
    rs.getString(2);
    rs.getMetaData();
    rs.getRow();
    rs.isFirst();
    assertEquals(1, source.pulled, "getters and position questions (but isLast) read nothing");
    rs.next();
    assertEquals(2, source.pulled);
  }

  @Test
  void isLastLooksOneRowAheadAndNextUsesThatRow() throws SQLException {
    Rows.Counting source = new Rows.Counting(Rows.row(1L, "a"), Rows.row(2L, "b"));
    ResultSet rs = RowsResultSet.of(Rows.ID_NAME, source, null, null);
    rs.next();
    assertFalse(rs.isLast());
    assertEquals(2, source.pulled, "one row ahead");
    assertFalse(rs.isLast());
    assertEquals(2, source.pulled, "asking again reads nothing more");
    assertEquals(1L, rs.getLong(1), "the current row is still the first");
    assertTrue(rs.next());
    assertEquals(2L, rs.getLong(1));
    assertEquals(2, source.pulled, "next() took the row read ahead");
    assertTrue(rs.isLast());
    assertFalse(rs.next());
  }

  @Test
  void isBeforeFirstLooksOneRowAheadToo() throws SQLException {
    Rows.Counting source = new Rows.Counting(Rows.row(1L, "a"));
    ResultSet rs = RowsResultSet.of(Rows.ID_NAME, source, null, null);
    assertTrue(rs.isBeforeFirst());
    assertEquals(1, source.pulled);
    assertTrue(rs.next());
    assertEquals(1L, rs.getLong("id"));
    assertTrue(rs.isLast());
    assertEquals(1, source.pulled);
  }

  // ---- close

  @Test
  void closeRunsOnCloseOnceAndIsIdempotent() throws SQLException {
    AtomicInteger closes = new AtomicInteger();
    ResultSet rs = RowsResultSet.of(Rows.ID_NAME, new Rows.Counting(Rows.row(1L, "a")), null, closes::incrementAndGet);
    assertFalse(rs.isClosed());
    rs.close();
    assertTrue(rs.isClosed());
    rs.close();
    assertEquals(1, closes.get());
  }

  @Test
  void readingToTheEndDoesNotClose() throws SQLException {
    AtomicInteger closes = new AtomicInteger();
    ResultSet rs = RowsResultSet.of(Rows.ID_NAME, new Rows.Counting(Rows.row(1L, "a")), null, closes::incrementAndGet);
    while (rs.next()) {
      rs.getLong(1);
    }
    assertEquals(0, closes.get());
    assertFalse(rs.isClosed());
  }

  @Test
  void closeDoesNotDrainTheSource() throws SQLException {
    Rows.Counting source = new Rows.Counting(Rows.row(1L, "a"), Rows.row(2L, "b"), Rows.row(3L, "c"));
    ResultSet rs = RowsResultSet.of(Rows.ID_NAME, source, null, null);
    rs.next();
    rs.close();
    assertEquals(1, source.pulled);
  }

  @Test
  void aFailingOnCloseFailsCloseOnceAndTheResultSetStaysClosed() throws SQLException {
    AtomicInteger closes = new AtomicInteger();
    ResultSet rs = RowsResultSet.of(Rows.ID_NAME, List.<Object[]>of().iterator(), null, () -> {
      closes.incrementAndGet();
      throw new IllegalStateException("merge already closed");
    });
    SQLException e = fails("S1000", rs::close);
    assertTrue(e.getMessage().contains("merge already closed"), e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(rs.isClosed());
    rs.close();
    assertEquals(1, closes.get());
  }

  @Test
  void aSqlExceptionFromOnCloseIsThrownAsItIs() {
    SQLException nodeError = new SQLException("node 2 went away", "08S01");
    ResultSet rs = RowsResultSet.of(Rows.ID_NAME, List.<Object[]>of().iterator(), null, () -> {
      throw nodeError;
    });
    assertSame(nodeError, assertThrows(SQLException.class, rs::close));
  }

  @Test
  void everyCallAfterCloseSaysTheResultSetIsClosed() throws SQLException {
    ResultSet rs = one();
    rs.close();
    assertEquals("the result set is closed", fails("S1000", rs::next).getMessage());
    fails("S1000", () -> rs.getLong(1));
    fails("S1000", () -> rs.getLong("n"));
    fails("S1000", rs::getMetaData);
    fails("S1000", rs::getStatement);
    fails("S1000", rs::wasNull);
    fails("S1000", rs::isLast);
    fails("S1000", rs::getType);
    fails("S1000", () -> rs.findColumn("n"));
  }

  // ---- getters

  @Test
  void everyGetterReadsByIndexAndByLabel() throws Exception {
    ResultSet rs = one();
    assertEquals(42L, rs.getLong(1));
    assertEquals(42L, rs.getLong("n"));
    assertEquals(42, rs.getInt(1));
    assertEquals(42, rs.getInt("N"));
    assertEquals((short) 42, rs.getShort(1));
    assertEquals((short) 42, rs.getShort("n"));
    assertEquals((byte) 42, rs.getByte(1));
    assertEquals((byte) 42, rs.getByte("n"));
    assertEquals(42f, rs.getFloat(1));
    assertEquals(42f, rs.getFloat("n"));
    assertEquals(42.0, rs.getDouble(1));
    assertEquals(42.0, rs.getDouble("n"));
    assertTrue(rs.getBoolean(1));
    assertTrue(rs.getBoolean("n"));
    assertEquals("42", rs.getString(1));
    assertEquals("42", rs.getString("n"));
    assertEquals("http://h/p", rs.getNString(2));
    assertEquals("http://h/p", rs.getNString("txt"));
    assertEquals(new BigDecimal("12.345"), rs.getBigDecimal(3));
    assertEquals(new BigDecimal("12.345"), rs.getBigDecimal("amount"));
    assertEquals(new BigDecimal("12.35"), scaled(rs, 3));
    assertEquals(new BigDecimal("12.35"), scaled(rs, "amount"));
    assertSame(RAW, rs.getBytes(5));
    assertSame(RAW, rs.getBytes("raw"));
    assertEquals(java.sql.Date.valueOf("2024-01-02"), rs.getDate(4));
    assertEquals(java.sql.Date.valueOf("2024-01-02"), rs.getDate("at"));
    assertEquals(Time.valueOf("03:04:05").getTime() + 120, rs.getTime(4).getTime());
    assertEquals(Time.valueOf("03:04:05").getTime() + 120, rs.getTime("at").getTime());
    assertEquals(Timestamp.valueOf(AT), rs.getTimestamp(4));
    assertEquals(Timestamp.valueOf(AT), rs.getTimestamp("at"));
    Calendar utcPlusFive = Calendar.getInstance(TimeZone.getTimeZone("GMT+05:00"));
    long atPlusFive = AT.atZone(utcPlusFive.getTimeZone().toZoneId()).toInstant().toEpochMilli();
    assertEquals(atPlusFive, rs.getTimestamp(4, utcPlusFive).getTime());
    assertEquals(atPlusFive, rs.getTimestamp("at", utcPlusFive).getTime());
    assertEquals(LocalDate.of(2024, 1, 2).atStartOfDay(utcPlusFive.getTimeZone().toZoneId()).toInstant().toEpochMilli(), rs.getDate(4, utcPlusFive).getTime());
    assertEquals(LocalDate.of(2024, 1, 2).atStartOfDay(utcPlusFive.getTimeZone().toZoneId()).toInstant().toEpochMilli(), rs.getDate("at", utcPlusFive).getTime());
    long timePlusFive = LocalDateTime.of(1970, 1, 1, 3, 4, 5).atZone(utcPlusFive.getTimeZone().toZoneId()).toInstant().toEpochMilli() + 120;
    assertEquals(timePlusFive, rs.getTime(4, utcPlusFive).getTime());
    assertEquals(timePlusFive, rs.getTime("at", utcPlusFive).getTime());
    assertSame(AT, rs.getObject(4));
    assertSame(AT, rs.getObject("at"));
    assertEquals(LocalDate.of(2024, 1, 2), rs.getObject(4, LocalDate.class));
    assertEquals(LocalDate.of(2024, 1, 2), rs.getObject("at", LocalDate.class));
    assertSame(AT, rs.getObject(4, Map.of()), "the type map is ignored, as Connector/J does");
    assertSame(AT, rs.getObject("at", Map.of("x", String.class)));
    for (InputStream in : new InputStream[] {rs.getBinaryStream(5), rs.getBinaryStream("raw"), rs.getAsciiStream(5), rs.getAsciiStream("raw"), unicode(rs, 5), unicode(rs, "raw")}) {
      assertArrayEquals(RAW, in.readAllBytes());
    }
    for (Reader in : new Reader[] {rs.getCharacterStream(2), rs.getCharacterStream("txt"), rs.getNCharacterStream(2), rs.getNCharacterStream("txt")}) {
      StringWriter out = new StringWriter();
      in.transferTo(out);
      assertEquals("http://h/p", out.toString());
    }
    assertArrayEquals(RAW, rs.getBlob(5).getBytes(1, 2));
    assertArrayEquals(RAW, rs.getBlob("raw").getBytes(1, 2));
    assertEquals("42", rs.getClob(1).getSubString(1, 2));
    assertEquals("42", rs.getClob("n").getSubString(1, 2));
    assertEquals("http://h/p", rs.getNClob(2).getSubString(1, 10));
    assertEquals("http://h/p", rs.getNClob("txt").getSubString(1, 10));
    assertEquals(new URL("http://h/p"), rs.getURL(2));
    assertEquals(new URL("http://h/p"), rs.getURL("txt"));
  }

  @SuppressWarnings("deprecation")
  private static BigDecimal scaled(ResultSet rs, Object column) throws SQLException {
    return column instanceof Integer i ? rs.getBigDecimal(i, 2) : rs.getBigDecimal((String) column, 2);
  }

  @SuppressWarnings("deprecation")
  private static InputStream unicode(ResultSet rs, Object column) throws SQLException {
    return column instanceof Integer i ? rs.getUnicodeStream(i) : rs.getUnicodeStream((String) column);
  }

  @Test
  void typesMySqlLacksAreNotSupported() throws SQLException {
    ResultSet rs = one();
    assertInstanceOf(SQLFeatureNotSupportedException.class, assertThrows(SQLException.class, () -> rs.getArray(1)));
    assertInstanceOf(SQLFeatureNotSupportedException.class, assertThrows(SQLException.class, () -> rs.getArray("n")));
    assertInstanceOf(SQLFeatureNotSupportedException.class, assertThrows(SQLException.class, () -> rs.getRef(1)));
    assertInstanceOf(SQLFeatureNotSupportedException.class, assertThrows(SQLException.class, () -> rs.getRowId("n")));
    assertInstanceOf(SQLFeatureNotSupportedException.class, assertThrows(SQLException.class, () -> rs.getSQLXML(1)));
    assertInstanceOf(SQLFeatureNotSupportedException.class, assertThrows(SQLException.class, rs::rowUpdated));
    assertInstanceOf(SQLFeatureNotSupportedException.class, assertThrows(SQLException.class, rs::rowInserted));
    assertInstanceOf(SQLFeatureNotSupportedException.class, assertThrows(SQLException.class, rs::rowDeleted));
    assertNotEquals("0A000", assertThrows(SQLException.class, () -> rs.getArray(1)).getSQLState(), "0A000 makes HikariCP evict the connection");
  }

  @Test
  void wasNullTellsWhetherTheLastValueReadWasSqlNull() throws SQLException {
    ResultSet rs = one();
    assertFalse(rs.wasNull());
    assertEquals(0, rs.getInt("nothing"));
    assertTrue(rs.wasNull());
    assertEquals(42, rs.getInt(1));
    assertFalse(rs.wasNull());
    assertNull(rs.getString(6));
    assertTrue(rs.wasNull());
    assertFalse(rs.getBoolean(6));
    assertEquals(0.0, rs.getDouble(6));
    assertNull(rs.getObject(6, Integer.class));
    assertNull(rs.getBigDecimal("nothing"));
    assertNull(rs.getTimestamp(6, Calendar.getInstance()));
    assertTrue(rs.wasNull());
  }

  @Test
  void aGetterByLabelChecksTheLabelBeforeTheRowAndByIndexTheRowBeforeTheIndex() throws SQLException {
    ResultSet rs = Rows.of(Rows.row(1L, "a"));
    fails("42S22", () -> rs.getLong("email"));
    fails("S1000", () -> rs.getLong(7));
    rs.next();
    SQLException e = fails("S1009", () -> rs.getLong(7));
    assertEquals("column index 7 is out of range: the result has 2 columns (1..2)", e.getMessage());
    fails("S1009", () -> rs.getLong(0));
    assertEquals(2, rs.findColumn("NAME"));
    assertEquals("column 'email' is not in the result; columns are [id, name]", fails("42S22", () -> rs.findColumn("email")).getMessage());
  }

  @Test
  void getObjectWithAnUnsupportedTypeIsRefused() throws SQLException {
    ResultSet rs = one();
    fails("S1009", () -> rs.getObject(1, Thread.class));
    fails("S1009", () -> rs.getObject("n", (Class<?>) null));
  }

  // ---- the rest of ResultSet

  @Test
  void describesItselfAsForwardOnlyReadOnly() throws SQLException {
    Statement owner = (Statement) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class}, (p, m, a) -> null);
    ResultSet rs = RowsResultSet.of(Rows.ID_NAME, List.of(), owner);
    assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
    assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
    assertEquals(ResultSet.CLOSE_CURSORS_AT_COMMIT, rs.getHoldability());
    assertEquals(ResultSet.FETCH_FORWARD, rs.getFetchDirection());
    assertSame(owner, rs.getStatement());
    assertNull(RowsResultSet.of(Rows.ID_NAME, List.of(), null).getStatement());
    assertSame(Rows.ID_NAME.metaData(), rs.getMetaData());
    assertNull(rs.getWarnings());
    rs.clearWarnings();
    assertEquals("S1C00", assertThrows(SQLException.class, rs::getCursorName).getSQLState());
  }

  @Test
  void fetchSizeIsAHintAndOnlyForwardFetchingIsAllowed() throws SQLException {
    ResultSet rs = Rows.of();
    assertEquals(0, rs.getFetchSize());
    rs.setFetchSize(100);
    assertEquals(100, rs.getFetchSize());
    rs.setFetchSize(Integer.MIN_VALUE);
    assertEquals(Integer.MIN_VALUE, rs.getFetchSize(), "Connector/J's streaming hint is accepted as it accepts it");
    assertEquals("fetch size must be >= 0, was -1", fails("S1009", () -> rs.setFetchSize(-1)).getMessage());
    rs.setFetchDirection(ResultSet.FETCH_FORWARD);
    fails("S1000", () -> rs.setFetchDirection(ResultSet.FETCH_REVERSE));
    fails("S1000", () -> rs.setFetchDirection(ResultSet.FETCH_UNKNOWN));
    fails("S1009", () -> rs.setFetchDirection(42));
  }

  @Test
  void scrollingAndUpdatingAreRefusedWithTheMethodsName() throws SQLException {
    ResultSet rs = Rows.of(Rows.row(1L, "a"));
    assertEquals("previous(): this result set is forward-only (TYPE_FORWARD_ONLY); read its rows in order with next()",
        fails("S1000", rs::previous).getMessage());
    fails("S1000", () -> rs.absolute(1));
    fails("S1000", rs::beforeFirst);
    rs.next();
    assertTrue(fails("S1000", () -> rs.updateString(2, "b")).getMessage().startsWith("updateString(): this result set is read-only (CONCUR_READ_ONLY)"));
    fails("S1000", rs::moveToInsertRow);
    fails("S1000", rs::updateRow);
    assertEquals("a", rs.getString(2), "nothing changed");
  }

  @Test
  void unwrapsToItselfOnly() throws SQLException {
    ResultSet rs = Rows.of();
    assertTrue(rs.isWrapperFor(ResultSet.class));
    assertTrue(rs.isWrapperFor(AutoCloseable.class));
    assertFalse(rs.isWrapperFor(List.class));
    assertFalse(rs.isWrapperFor(null));
    assertSame(rs, rs.unwrap(ResultSet.class));
    assertEquals("a Shardline in-memory result set is not a wrapper for java.util.List", fails("S1009", () -> rs.unwrap(List.class)).getMessage());
  }

  @Test
  void equalsIsIdentity() throws SQLException {
    ResultSet a = Rows.of();
    ResultSet b = Rows.of();
    assertEquals(a, a);
    assertNotEquals(a, b);
    assertEquals(System.identityHashCode(a), a.hashCode());
    ResultSet rs = Rows.of(Rows.row(1L, "a"));
    assertEquals("Shardline rows [id, name], before the first row", rs.toString());
    rs.next();
    assertEquals("Shardline rows [id, name], on row 1", rs.toString());
    rs.next();
    assertEquals("Shardline rows [id, name], after the last row", rs.toString());
  }

  // ---- the row source

  @Test
  void aSourceFailingWithASqlExceptionCauseHasThatSqlExceptionThrown() {
    SQLException nodeError = new SQLException("node 2: Communications link failure", "08S01");
    Iterator<Object[]> failing = new Iterator<>() {
      @Override
      public boolean hasNext() {
        throw new RuntimeException(nodeError);
      }

      @Override
      public Object[] next() {
        throw new AssertionError();
      }
    };
    ResultSet rs = RowsResultSet.of(Rows.ID_NAME, failing, null, null);
    assertSame(nodeError, assertThrows(SQLException.class, rs::next));
  }

  @Test
  void anyOtherSourceFailureIsWrapped() {
    Iterator<Object[]> failing = List.<Object[]>of(Rows.row(1L, "a")).iterator();
    Iterator<Object[]> broken = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return failing.hasNext();
      }

      @Override
      public Object[] next() {
        throw new IllegalStateException("merge heap corrupted");
      }
    };
    SQLException e = fails("S1000", () -> RowsResultSet.of(Rows.ID_NAME, broken, null, null).next());
    assertTrue(e.getMessage().startsWith("the rows of this result set could not be produced: java.lang.IllegalStateException: merge heap corrupted"), e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  @Test
  void regressionARowOfTheWrongWidthIsReportedNotReadAsAnotherColumn() throws SQLException {
    ResultSet rs = Rows.of(Rows.row(1L, "a"), Rows.row(2L));
    rs.next();
    SQLException e = fails("S1000", rs::next);
    assertEquals("row 2 of the row source has 1 values but the result has 2 columns [id, name]; this is a Shardline bug, please report it", e.getMessage());
    fails("S1000", () -> Rows.of(new Object[][] {null}).next());
  }

  @Test
  void refusesToBeBuiltWithoutColumnsOrRows() {
    assertThrows(NullPointerException.class, () -> RowsResultSet.of(null, List.of(), null));
    assertThrows(NullPointerException.class, () -> RowsResultSet.of(Rows.ID_NAME, (List<Object[]>) null, null));
    assertThrows(NullPointerException.class, () -> RowsResultSet.of(Rows.ID_NAME, (Iterator<Object[]>) null, null, null));
  }
}
