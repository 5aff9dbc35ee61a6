package dev.shardline.driver.results;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * How a stored value reads through each getter. The rule is Connector/J's (9.4, default
 * connection properties), because a merged result must answer what one MySQL holding all the
 * data would answer through Connector/J.
 *
 * <p>The values are what Connector/J's {@code getObject} gave for the physical column (Integer for
 * INT, Long for BIGINT and INT UNSIGNED, BigInteger for BIGINT UNSIGNED, BigDecimal for DECIMAL,
 * Float, Double, String for text, byte[] for binary columns and BIT(n > 1), Boolean for BIT(1) and
 * TINYINT(1), java.sql.Date for DATE and YEAR, Time, Timestamp for TIMESTAMP, LocalDateTime for
 * DATETIME), or what driver code put in a column it made. Each value reads as Connector/J reads
 * the column it came from: integers as integers, decimals and doubles with a range check on
 * narrowing (SQLState 22003), text parsed by its shape ({@link NumericText}), dates, times and
 * timestamps into each other (temporal rules in {@link TemporalConversions}).
 *
 * <p>Rules that surprise, all Connector/J's: numbers are true when they are positive or exactly -1
 * (-2 is false); the empty string reads as 0 and false; getByte on a one-character string is
 * that character's code ('5' is 53); BIT values read as big-endian unsigned numbers; "12.50" read as
 * a BigDecimal is 12.5 (text with a fraction goes through double); a FLOAT reads as the 6-digit
 * text the server sends for it ({@link ServerNumberText}), so FLOAT 1.1 reads as the double 1.1.
 *
 * <p>What getObject lost cannot come back: a TINYINT(1) holding 5 was handed out as Boolean true
 * and reads as 1 here (Connector/J reads 5 from the server's text); a TIME(6) was handed out as a
 * java.sql.Time with milliseconds only.
 *
 * <p>Thread safety: stateless. Reading a value of the target's own class allocates nothing.
 */
final class ValueConversions {
  /** The range of an integral target, in every form a source value may need to compare against. */
  private record Range(String target, long min, long max, int bits, BigInteger bigMin, BigInteger bigMax, BigDecimal decimalMin, BigDecimal decimalMax) {
    static Range of(Class<?> target, long min, long max, int bits) {
      return new Range(target.getName(), min, max, bits, BigInteger.valueOf(min), BigInteger.valueOf(max), BigDecimal.valueOf(min), BigDecimal.valueOf(max));
    }
  }

  private static final Range BYTE = Range.of(Byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE, 8);
  private static final Range SHORT = Range.of(Short.class, Short.MIN_VALUE, Short.MAX_VALUE, 16);
  private static final Range INT = Range.of(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE, 32);
  private static final Range LONG = Range.of(Long.class, Long.MIN_VALUE, Long.MAX_VALUE, 64);
  private static final String FLOAT = Float.class.getName();
  private static final String DOUBLE = Double.class.getName();
  private static final BigDecimal DOUBLE_MAX = BigDecimal.valueOf(Double.MAX_VALUE);
  private static final BigDecimal DECIMAL_MINUS_ONE = BigDecimal.valueOf(-1);
  private static final BigInteger BIG_MINUS_ONE = BigInteger.valueOf(-1);

  /** getObject(column, type): one reader per supported class, looked up in O(1). */
  @FunctionalInterface
  private interface ObjectReader {
    Object read(Object value, ColumnMeta column) throws SQLException;
  }

  private static final Map<Class<?>, ObjectReader> OBJECT_READERS = Map.ofEntries(
      Map.entry(String.class, ValueConversions::toStringValue),
      Map.entry(BigDecimal.class, ValueConversions::toBigDecimal),
      Map.entry(BigInteger.class, ValueConversions::toBigInteger),
      Map.entry(Boolean.class, ValueConversions::toBoolean),
      Map.entry(boolean.class, ValueConversions::toBoolean),
      Map.entry(Byte.class, ValueConversions::toByte),
      Map.entry(byte.class, ValueConversions::toByte),
      Map.entry(Short.class, ValueConversions::toShort),
      Map.entry(short.class, ValueConversions::toShort),
      Map.entry(Integer.class, ValueConversions::toInt),
      Map.entry(int.class, ValueConversions::toInt),
      Map.entry(Long.class, ValueConversions::toLong),
      Map.entry(long.class, ValueConversions::toLong),
      Map.entry(Float.class, ValueConversions::toFloat),
      Map.entry(float.class, ValueConversions::toFloat),
      Map.entry(Double.class, ValueConversions::toDouble),
      Map.entry(double.class, ValueConversions::toDouble),
      Map.entry(byte[].class, ValueConversions::toBytes),
      Map.entry(java.sql.Date.class, (v, c) -> TemporalConversions.toDate(v, c, null)),
      Map.entry(Time.class, (v, c) -> TemporalConversions.toTime(v, c, null)),
      Map.entry(Timestamp.class, (v, c) -> TemporalConversions.toTimestamp(v, c, null)),
      Map.entry(java.util.Date.class, (v, c) -> java.util.Date.from(TemporalConversions.toTimestamp(v, c, null).toInstant())),
      Map.entry(LocalDate.class, TemporalConversions::toLocalDate),
      Map.entry(LocalTime.class, TemporalConversions::toLocalTime),
      Map.entry(LocalDateTime.class, TemporalConversions::toLocalDateTime),
      Map.entry(OffsetDateTime.class, TemporalConversions::toOffsetDateTime),
      Map.entry(ZonedDateTime.class, TemporalConversions::toZonedDateTime),
      Map.entry(Instant.class, TemporalConversions::toInstant),
      Map.entry(Blob.class, ValueConversions::toBlob),
      Map.entry(Clob.class, ValueConversions::toClob),
      Map.entry(NClob.class, ValueConversions::toNClob),
      Map.entry(URL.class, ValueConversions::toUrl),
      Map.entry(Object.class, (v, c) -> v));

  private ValueConversions() {}

  // ---- integers

  static byte toByte(Object value, ColumnMeta column) throws SQLException {
    if (value instanceof String s) {
      return byteOfText(s, column);
    }
    if (value instanceof byte[] bytes && !column.bits()) {
      return byteOfText(utf8(bytes), column);
    }
    return (byte) integral(value, column, BYTE);
  }

  static short toShort(Object value, ColumnMeta column) throws SQLException {
    return (short) integral(value, column, SHORT);
  }

  static int toInt(Object value, ColumnMeta column) throws SQLException {
    return (int) integral(value, column, INT);
  }

  static long toLong(Object value, ColumnMeta column) throws SQLException {
    return integral(value, column, LONG);
  }

  private static long integral(Object value, ColumnMeta column, Range range) throws SQLException {
    if (value == null) {
      return 0;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return checked(((Number) value).longValue(), range, column);
    }
    if (value instanceof BigDecimal d) {
      if (d.compareTo(range.decimalMin()) < 0 || d.compareTo(range.decimalMax()) > 0) {
        throw ResultSetErrors.outOfRange(d.toPlainString(), range.target(), column);
      }
      return d.longValue();
    }
    if (value instanceof Double d) {
      return checked(d.doubleValue(), range, column);
    }
    if (value instanceof Float f) {
      return checked(ServerNumberText.floatAsDouble(f), range, column);
    }
    if (value instanceof BigInteger i) {
      return checked(i, range, column);
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (value instanceof String s) {
      return integralOfText(s, column, range);
    }
    if (value instanceof byte[] bytes) {
      if (!column.bits()) {
        return integralOfText(utf8(bytes), column, range);
      }
      long bits = bitsToLong(bytes);
      if (range.bits() < 64 && bits >> range.bits() != 0) {
        throw ResultSetErrors.outOfRange(bits, range.target(), column);
      }
      return bits;
    }
    if (isYear(value, column)) {
      return checked(TemporalConversions.year(value), range, column);
    }
    throw ResultSetErrors.unsupported(kind(value, column), range.target(), column);
  }

  private static long integralOfText(String s, ColumnMeta column, Range range) throws SQLException {
    switch (NumericText.of(s)) {
      case EMPTY:
        return 0;
      case FLOATING:
        return checked(parseDouble(s, range.target(), column), range, column);
      case INTEGER:
        return checked(parseLong(s, range.target(), column), range, column);
      case BIG_INTEGER:
        return checked(new BigInteger(s), range, column);
      default:
        throw ResultSetErrors.notANumber(s, range.target(), column);
    }
  }

  private static long checked(long value, Range range, ColumnMeta column) throws SQLException {
    if (value < range.min() || value > range.max()) {
      throw ResultSetErrors.outOfRange(value, range.target(), column);
    }
    return value;
  }

  private static long checked(double value, Range range, ColumnMeta column) throws SQLException {
    if (value < range.min() || value > range.max()) {
      throw ResultSetErrors.outOfRange(value, range.target(), column);
    }
    return (long) value;
  }

  private static long checked(BigInteger value, Range range, ColumnMeta column) throws SQLException {
    if (value.compareTo(range.bigMin()) < 0 || value.compareTo(range.bigMax()) > 0) {
      throw ResultSetErrors.outOfRange(value, range.target(), column);
    }
    return value.longValue();
  }

  /** Connector/J reads getByte from text as the text's only byte, not as a number. */
  private static byte byteOfText(String s, ColumnMeta column) throws SQLException {
    if (s.isEmpty()) {
      return 0;
    }
    if (s.length() == 1 && s.charAt(0) < 0x80) {
      return (byte) s.charAt(0);
    }
    throw ResultSetErrors.outOfRange(s, BYTE.target(), column);
  }

  // ---- floating point

  static float toFloat(Object value, ColumnMeta column) throws SQLException {
    if (value instanceof Float f) {
      return f;
    }
    if (value instanceof byte[] bits && column.bits()) {
      return new BigInteger(1, bits).floatValue();
    }
    double d = toDouble(value, column, FLOAT);
    if (d < -Float.MAX_VALUE || d > Float.MAX_VALUE) {
      throw ResultSetErrors.outOfRange(value instanceof byte[] b ? utf8(b) : value, FLOAT, column);
    }
    return (float) d;
  }

  static double toDouble(Object value, ColumnMeta column) throws SQLException {
    return toDouble(value, column, DOUBLE);
  }

  private static double toDouble(Object value, ColumnMeta column, String target) throws SQLException {
    if (value == null) {
      return 0;
    }
    if (value instanceof Double d) {
      return checked(d, value, target, column);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return ServerNumberText.floatAsDouble(f);
    }
    if (value instanceof BigDecimal d) {
      return checked(d, d.toPlainString(), target, column);
    }
    if (value instanceof BigInteger i) {
      return checked(new BigDecimal(i), i, target, column);
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (value instanceof String s) {
      return doubleOfText(s, column, target);
    }
    if (value instanceof byte[] bytes) {
      return column.bits() ? new BigInteger(1, bytes).doubleValue() : doubleOfText(utf8(bytes), column, target);
    }
    if (isYear(value, column)) {
      return TemporalConversions.year(value);
    }
    throw ResultSetErrors.unsupported(kind(value, column), target, column);
  }

  private static double doubleOfText(String s, ColumnMeta column, String target) throws SQLException {
    switch (NumericText.of(s)) {
      case EMPTY:
        return 0;
      case FLOATING:
        return checked(parseDouble(s, target, column), s, target, column);
      case INTEGER:
        return parseLong(s, target, column);
      case BIG_INTEGER:
        return checked(new BigDecimal(s), s, target, column);
      default:
        throw ResultSetErrors.notANumber(s, target, column);
    }
  }

  private static double checked(double d, Object shown, String target, ColumnMeta column) throws SQLException {
    if (d < -Double.MAX_VALUE || d > Double.MAX_VALUE) {
      throw ResultSetErrors.outOfRange(shown, target, column);
    }
    return d;
  }

  private static double checked(BigDecimal d, Object shown, String target, ColumnMeta column) throws SQLException {
    if (d.abs().compareTo(DOUBLE_MAX) > 0) {
      throw ResultSetErrors.outOfRange(shown, target, column);
    }
    return d.doubleValue();
  }

  // ---- decimals

  static BigDecimal toBigDecimal(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof BigDecimal) {
      return (BigDecimal) value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Double d) {
      return decimalOf(d, value, column);
    }
    if (value instanceof Float f) {
      return decimalOf(ServerNumberText.floatAsDouble(f), value, column);
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (value instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (value instanceof String s) {
      return decimalOfText(s, column);
    }
    if (value instanceof byte[] bytes) {
      return column.bits() ? new BigDecimal(new BigInteger(1, bytes)) : decimalOfText(utf8(bytes), column);
    }
    if (isYear(value, column)) {
      return BigDecimal.valueOf(TemporalConversions.year(value));
    }
    throw ResultSetErrors.unsupported(kind(value, column), BigDecimal.class.getName(), column);
  }

  /** The deprecated getBigDecimal(column, scale): rounds half up when the scale drops digits. BIT values are not rescaled (Connector/J). */
  static BigDecimal toBigDecimal(Object value, ColumnMeta column, int scale) throws SQLException {
    BigDecimal d = toBigDecimal(value, column);
    if (d == null || value instanceof Boolean || value instanceof byte[] && column.bits()) {
      return d;
    }
    return d.setScale(scale, RoundingMode.HALF_UP);
  }

  private static BigDecimal decimalOfText(String s, ColumnMeta column) throws SQLException {
    String target = BigDecimal.class.getName();
    switch (NumericText.of(s)) {
      case EMPTY:
        return BigDecimal.ZERO;
      case FLOATING:
        return decimalOf(parseDouble(s, target, column), s, column);
      case INTEGER:
        return BigDecimal.valueOf(parseLong(s, target, column));
      case BIG_INTEGER:
        return new BigDecimal(s);
      default:
        throw ResultSetErrors.notANumber(s, target, column);
    }
  }

  private static BigDecimal decimalOf(double d, Object shown, ColumnMeta column) throws SQLException {
    if (Double.isNaN(d) || Double.isInfinite(d)) { // "1e400": Connector/J answers 22018, not 22003
      throw ResultSetErrors.notANumber(String.valueOf(shown), BigDecimal.class.getName(), column);
    }
    return BigDecimal.valueOf(d);
  }

  /** Connector/J parses getString's text, so a DECIMAL 2.0 or a DOUBLE is not a BigInteger. */
  static BigInteger toBigInteger(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof BigInteger) {
      return (BigInteger) value;
    }
    String text = toStringValue(value, column);
    try {
      return new BigInteger(text);
    } catch (NumberFormatException e) {
      throw ResultSetErrors.badFormat(text, BigInteger.class.getName(), column, e);
    }
  }

  // ---- booleans

  static boolean toBoolean(Object value, ColumnMeta column) throws SQLException {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return isTrue(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return isTrue(((Number) value).doubleValue());
    }
    if (value instanceof BigDecimal d) {
      return d.signum() > 0 || d.compareTo(DECIMAL_MINUS_ONE) == 0;
    }
    if (value instanceof BigInteger i) {
      return i.signum() > 0 || i.equals(BIG_MINUS_ONE);
    }
    if (value instanceof String s) {
      return booleanOfText(s, column);
    }
    if (value instanceof byte[] bytes) {
      return column.bits() ? isTrue(bitsToLong(bytes)) : booleanOfText(utf8(bytes), column);
    }
    if (isYear(value, column)) {
      return isTrue(TemporalConversions.year(value));
    }
    throw ResultSetErrors.unsupported(kind(value, column), Boolean.class.getName(), column);
  }

  /** -1 is true for the ODBC and COM callers Connector/J once served; other negatives are false. */
  private static boolean isTrue(long l) {
    return l == -1 || l > 0;
  }

  private static boolean isTrue(double d) {
    return d > 0 || d == -1.0;
  }

  private static boolean booleanOfText(String s, ColumnMeta column) throws SQLException {
    if (s.equalsIgnoreCase("Y") || s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("N") || s.equalsIgnoreCase("false")) {
      return false;
    }
    String target = Boolean.class.getName();
    switch (NumericText.of(s)) {
      case EMPTY:
        return false;
      case FLOATING:
        return isTrue(parseDouble(s, target, column));
      case INTEGER:
        return isTrue(parseLong(s, target, column));
      case BIG_INTEGER:
        return new BigInteger(s).signum() > 0;
      default:
        throw ResultSetErrors.notANumber(s, target, column);
    }
  }

  // ---- text and bytes

  static String toStringValue(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (value instanceof Float f) {
      return String.valueOf(ServerNumberText.floatAsDouble(f)); // Connector/J: the server's text, parsed as a double
    }
    if (value instanceof byte[] bytes) {
      return column.bits() ? Long.toString(bitsToLong(bytes)) : utf8(bytes);
    }
    String temporal = TemporalConversions.text(value, column, false);
    return temporal != null ? temporal : value.toString();
  }

  /** The server's text, as Connector/J hands it out on the text protocol; byte[] values as they are. */
  static byte[] toBytes(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    if (value instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    if (value instanceof Boolean b) {
      return new byte[] {(byte) (b ? 1 : 0)};
    }
    if (value instanceof BigDecimal d) {
      return ascii(d.toPlainString());
    }
    if (value instanceof Double d) {
      return ascii(ServerNumberText.ofDouble(d));
    }
    if (value instanceof Float f) {
      return ascii(ServerNumberText.ofFloat(f));
    }
    if (isYear(value, column)) {
      return ascii(Integer.toString(TemporalConversions.year(value)));
    }
    String temporal = TemporalConversions.text(value, column, true);
    return (temporal != null ? temporal : value.toString()).getBytes(StandardCharsets.UTF_8);
  }

  // ---- streams and objects

  static InputStream toBinaryStream(Object value, ColumnMeta column) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes && !column.bits()) {
      return new ByteArrayInputStream(bytes);
    }
    if (value instanceof String s) {
      return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
    throw ResultSetErrors.unsupported(kind(value, column), InputStream.class.getName(), column);
  }

  static Reader toReader(Object value, ColumnMeta column) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return new StringReader(s);
    }
    if (value instanceof byte[] bytes && !column.bits()) {
      return new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
    }
    throw ResultSetErrors.unsupported(kind(value, column), Reader.class.getName(), column);
  }

  /*
   * LOBs are Connector/J's own in-memory classes, so that they behave exactly as the ones it
   * hands out (the JDK's SerialBlob, for one, refuses getBytes(1, 0) on an empty value).
   */

  static Blob toBlob(Object value, ColumnMeta column) throws SQLException {
    return value == null ? null : new com.mysql.cj.jdbc.Blob(toBytes(value, column), null);
  }

  static Clob toClob(Object value, ColumnMeta column) throws SQLException {
    return value == null ? null : new com.mysql.cj.jdbc.Clob(toStringValue(value, column), null);
  }

  static NClob toNClob(Object value, ColumnMeta column) throws SQLException {
    return value == null ? null : new com.mysql.cj.jdbc.NClob(toStringValue(value, column), null);
  }

  @SuppressWarnings("deprecation") // new URL(String) is what Connector/J calls; URI.toURL() refuses forms it accepts
  static URL toUrl(Object value, ColumnMeta column) throws SQLException {
    String text = toStringValue(value, column);
    if (text == null) {
      return null;
    }
    try {
      return new URL(text);
    } catch (MalformedURLException e) {
      throw ResultSetErrors.badFormat(text, URL.class.getName(), column, e);
    }
  }

  /**
   * getObject(column, type) for the classes Connector/J supports, plus Object and the class of
   * the stored value itself (a driver-made column may hold a UUID). Null reads as null whatever
   * the type, primitive classes included, as Connector/J does.
   */
  static Object toObject(Object value, ColumnMeta column, Class<?> type) throws SQLException {
    ObjectReader reader = type == null ? null : OBJECT_READERS.get(type);
    if (reader != null) {
      return value == null ? null : reader.read(value, column);
    }
    if (type != null && (value == null || type.isInstance(value))) {
      return value;
    }
    throw ResultSetErrors.noSuchConversion(type, column);
  }

  // ---- shared helpers

  static boolean isYear(Object value, ColumnMeta column) {
    return column.year() && (value instanceof java.sql.Date || value instanceof LocalDate);
  }

  /** How Connector/J names the source in its "unsupported conversion" errors. */
  static String kind(Object value, ColumnMeta column) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return "LONG";
    }
    if (value instanceof Boolean || value instanceof byte[] && column.bits()) {
      return "BIT";
    }
    if (value instanceof BigInteger) {
      return "BIGINT";
    }
    if (value instanceof Double || value instanceof Float) {
      return "DOUBLE";
    }
    if (value instanceof BigDecimal) {
      return "DECIMAL";
    }
    if (value instanceof java.sql.Date || value instanceof LocalDate) {
      return column.year() ? "YEAR" : "DATE";
    }
    if (value instanceof Time || value instanceof LocalTime) {
      return "TIME";
    }
    if (value instanceof Timestamp) {
      return "TIMESTAMP";
    }
    if (value instanceof LocalDateTime) {
      return "DATETIME";
    }
    return value.getClass().getName();
  }

  private static double parseDouble(String s, String target, ColumnMeta column) throws SQLException {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      // Connector/J lets this NumberFormatException escape (it takes "true" for a float: it has an 'e')
      throw ResultSetErrors.notANumber(s, target, column);
    }
  }

  private static long parseLong(String s, String target, ColumnMeta column) throws SQLException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ResultSetErrors.outOfRange(s, target, column);
    }
  }

  /** A BIT value: big-endian, unsigned, at most 64 bits. */
  private static long bitsToLong(byte[] bytes) {
    long value = 0;
    for (byte b : bytes) {
      value = value << 8 | (b & 0xff);
    }
    return value;
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
