package dev.shardline.driver.results;

import static dev.shardline.driver.results.Rows.BIT;
import static dev.shardline.driver.results.Rows.DATE;
import static dev.shardline.driver.results.Rows.DATETIME3;
import static dev.shardline.driver.results.Rows.DATETIME6;
import static dev.shardline.driver.results.Rows.DATETIME;
import static dev.shardline.driver.results.Rows.INT;
import static dev.shardline.driver.results.Rows.TEXT;
import static dev.shardline.driver.results.Rows.TIME3;
import static dev.shardline.driver.results.Rows.YEAR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The conversion rules, value by value; each expectation is what Connector/J 9.4 answers for the same stored value. */
class ValueConversionsTest {
  private static final java.sql.Date YEAR_2024 = java.sql.Date.valueOf("2024-01-01");

  static SQLException fails(String sqlState, Executable call) {
    SQLException e = assertThrows(SQLException.class, call);
    assertEquals(sqlState, e.getSQLState(), e.getMessage());
    return e;
  }

  // ---- integers

  @Test
  void integersNarrowWithARangeCheck() throws SQLException {
    assertEquals(5, ValueConversions.toInt(5, INT));
    assertEquals(-5, ValueConversions.toInt(-5L, INT));
    assertEquals(Integer.MIN_VALUE, ValueConversions.toInt((long) Integer.MIN_VALUE, INT));
    assertEquals(300, ValueConversions.toShort(300, INT));
    assertEquals(127, ValueConversions.toByte(127, INT));
    assertEquals(Long.MAX_VALUE, ValueConversions.toLong(Long.MAX_VALUE, INT));
    assertEquals(7, ValueConversions.toLong((short) 7, INT));
    assertEquals(7, ValueConversions.toLong((byte) 7, INT));
    SQLException e = fails("22003", () -> ValueConversions.toInt(4294967295L, INT));
    assertInstanceOf(SQLDataException.class, e);
    assertEquals("value '4294967295' of column 'c' (1) is outside the range of java.lang.Integer", e.getMessage());
    fails("22003", () -> ValueConversions.toShort(70000, INT));
    fails("22003", () -> ValueConversions.toByte(128, INT));
    fails("22003", () -> ValueConversions.toByte(-129, INT));
  }

  @Test
  void decimalsAndDoublesTruncateTowardZero() throws SQLException {
    assertEquals(12345, ValueConversions.toInt(new BigDecimal("12345.67"), INT));
    assertEquals(0, ValueConversions.toInt(new BigDecimal("-0.5"), INT));
    assertEquals(1, ValueConversions.toInt(1.9, INT));
    assertEquals(-1, ValueConversions.toInt(-1.9, INT));
    assertEquals(1, ValueConversions.toInt(1.1f, INT));
    assertEquals(10_000_000_000L, ValueConversions.toLong(1e10, INT));
    fails("22003", () -> ValueConversions.toInt(new BigDecimal("2147483648"), INT));
    fails("22003", () -> ValueConversions.toInt(3e9, INT));
    fails("22003", () -> ValueConversions.toLong(1e19, INT));
    fails("22003", () -> ValueConversions.toByte(new BigDecimal("12345.67"), INT));
  }

  @Test
  void bigIntegersAndBooleans() throws SQLException {
    assertEquals(5, ValueConversions.toInt(BigInteger.valueOf(5), INT));
    fails("22003", () -> ValueConversions.toLong(new BigInteger("18446744073709551615"), INT));
    assertEquals(1, ValueConversions.toInt(true, INT));
    assertEquals(0, ValueConversions.toLong(false, INT));
  }

  @ParameterizedTest(name = "getInt(''{0}'') is {1}")
  @CsvSource(quoteCharacter = '~', value = {
      "12, 12", "-5, -5", "12.50, 12", "1e3, 1000", "1., 1", ".5, 0", "~~, 0", "-0, 0"})
  void textReadsAsANumberByItsShape(String text, int expected) throws SQLException {
    assertEquals(expected, ValueConversions.toInt(text, TEXT));
    assertEquals(expected, ValueConversions.toInt(text.getBytes(StandardCharsets.UTF_8), TEXT), "the same text in a binary column");
  }

  @ParameterizedTest(name = "getInt(''{0}'') fails with {1}")
  @CsvSource(quoteCharacter = '~', value = {
      "~ 12~, 22018", "+5, 22018", "abc, 22018", "true, 22018", "., 22018", "12a, 22018",
      "2147483648, 22003", "9223372036854775808, 22003", "-9999999999999999999, 22003", "1e10, 22003"})
  void textThatIsNoNumberOrTooLargeFails(String text, String sqlState) {
    fails(sqlState, () -> ValueConversions.toInt(text, TEXT));
  }

  @Test
  void longTextGoesThroughBigIntegerAndStillFitsWhenItFits() throws SQLException {
    assertEquals(Long.MAX_VALUE, ValueConversions.toLong("9223372036854775807", TEXT));
    assertEquals(Long.MIN_VALUE, ValueConversions.toLong("-9223372036854775808", TEXT));
  }

  @Test
  void getByteOfTextIsItsOnlyByte() throws SQLException {
    assertEquals(53, ValueConversions.toByte("5", TEXT), "Connector/J: '5' is 53");
    assertEquals(89, ValueConversions.toByte("Y", TEXT));
    assertEquals(0, ValueConversions.toByte("", TEXT));
    assertEquals(120, ValueConversions.toByte(new byte[] {120}, TEXT));
    fails("22003", () -> ValueConversions.toByte("12", TEXT));
    fails("22003", () -> ValueConversions.toByte("é", TEXT));
  }

  @Test
  void bitValuesAreUnsignedBigEndianNumbers() throws SQLException {
    assertEquals(257, ValueConversions.toInt(new byte[] {1, 1}, BIT));
    assertEquals(1, ValueConversions.toByte(new byte[] {1}, BIT));
    assertEquals(255, ValueConversions.toShort(new byte[] {(byte) 0xff}, BIT));
    assertEquals(-1L, ValueConversions.toLong(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}, BIT));
    assertEquals(1L << 32, ValueConversions.toLong(new byte[] {1, 0, 0, 0, 0}, BIT));
    fails("22003", () -> ValueConversions.toByte(new byte[] {1, 1}, BIT));
    fails("22003", () -> ValueConversions.toInt(new byte[] {1, 0, 0, 0, 0}, BIT));
    assertEquals(257.0, ValueConversions.toDouble(new byte[] {1, 1}, BIT));
    assertEquals(257f, ValueConversions.toFloat(new byte[] {1, 1}, BIT));
    assertEquals(new BigDecimal(257), ValueConversions.toBigDecimal(new byte[] {1, 1}, BIT));
    assertEquals("257", ValueConversions.toStringValue(new byte[] {1, 1}, BIT));
    assertTrue(ValueConversions.toBoolean(new byte[] {1, 1}, BIT));
    assertFalse(ValueConversions.toBoolean(new byte[] {0}, BIT));
  }

  @Test
  void yearsReadAsNumbersAndAsDates() throws SQLException {
    assertEquals(2024, ValueConversions.toInt(YEAR_2024, YEAR));
    assertEquals(2024, ValueConversions.toShort(LocalDate.of(2024, 1, 1), YEAR));
    assertEquals(2024.0, ValueConversions.toDouble(YEAR_2024, YEAR));
    assertEquals(new BigDecimal(2024), ValueConversions.toBigDecimal(YEAR_2024, YEAR));
    assertTrue(ValueConversions.toBoolean(YEAR_2024, YEAR));
    fails("22003", () -> ValueConversions.toByte(YEAR_2024, YEAR));
    assertEquals("2024-01-01", ValueConversions.toStringValue(YEAR_2024, YEAR));
    assertArrayEquals("2024".getBytes(StandardCharsets.US_ASCII), ValueConversions.toBytes(YEAR_2024, YEAR));
    fails("S1009", () -> ValueConversions.toBigInteger(YEAR_2024, YEAR));
  }

  @Test
  void datesAndTimesAreNotNumbers() {
    SQLException e = fails("22018", () -> ValueConversions.toInt(java.sql.Date.valueOf("2024-02-29"), DATE));
    assertEquals("unsupported conversion from DATE to java.lang.Integer for column 'c' (1) (DATE)", e.getMessage());
    assertTrue(fails("22018", () -> ValueConversions.toLong(LocalDateTime.of(2024, 1, 2, 3, 4), DATETIME)).getMessage().contains("DATETIME to java.lang.Long"));
    assertTrue(fails("22018", () -> ValueConversions.toDouble(Timestamp.valueOf("2024-01-02 03:04:05"), DATETIME)).getMessage().contains("TIMESTAMP to java.lang.Double"));
    assertTrue(fails("22018", () -> ValueConversions.toBoolean(Time.valueOf("12:00:00"), DATE)).getMessage().contains("TIME to java.lang.Boolean"));
    fails("22018", () -> ValueConversions.toBigDecimal(LocalDate.of(2024, 1, 1), DATE));
    fails("22018", () -> ValueConversions.toFloat(UUID.randomUUID(), TEXT));
  }

  @Test
  void nullReadsAsZeroFalseOrNull() throws SQLException {
    assertEquals(0, ValueConversions.toByte(null, INT));
    assertEquals(0, ValueConversions.toShort(null, INT));
    assertEquals(0, ValueConversions.toInt(null, INT));
    assertEquals(0L, ValueConversions.toLong(null, INT));
    assertEquals(0f, ValueConversions.toFloat(null, INT));
    assertEquals(0.0, ValueConversions.toDouble(null, INT));
    assertFalse(ValueConversions.toBoolean(null, INT));
    assertNull(ValueConversions.toBigDecimal(null, INT));
    assertNull(ValueConversions.toBigDecimal(null, INT, 2));
    assertNull(ValueConversions.toBigInteger(null, INT));
    assertNull(ValueConversions.toStringValue(null, INT));
    assertNull(ValueConversions.toBytes(null, INT));
    assertNull(ValueConversions.toBinaryStream(null, INT));
    assertNull(ValueConversions.toReader(null, INT));
    assertNull(ValueConversions.toBlob(null, INT));
    assertNull(ValueConversions.toClob(null, INT));
    assertNull(ValueConversions.toNClob(null, INT));
    assertNull(ValueConversions.toUrl(null, INT));
    assertNull(ValueConversions.toObject(null, INT, int.class), "Connector/J: null even for a primitive class");
    assertNull(ValueConversions.toObject(null, INT, UUID.class));
  }

  // ---- floating point and decimals

  @Test
  void doublesAndFloats() throws SQLException {
    assertEquals(1.1, ValueConversions.toDouble(1.1f, INT), "a FLOAT reads as its text, not as 1.100000023841858");
    assertEquals(1234570.0, ValueConversions.toDouble(1234567f, INT));
    assertEquals(1e10, ValueConversions.toDouble(1e10, INT));
    assertEquals(5.0, ValueConversions.toDouble(5, INT));
    assertEquals(1.0, ValueConversions.toDouble(true, INT));
    assertEquals(12345.67, ValueConversions.toDouble(new BigDecimal("12345.67"), INT));
    assertEquals(1.8446744073709552E19, ValueConversions.toDouble(new BigInteger("18446744073709551615"), INT));
    assertEquals(1000.0, ValueConversions.toDouble("1e3", TEXT));
    assertEquals(0.0, ValueConversions.toDouble("", TEXT));
    assertEquals(9.223372036854776E18, ValueConversions.toDouble("9223372036854775808", TEXT));
    assertEquals(3.5f, ValueConversions.toFloat("3.5", TEXT));
    assertEquals(1.1f, ValueConversions.toFloat(1.1f, INT));
    assertEquals(1.0E10f, ValueConversions.toFloat(1e10, INT));
    assertEquals(-5f, ValueConversions.toFloat(-5L, INT));
    fails("22003", () -> ValueConversions.toFloat(1e300, INT));
    assertTrue(fails("22003", () -> ValueConversions.toFloat("1e300", TEXT)).getMessage().contains("java.lang.Float"));
    fails("22003", () -> ValueConversions.toDouble("1e400", TEXT));
    fails("22003", () -> ValueConversions.toDouble(new BigDecimal("1e400"), INT));
    fails("22018", () -> ValueConversions.toDouble("abc", TEXT));
    fails("22018", () -> ValueConversions.toDouble("true", TEXT));
  }

  @Test
  void bigDecimals() throws SQLException {
    BigDecimal stored = new BigDecimal("12345.6700");
    assertSame(stored, ValueConversions.toBigDecimal(stored, INT));
    assertEquals(new BigDecimal("12345.68"), ValueConversions.toBigDecimal(new BigDecimal("12345.675"), INT, 2), "half up");
    assertEquals(new BigDecimal("-0.13"), ValueConversions.toBigDecimal(new BigDecimal("-0.125"), INT, 2));
    assertEquals(new BigDecimal("5.00"), ValueConversions.toBigDecimal(5, INT, 2));
    assertEquals(BigDecimal.valueOf(42), ValueConversions.toBigDecimal(42L, INT));
    assertEquals(new BigDecimal("1.0E+10"), ValueConversions.toBigDecimal(1e10, INT));
    assertEquals(new BigDecimal("1.1"), ValueConversions.toBigDecimal(1.1f, INT));
    assertEquals(new BigDecimal("18446744073709551615"), ValueConversions.toBigDecimal(new BigInteger("18446744073709551615"), INT));
    assertEquals(BigDecimal.ONE, ValueConversions.toBigDecimal(true, INT));
    assertEquals(BigDecimal.ONE, ValueConversions.toBigDecimal(true, INT, 2), "a BIT is not rescaled");
    assertEquals(new BigDecimal(257), ValueConversions.toBigDecimal(new byte[] {1, 1}, BIT, 2));
    assertEquals(new BigDecimal("12.5"), ValueConversions.toBigDecimal("12.50", TEXT), "text with a fraction goes through double");
    assertEquals(new BigDecimal("12"), ValueConversions.toBigDecimal("12", TEXT));
    assertEquals(new BigDecimal("123456789012345678901234"), ValueConversions.toBigDecimal("123456789012345678901234", TEXT));
    assertEquals(BigDecimal.ZERO, ValueConversions.toBigDecimal("", TEXT));
    fails("22018", () -> ValueConversions.toBigDecimal("1e400", TEXT));
    fails("22018", () -> ValueConversions.toBigDecimal(Double.POSITIVE_INFINITY, INT));
    fails("22018", () -> ValueConversions.toBigDecimal("x", TEXT));
  }

  @Test
  void bigIntegersAreParsedFromGetStringsText() throws SQLException {
    BigInteger stored = new BigInteger("18446744073709551615");
    assertSame(stored, ValueConversions.toBigInteger(stored, INT));
    assertEquals(BigInteger.valueOf(5), ValueConversions.toBigInteger(5, INT));
    assertEquals(BigInteger.valueOf(-1), ValueConversions.toBigInteger("-1", TEXT));
    assertEquals(BigInteger.ONE, ValueConversions.toBigInteger(true, BIT));
    SQLException e = fails("S1009", () -> ValueConversions.toBigInteger(new BigDecimal("2.0"), INT));
    assertTrue(e.getMessage().startsWith("cannot read '2.0' of column 'c' (1) as java.math.BigInteger"), e.getMessage());
    fails("S1009", () -> ValueConversions.toBigInteger(-1.0, INT));
    fails("S1009", () -> ValueConversions.toBigInteger("", TEXT));
  }

  // ---- booleans

  @ParameterizedTest(name = "getBoolean({0}) is {1}")
  @CsvSource({"1, true", "0, false", "2, true", "-1, true", "-2, false", "127, true"})
  void integersAreTrueWhenPositiveOrMinusOne(long value, boolean expected) throws SQLException {
    assertEquals(expected, ValueConversions.toBoolean(value, INT));
    assertEquals(expected, ValueConversions.toBoolean((int) value, INT));
    assertEquals(expected, ValueConversions.toBoolean(BigInteger.valueOf(value), INT));
    assertEquals(expected, ValueConversions.toBoolean(BigDecimal.valueOf(value), INT));
    assertEquals(expected, ValueConversions.toBoolean((double) value, INT));
    assertEquals(expected, ValueConversions.toBoolean(Long.toString(value), TEXT));
  }

  @ParameterizedTest(name = "getBoolean({0}) is {1}")
  @CsvSource({"0.5, true", "-0.5, false", "-1.0, true", "0.0, false", "1e3, true"})
  void fractionsToo(String value, boolean expected) throws SQLException {
    assertEquals(expected, ValueConversions.toBoolean(Double.parseDouble(value), INT));
    assertEquals(expected, ValueConversions.toBoolean(Float.parseFloat(value), INT));
    assertEquals(expected, ValueConversions.toBoolean(new BigDecimal(value), INT));
    assertEquals(expected, ValueConversions.toBoolean(value, TEXT));
  }

  @Test
  void textBooleans() throws SQLException {
    for (String yes : new String[] {"Y", "y", "true", "TRUE", "True", "1", "9223372036854775808"}) {
      assertTrue(ValueConversions.toBoolean(yes, TEXT), yes);
    }
    for (String no : new String[] {"N", "n", "false", "FALSE", "0", ""}) {
      assertFalse(ValueConversions.toBoolean(no, TEXT), no);
    }
    assertTrue(ValueConversions.toBoolean(true, BIT));
    fails("22018", () -> ValueConversions.toBoolean("yes", TEXT));
    fails("22018", () -> ValueConversions.toBoolean(" 1", TEXT));
  }

  // ---- text and bytes

  @Test
  void strings() throws SQLException {
    String stored = "héllo";
    assertSame(stored, ValueConversions.toStringValue(stored, TEXT));
    assertEquals("1", ValueConversions.toStringValue(true, BIT));
    assertEquals("0", ValueConversions.toStringValue(false, BIT));
    assertEquals("-5", ValueConversions.toStringValue(-5, INT));
    assertEquals("1.1", ValueConversions.toStringValue(1.1f, INT));
    assertEquals("1234570.0", ValueConversions.toStringValue(1234567f, INT));
    assertEquals("1.0E10", ValueConversions.toStringValue(1e10, INT));
    assertEquals("1.00E-8", ValueConversions.toStringValue(new BigDecimal("0.0000000100"), INT), "BigDecimal.toString, as Connector/J");
    assertEquals("18446744073709551615", ValueConversions.toStringValue(new BigInteger("18446744073709551615"), INT));
    assertEquals("héllo", ValueConversions.toStringValue("héllo".getBytes(StandardCharsets.UTF_8), TEXT));
    UUID id = UUID.randomUUID();
    assertEquals(id.toString(), ValueConversions.toStringValue(id, TEXT));
  }

  @Test
  void temporalStringsAreMySqlsTextWithTheColumnsFractionDigits() throws SQLException {
    assertEquals("2024-01-02 03:04:05.120", ValueConversions.toStringValue(Timestamp.valueOf("2024-01-02 03:04:05.12"), DATETIME3));
    assertEquals("2024-01-02 03:04:05", ValueConversions.toStringValue(LocalDateTime.of(2024, 1, 2, 3, 4, 5), DATETIME6));
    assertEquals("2024-01-02 03:04:05.000001", ValueConversions.toStringValue(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 1000), DATETIME6));
    assertEquals("2024-02-29", ValueConversions.toStringValue(java.sql.Date.valueOf("2024-02-29"), DATE));
    assertEquals("2024-02-29", ValueConversions.toStringValue(LocalDate.of(2024, 2, 29), DATE));
    Time withMillis = new Time(Time.valueOf("12:34:56").getTime() + 780);
    assertEquals("12:34:56.780", ValueConversions.toStringValue(withMillis, TIME3));
    assertEquals("12:34:56.5", ValueConversions.toStringValue(LocalTime.of(12, 34, 56, 500_000_000), Rows.column(Types.TIME, "TIME")), "digits unknown: the shortest");
  }

  @Test
  void bytesAreTheServersText() throws SQLException {
    byte[] stored = {1, 2, 3};
    assertSame(stored, ValueConversions.toBytes(stored, TEXT));
    assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), ValueConversions.toBytes("héllo", TEXT));
    assertArrayEquals(new byte[] {1}, ValueConversions.toBytes(true, BIT));
    assertArrayEquals(new byte[] {0}, ValueConversions.toBytes(false, BIT));
    assertArrayEquals(ascii("42"), ValueConversions.toBytes(42L, INT));
    assertArrayEquals(ascii("0.0000000100"), ValueConversions.toBytes(new BigDecimal("0.0000000100"), INT));
    assertArrayEquals(ascii("10000000000"), ValueConversions.toBytes(1e10, INT));
    assertArrayEquals(ascii("-2"), ValueConversions.toBytes(-2.0, INT));
    assertArrayEquals(ascii("1.1"), ValueConversions.toBytes(1.1f, INT));
    assertArrayEquals(ascii("2024-01-02 03:04:05.000000"), ValueConversions.toBytes(LocalDateTime.of(2024, 1, 2, 3, 4, 5), DATETIME6));
    assertArrayEquals(ascii("2024-01-02 03:04:05"), ValueConversions.toBytes(Timestamp.valueOf("2024-01-02 03:04:05"), DATETIME));
    assertArrayEquals(ascii("2024-02-29"), ValueConversions.toBytes(java.sql.Date.valueOf("2024-02-29"), DATE));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  // ---- streams, LOBs, URLs

  @Test
  void streamsReadTextAndBinaryValuesOnly() throws Exception {
    try (InputStream in = ValueConversions.toBinaryStream(new byte[] {7, 8}, TEXT)) {
      assertArrayEquals(new byte[] {7, 8}, in.readAllBytes());
    }
    try (InputStream in = ValueConversions.toBinaryStream("é", TEXT)) {
      assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    }
    assertEquals("héllo", read(ValueConversions.toReader("héllo", TEXT)));
    assertEquals("héllo", read(ValueConversions.toReader("héllo".getBytes(StandardCharsets.UTF_8), TEXT)));
    assertTrue(fails("22018", () -> ValueConversions.toBinaryStream(5L, INT)).getMessage().contains("LONG to java.io.InputStream"));
    fails("22018", () -> ValueConversions.toBinaryStream(new byte[] {1}, BIT));
    fails("22018", () -> ValueConversions.toReader(new BigDecimal("1.5"), INT));
  }

  private static String read(Reader reader) throws IOException {
    StringBuilder out = new StringBuilder();
    for (int c = reader.read(); c >= 0; c = reader.read()) {
      out.append((char) c);
    }
    return out.toString();
  }

  @Test
  void lobsHoldTheBytesOrTextOfAnyValue() throws SQLException {
    Blob blob = ValueConversions.toBlob(new byte[] {1, 2}, TEXT);
    assertArrayEquals(new byte[] {1, 2}, blob.getBytes(1, (int) blob.length()));
    Blob empty = ValueConversions.toBlob("", TEXT);
    assertArrayEquals(new byte[0], empty.getBytes(1, (int) empty.length()), "an empty value reads whole, as Connector/J's does");
    Clob clob = ValueConversions.toClob(300, INT);
    assertEquals("300", clob.getSubString(1, (int) clob.length()));
    NClob nclob = ValueConversions.toNClob("héllo", TEXT);
    assertEquals("héllo", nclob.getSubString(1, (int) nclob.length()));
    Clob emptyClob = ValueConversions.toClob("", TEXT);
    assertEquals("", emptyClob.getSubString(1, (int) emptyClob.length()));
  }

  @Test
  void urls() throws Exception {
    assertEquals(new URL("http://h/p"), ValueConversions.toUrl("http://h/p", TEXT));
    SQLException e = fails("S1009", () -> ValueConversions.toUrl("abc", TEXT));
    assertTrue(e.getMessage().startsWith("cannot read 'abc' of column 'c' (1) as java.net.URL"), e.getMessage());
    fails("S1009", () -> ValueConversions.toUrl(5, INT));
  }

  // ---- getObject(column, type)

  @Test
  void getObjectWithATypeUsesTheGetterOfThatType() throws SQLException {
    assertEquals("5", ValueConversions.toObject(5L, INT, String.class));
    assertEquals(5, ValueConversions.toObject(5L, INT, Integer.class));
    assertEquals(5, ValueConversions.toObject(5L, INT, int.class));
    assertEquals(5L, ValueConversions.toObject(5, INT, Long.class));
    assertEquals(5L, ValueConversions.toObject(5, INT, long.class));
    assertEquals((short) 5, ValueConversions.toObject(5, INT, Short.class));
    assertEquals((short) 5, ValueConversions.toObject(5, INT, short.class));
    assertEquals((byte) 5, ValueConversions.toObject(5, INT, Byte.class));
    assertEquals((byte) 5, ValueConversions.toObject(5, INT, byte.class));
    assertEquals(true, ValueConversions.toObject(5, INT, Boolean.class));
    assertEquals(false, ValueConversions.toObject(-2, INT, boolean.class));
    assertEquals(5.0, ValueConversions.toObject(5, INT, Double.class));
    assertEquals(5.0, ValueConversions.toObject(5, INT, double.class));
    assertEquals(5f, ValueConversions.toObject(5, INT, Float.class));
    assertEquals(5f, ValueConversions.toObject(5, INT, float.class));
    assertEquals(BigDecimal.valueOf(5), ValueConversions.toObject(5, INT, BigDecimal.class));
    assertEquals(BigInteger.valueOf(5), ValueConversions.toObject(5, INT, BigInteger.class));
    assertArrayEquals(ascii("5"), (byte[]) ValueConversions.toObject(5, INT, byte[].class));
    LocalDateTime at = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000);
    assertEquals(java.sql.Date.valueOf("2024-01-02"), ValueConversions.toObject(at, DATETIME3, java.sql.Date.class));
    assertEquals(Time.valueOf("03:04:05").getTime() + 120, ((Time) ValueConversions.toObject(at, DATETIME3, Time.class)).getTime());
    assertEquals(Timestamp.valueOf(at), ValueConversions.toObject(at, DATETIME3, Timestamp.class));
    assertEquals(java.util.Date.from(Timestamp.valueOf(at).toInstant()), ValueConversions.toObject(at, DATETIME3, java.util.Date.class));
    assertEquals(LocalDate.of(2024, 1, 2), ValueConversions.toObject(at, DATETIME3, LocalDate.class));
    assertEquals(LocalTime.of(3, 4, 5, 120_000_000), ValueConversions.toObject(at, DATETIME3, LocalTime.class));
    assertSame(at, ValueConversions.toObject(at, DATETIME3, LocalDateTime.class));
    ZoneId zone = ZoneId.systemDefault();
    assertEquals(at.atZone(zone).toOffsetDateTime(), ValueConversions.toObject(at, DATETIME3, OffsetDateTime.class));
    assertEquals(at.atZone(zone), ValueConversions.toObject(at, DATETIME3, ZonedDateTime.class));
    assertEquals(at.atZone(zone).toInstant(), ValueConversions.toObject(at, DATETIME3, Instant.class));
    assertInstanceOf(Blob.class, ValueConversions.toObject("x", TEXT, Blob.class));
    assertInstanceOf(Clob.class, ValueConversions.toObject("x", TEXT, Clob.class));
    assertInstanceOf(NClob.class, ValueConversions.toObject("x", TEXT, NClob.class));
    assertInstanceOf(URL.class, ValueConversions.toObject("http://h/", TEXT, URL.class));
  }

  @Test
  void getObjectAsObjectOrAsTheStoredClassGivesTheStoredValue() throws SQLException {
    UUID id = UUID.randomUUID();
    assertSame(id, ValueConversions.toObject(id, TEXT, Object.class));
    assertSame(id, ValueConversions.toObject(id, TEXT, UUID.class));
    assertSame(id, ValueConversions.toObject(id, TEXT, Comparable.class));
  }

  @Test
  void getObjectWithAnotherTypeIsRefused() {
    SQLException e = fails("S1009", () -> ValueConversions.toObject(5L, INT, UUID.class));
    assertTrue(e.getMessage().startsWith("getObject cannot read column 'c' (1) as java.util.UUID"), e.getMessage());
    fails("S1009", () -> ValueConversions.toObject(5L, INT, null));
  }

  @Test
  void kindsAreNamedAsConnectorJNamesThem() {
    assertEquals("LONG", ValueConversions.kind(5, INT));
    assertEquals("BIT", ValueConversions.kind(true, BIT));
    assertEquals("BIT", ValueConversions.kind(new byte[] {1}, BIT));
    assertEquals("BIGINT", ValueConversions.kind(BigInteger.ONE, INT));
    assertEquals("DOUBLE", ValueConversions.kind(1f, INT));
    assertEquals("DECIMAL", ValueConversions.kind(BigDecimal.ONE, INT));
    assertEquals("DATE", ValueConversions.kind(LocalDate.of(2024, 1, 1), DATE));
    assertEquals("YEAR", ValueConversions.kind(YEAR_2024, YEAR));
    assertEquals("TIME", ValueConversions.kind(LocalTime.NOON, DATE));
    assertEquals("TIMESTAMP", ValueConversions.kind(new Timestamp(0), DATETIME));
    assertEquals("DATETIME", ValueConversions.kind(LocalDateTime.of(2024, 1, 1, 0, 0), DATETIME));
    assertEquals("java.util.UUID", ValueConversions.kind(UUID.randomUUID(), TEXT));
  }

  @Test
  void longValuesAreCutShortInMessages() {
    String huge = "x".repeat(10_000);
    SQLException e = fails("22018", () -> ValueConversions.toInt(huge, TEXT));
    assertTrue(e.getMessage().length() < 300, e.getMessage());
    assertTrue(e.getMessage().contains("(10000 chars)"), e.getMessage());
  }
}
