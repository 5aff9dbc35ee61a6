package dev.shardline.driver.jdbc;

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
import java.util.TimeZone;

/**
 * The temporal half of {@link ValueConversions}: dates, times and timestamps read as each other,
 * the way Connector/J does.
 *
 * <p>Every value is first reduced to its wall clock (a LocalDate, LocalTime or LocalDateTime).
 * Connector/J made the stored java.sql values from the server's wall clock in the JVM's default
 * time zone, so reading the fields back in that zone recovers it exactly; a getter given a
 * Calendar rebuilds the value from the same wall clock in the Calendar's zone, as Connector/J
 * does. A date read as a time is midnight, a time read as a date is 1970-01-01, a timestamp read
 * as either is truncated. Numbers are not dates (SQLState 22018); text is parsed when it has
 * MySQL's shape ({@link TemporalText}).
 *
 * <p>Thread safety: stateless.
 */
final class TemporalConversions {
  private static final LocalDate EPOCH_DAY = LocalDate.of(1970, 1, 1);

  private TemporalConversions() {}

  /** @param zone the Calendar's zone, or null for the JVM's default (getDate without a Calendar) */
  static java.sql.Date toDate(Object value, ColumnMeta column, TimeZone zone) throws SQLException {
    if (value == null || zone == null && value instanceof java.sql.Date) {
      return (java.sql.Date) value;
    }
    Object clock = wallClock(value, column, java.sql.Date.class.getName());
    if (clock instanceof LocalTime) {
      return java.sql.Date.valueOf(EPOCH_DAY); // Connector/J ignores the Calendar here too
    }
    LocalDate date = clock instanceof LocalDate d ? d : ((LocalDateTime) clock).toLocalDate();
    return zone == null ? java.sql.Date.valueOf(date) : new java.sql.Date(date.atStartOfDay(zone.toZoneId()).toInstant().toEpochMilli());
  }

  static Time toTime(Object value, ColumnMeta column, TimeZone zone) throws SQLException {
    if (value == null || zone == null && value instanceof Time) {
      return (Time) value;
    }
    Object clock = wallClock(value, column, Time.class.getName());
    LocalTime time = clock instanceof LocalTime t ? t : clock instanceof LocalDateTime dt ? dt.toLocalTime() : LocalTime.MIDNIGHT;
    return new Time(LocalDateTime.of(EPOCH_DAY, time).atZone(zoneId(zone)).toInstant().toEpochMilli());
  }

  static Timestamp toTimestamp(Object value, ColumnMeta column, TimeZone zone) throws SQLException {
    if (value == null || zone == null && value instanceof Timestamp) {
      return (Timestamp) value;
    }
    LocalDateTime dateTime = dateTime(wallClock(value, column, Timestamp.class.getName()));
    return zone == null ? Timestamp.valueOf(dateTime) : Timestamp.from(dateTime.atZone(zone.toZoneId()).toInstant());
  }

  static LocalDate toLocalDate(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof LocalDate) {
      return (LocalDate) value;
    }
    Object clock = wallClock(value, column, LocalDate.class.getName());
    return clock instanceof LocalDate d ? d : clock instanceof LocalDateTime dt ? dt.toLocalDate() : EPOCH_DAY;
  }

  static LocalTime toLocalTime(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof LocalTime) {
      return (LocalTime) value;
    }
    Object clock = wallClock(value, column, LocalTime.class.getName());
    return clock instanceof LocalTime t ? t : clock instanceof LocalDateTime dt ? dt.toLocalTime() : LocalTime.MIDNIGHT;
  }

  static LocalDateTime toLocalDateTime(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof LocalDateTime) {
      return (LocalDateTime) value;
    }
    return dateTime(wallClock(value, column, LocalDateTime.class.getName()));
  }

  /** At the JVM's default zone's offset, as Connector/J does with no connectionTimeZone set. */
  static OffsetDateTime toOffsetDateTime(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof OffsetDateTime) {
      return (OffsetDateTime) value;
    }
    return dateTime(wallClock(value, column, OffsetDateTime.class.getName())).atZone(ZoneId.systemDefault()).toOffsetDateTime();
  }

  static ZonedDateTime toZonedDateTime(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof ZonedDateTime) {
      return (ZonedDateTime) value;
    }
    return dateTime(wallClock(value, column, ZonedDateTime.class.getName())).atZone(ZoneId.systemDefault());
  }

  static Instant toInstant(Object value, ColumnMeta column) throws SQLException {
    if (value == null || value instanceof Instant) {
      return (Instant) value;
    }
    return dateTime(wallClock(value, column, Instant.class.getName())).atZone(ZoneId.systemDefault()).toInstant();
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

  /** A LocalDate, LocalTime or LocalDateTime. */
  private static Object wallClock(Object value, ColumnMeta column, String target) throws SQLException {
    if (value instanceof Timestamp ts) {
      return ts.toLocalDateTime();
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (value instanceof Time t) {
      return localTime(t);
    }
    if (value instanceof LocalDateTime || value instanceof LocalDate || value instanceof LocalTime) {
      return value;
    }
    if (value instanceof OffsetDateTime odt) {
      return odt.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
    }
    if (value instanceof ZonedDateTime zdt) {
      return zdt.withZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
    }
    if (value instanceof Instant instant) {
      return LocalDateTime.ofInstant(instant, ZoneId.systemDefault());
    }
    if (value instanceof java.util.Date d) {
      return LocalDateTime.ofInstant(d.toInstant(), ZoneId.systemDefault());
    }
    if (value instanceof String s) {
      return parsed(s, column, target);
    }
    if (value instanceof byte[] bytes && !column.bits()) {
      return parsed(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), column, target);
    }
    throw ResultSetErrors.unsupported(ValueConversions.kind(value, column), target, column);
  }

  private static Object parsed(String text, ColumnMeta column, String target) throws SQLException {
    Object clock;
    try {
      clock = TemporalText.parse(text);
    } catch (DateTimeException e) {
      throw ResultSetErrors.badFormat(text, target, column, e);
    }
    if (clock == null) {
      throw ResultSetErrors.notATemporal(text, target, column);
    }
    return clock;
  }

  private static LocalDateTime dateTime(Object clock) {
    if (clock instanceof LocalDateTime dt) {
      return dt;
    }
    return clock instanceof LocalDate d ? d.atStartOfDay() : LocalDateTime.of(EPOCH_DAY, (LocalTime) clock);
  }

  /** java.sql.Time keeps milliseconds (Connector/J puts a TIME(3)'s there) that toLocalTime() drops. */
  private static LocalTime localTime(Time time) {
    int millis = (int) Math.floorMod(time.getTime(), 1000L);
    LocalTime wholeSeconds = time.toLocalTime();
    return millis == 0 ? wholeSeconds : wholeSeconds.withNano(millis * 1_000_000);
  }

  private static ZoneId zoneId(TimeZone zone) {
    return zone == null ? ZoneId.systemDefault() : zone.toZoneId();
  }
}
