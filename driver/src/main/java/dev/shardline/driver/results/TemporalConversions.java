package dev.shardline.driver.results;

import dev.shardline.driver.results.TemporalText.Fields;
import dev.shardline.driver.results.TemporalText.Shape;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;

/**
 * The temporal half of {@link ValueConversions}: dates, times and timestamps read as each other,
 * the way Connector/J does.
 *
 * <p>Every value is first reduced to its wall-clock fields ({@link Fields}). Connector/J made the
 * stored java.sql values from the server's wall clock in the JVM's default time zone, so reading
 * their fields back in that zone recovers it exactly. A getter given a Calendar rebuilds the value
 * from the same fields with a copy of that Calendar, as Connector/J does: in the Calendar's zone,
 * with its leniency (2024-02-30 rolls over to March 1st in a lenient one) and its Julian dates
 * before 1582. A date read as a time is midnight, a time read as a date is 1970-01-01, a
 * timestamp read as either is cut; only the fields a getter uses are checked (a time's hour must
 * be 0-23, SQLState S1009). Numbers are not dates (SQLState 22018); text is read when it has
 * MySQL's shape ({@link TemporalText}).
 *
 * <p>Thread safety: stateless; a caller's Calendar is copied, never changed.
 */
final class TemporalConversions {
  private static final LocalDate EPOCH_DAY = LocalDate.of(1970, 1, 1);
  private static final String DATE = java.sql.Date.class.getName();
  private static final String TIME = Time.class.getName();
  private static final String TIMESTAMP = Timestamp.class.getName();

  private TemporalConversions() {}

  /** @param calendar the getter's Calendar, or null for the JVM's default zone (no Calendar given) */
  static java.sql.Date toDate(Object value, ColumnMeta column, Calendar calendar) throws SQLException {
    if (value == null || calendar == null && value instanceof java.sql.Date) {
      return (java.sql.Date) value;
    }
    Fields f = fields(value, column, DATE);
    if (f.shape() == Shape.TIME) {
      return java.sql.Date.valueOf(EPOCH_DAY); // Connector/J ignores the Calendar here too
    }
    if (calendar == null) {
      return java.sql.Date.valueOf(localDate(f, value, column, DATE));
    }
    return new java.sql.Date(millis(calendar, f.year(), f.month(), f.day(), 0, 0, 0, value, column, DATE));
  }

  static Time toTime(Object value, ColumnMeta column, Calendar calendar) throws SQLException {
    if (value == null || calendar == null && value instanceof Time) {
      return (Time) value;
    }
    Fields f = fields(value, column, TIME);
    if (f.shape() == Shape.DATE) {
      return new Time(calendar == null ? Time.valueOf(LocalTime.MIDNIGHT).getTime() : millis(calendar, 1970, 1, 1, 0, 0, 0, value, column, TIME));
    }
    int millis = f.nanos() / 1_000_000;
    if (calendar == null) {
      return new Time(Time.valueOf(localTime(f, value, column, TIME)).getTime() + millis);
    }
    checkHour(f, value, column, TIME);
    return new Time(millis(calendar, 1970, 1, 1, f.hour(), f.minute(), f.second(), value, column, TIME) + millis);
  }

  static Timestamp toTimestamp(Object value, ColumnMeta column, Calendar calendar) throws SQLException {
    if (value == null || calendar == null && value instanceof Timestamp) {
      return (Timestamp) value;
    }
    Fields f = fields(value, column, TIMESTAMP);
    if (calendar == null) {
      return Timestamp.valueOf(localDateTime(f, value, column, TIMESTAMP));
    }
    if (f.shape() == Shape.TIME) {
      checkHour(f, value, column, TIMESTAMP);
    }
    Timestamp timestamp = new Timestamp(millis(calendar, f.year(), f.month(), f.day(), f.hour(), f.minute(), f.second(), value, column, TIMESTAMP));
    timestamp.setNanos(f.nanos());
    return timestamp;
  }

  static LocalDate toLocalDate(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof LocalDate) {
      return (LocalDate) value;
    }
    String target = LocalDate.class.getName();
    Fields f = fields(value, column, target);
    return f.shape() == Shape.TIME ? EPOCH_DAY : localDate(f, value, column, target);
  }

  static LocalTime toLocalTime(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof LocalTime) {
      return (LocalTime) value;
    }
    String target = LocalTime.class.getName();
    Fields f = fields(value, column, target);
    return f.shape() == Shape.DATE ? LocalTime.MIDNIGHT : localTime(f, value, column, target);
  }

  static LocalDateTime toLocalDateTime(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof LocalDateTime) {
      return (LocalDateTime) value;
    }
    String target = LocalDateTime.class.getName();
    return localDateTime(fields(value, column, target), value, column, target);
  }

  /** At the JVM's default zone's offset, as Connector/J does with no connectionTimeZone set. */
  static OffsetDateTime toOffsetDateTime(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof OffsetDateTime) {
      return (OffsetDateTime) value;
    }
    String target = OffsetDateTime.class.getName();
    return localDateTime(fields(value, column, target), value, column, target).atZone(ZoneId.systemDefault()).toOffsetDateTime();
  }

  static ZonedDateTime toZonedDateTime(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof ZonedDateTime) {
      return (ZonedDateTime) value;
    }
    String target = ZonedDateTime.class.getName();
    return localDateTime(fields(value, column, target), value, column, target).atZone(ZoneId.systemDefault());
  }

  static Instant toInstant(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof Instant) {
      return (Instant) value;
    }
    String target = Instant.class.getName();
    return localDateTime(fields(value, column, target), value, column, target).atZone(ZoneId.systemDefault()).toInstant();
  }

  /** The year of a YEAR column's value (a java.sql.Date of January 1st, or a LocalDate). */
  static int year(Object value) {
    return value instanceof LocalDate d ? d.getYear() : ((java.sql.Date) value).toLocalDate().getYear();
  }

  /**
   * A temporal value as getString prints it (serverText false) or as the server sent it
   * (serverText true, for getBytes); null when the value is not temporal.
   */
  static String text(Object value, ColumnMeta column, boolean serverText) {
    int digits = column.fractionDigits();
    if (value instanceof Timestamp ts) {
      return TemporalText.dateTime(ts.toLocalDateTime(), digits, serverText);
    }
    if (value instanceof LocalDateTime dt) {
      return TemporalText.dateTime(dt, digits, serverText);
    }
    if (value instanceof java.sql.Date d) {
      return TemporalText.date(d.toLocalDate());
    }
    if (value instanceof LocalDate d) {
      return TemporalText.date(d);
    }
    if (value instanceof Time t) {
      return TemporalText.time(localTime(t), digits, serverText);
    }
    if (value instanceof LocalTime t) {
      return TemporalText.time(t, digits, serverText);
    }
    if (value instanceof java.util.Date d) {
      return TemporalText.dateTime(LocalDateTime.ofInstant(d.toInstant(), ZoneId.systemDefault()), digits, serverText);
    }
    return null;
  }

  private static Fields fields(Object value, ColumnMeta column, String target) throws SQLException {
    if (value instanceof Timestamp ts) {
      return Fields.of(ts.toLocalDateTime());
    }
    if (value instanceof java.sql.Date d) {
      return Fields.of(d.toLocalDate());
    }
    if (value instanceof Time t) {
      return Fields.of(localTime(t));
    }
    if (value instanceof LocalDateTime dt) {
      return Fields.of(dt);
    }
    if (value instanceof LocalDate d) {
      return Fields.of(d);
    }
    if (value instanceof LocalTime t) {
      return Fields.of(t);
    }
    if (value instanceof OffsetDateTime odt) {
      return Fields.of(odt.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime());
    }
    if (value instanceof ZonedDateTime zdt) {
      return Fields.of(zdt.withZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime());
    }
    if (value instanceof Instant instant) {
      return Fields.of(LocalDateTime.ofInstant(instant, ZoneId.systemDefault()));
    }
    if (value instanceof java.util.Date d) {
      return Fields.of(LocalDateTime.ofInstant(d.toInstant(), ZoneId.systemDefault()));
    }
    if (value instanceof String s) {
      return parsed(s, column, target);
    }
    if (value instanceof byte[] bytes && !column.bits()) {
      return parsed(new String(bytes, StandardCharsets.UTF_8), column, target);
    }
    throw ResultSetErrors.unsupported(ValueConversions.kind(value, column), target, column);
  }

  private static Fields parsed(String text, ColumnMeta column, String target) throws SQLException {
    Fields fields = TemporalText.parse(text);
    if (fields == null) {
      throw ResultSetErrors.notATemporal(text, target, column);
    }
    return fields;
  }

  private static LocalDate localDate(Fields f, Object value, ColumnMeta column, String target) throws SQLException {
    try {
      return LocalDate.of(f.year(), f.month(), f.day());
    } catch (DateTimeException e) {
      throw ResultSetErrors.badFormat(String.valueOf(value), target, column, e);
    }
  }

  private static LocalTime localTime(Fields f, Object value, ColumnMeta column, String target) throws SQLException {
    checkHour(f, value, column, target);
    try {
      return LocalTime.of(f.hour(), f.minute(), f.second(), f.nanos());
    } catch (DateTimeException e) {
      throw ResultSetErrors.badFormat(String.valueOf(value), target, column, e);
    }
  }

  private static LocalDateTime localDateTime(Fields f, Object value, ColumnMeta column, String target) throws SQLException {
    return switch (f.shape()) {
      case DATE -> localDate(f, value, column, target).atStartOfDay();
      case TIME -> LocalDateTime.of(EPOCH_DAY, localTime(f, value, column, target));
      case DATETIME -> LocalDateTime.of(localDate(f, value, column, target), localTime(f, value, column, target));
    };
  }

  /** Connector/J refuses a TIME outside a day (a duration such as -12:00:00 or 25:00:00) as a time of day. */
  private static void checkHour(Fields f, Object value, ColumnMeta column, String target) throws SQLException {
    if (f.shape() != Shape.DATE && (f.hour() < 0 || f.hour() > 23)) {
      throw ResultSetErrors.badFormat(String.valueOf(value), target, column, new DateTimeException("the hour is not 0-23: it is not a time of day"));
    }
  }

  /** The instant of these fields in a copy of the caller's Calendar, as Connector/J computes it. */
  private static long millis(Calendar calendar, int year, int month, int day, int hour, int minute, int second, Object value, ColumnMeta column, String target)
      throws SQLException {
    Calendar copy = (Calendar) calendar.clone();
    copy.clear();
    try {
      copy.set(year, month - 1, day, hour, minute, second);
      return copy.getTimeInMillis();
    } catch (IllegalArgumentException e) { // a non-lenient Calendar refusing 2024-02-30
      throw ResultSetErrors.badFormat(String.valueOf(value), target, column, e);
    }
  }

  /** java.sql.Time keeps milliseconds (Connector/J puts a TIME(3)'s there) that toLocalTime() drops. */
  private static LocalTime localTime(Time time) {
    int millis = (int) Math.floorMod(time.getTime(), 1000L);
    LocalTime wholeSeconds = time.toLocalTime();
    return millis == 0 ? wholeSeconds : wholeSeconds.withNano(millis * 1_000_000);
  }
}
