package dev.shardline.driver.results;

import static dev.shardline.driver.results.Rows.BIT;
import static dev.shardline.driver.results.Rows.DATE;
import static dev.shardline.driver.results.Rows.DATETIME;
import static dev.shardline.driver.results.Rows.INT;
import static dev.shardline.driver.results.Rows.TEXT;
import static dev.shardline.driver.results.Rows.TIME;
import static dev.shardline.driver.results.ValueConversionsTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** Dates, times and timestamps read as each other; expectations are Connector/J 9.4's for the same stored values. */
class TemporalConversionsTest {
  private static final LocalDateTime AT = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_789);
  private static final TimeZone PLUS_FIVE = TimeZone.getTimeZone("GMT+05:00");

  private static Calendar plusFive() {
    return Calendar.getInstance(PLUS_FIVE);
  }

  private static long epochMillis(LocalDateTime at, ZoneId zone) {
    return at.atZone(zone).toInstant().toEpochMilli();
  }

  @Test
  void aValueOfTheTargetsClassIsReturnedAsStored() throws SQLException {
    java.sql.Date date = java.sql.Date.valueOf("2024-01-02");
    Time time = Time.valueOf("03:04:05");
    Timestamp timestamp = Timestamp.valueOf(AT);
    LocalDate localDate = AT.toLocalDate();
    LocalTime localTime = AT.toLocalTime();
    OffsetDateTime offset = AT.atOffset(ZoneOffset.UTC);
    ZonedDateTime zoned = AT.atZone(ZoneOffset.UTC);
    Instant instant = Instant.EPOCH;
    assertSame(date, TemporalConversions.toDate(date, DATE, null));
    assertSame(time, TemporalConversions.toTime(time, TIME, null));
    assertSame(timestamp, TemporalConversions.toTimestamp(timestamp, DATETIME, null));
    assertSame(localDate, TemporalConversions.toLocalDate(localDate, DATE));
    assertSame(localTime, TemporalConversions.toLocalTime(localTime, TIME));
    assertSame(AT, TemporalConversions.toLocalDateTime(AT, DATETIME));
    assertSame(offset, TemporalConversions.toOffsetDateTime(offset, DATETIME));
    assertSame(zoned, TemporalConversions.toZonedDateTime(zoned, DATETIME));
    assertSame(instant, TemporalConversions.toInstant(instant, DATETIME));
  }

  @Test
  void nullIsNull() throws SQLException {
    assertNull(TemporalConversions.toDate(null, DATE, plusFive()));
    assertNull(TemporalConversions.toTime(null, TIME, plusFive()));
    assertNull(TemporalConversions.toTimestamp(null, DATETIME, plusFive()));
    assertNull(TemporalConversions.toLocalDate(null, DATE));
    assertNull(TemporalConversions.toLocalTime(null, DATE));
    assertNull(TemporalConversions.toLocalDateTime(null, DATE));
    assertNull(TemporalConversions.toOffsetDateTime(null, DATE));
    assertNull(TemporalConversions.toZonedDateTime(null, DATE));
    assertNull(TemporalConversions.toInstant(null, DATE));
  }

  @Test
  void timestampsCutToDatesAndTimes() throws SQLException {
    Timestamp timestamp = Timestamp.valueOf(AT);
    assertEquals(java.sql.Date.valueOf("2024-01-02"), TemporalConversions.toDate(timestamp, DATETIME, null));
    assertEquals(java.sql.Date.valueOf("2024-01-02"), TemporalConversions.toDate(AT, DATETIME, null));
    Time time = TemporalConversions.toTime(AT, DATETIME, null);
    assertEquals(Time.valueOf("03:04:05").getTime() + 123, time.getTime(), "milliseconds kept, as Connector/J keeps them");
    assertEquals(LocalDate.of(2024, 1, 2), TemporalConversions.toLocalDate(timestamp, DATETIME));
    assertEquals(AT.toLocalTime(), TemporalConversions.toLocalTime(timestamp, DATETIME));
    assertEquals(AT, TemporalConversions.toLocalDateTime(timestamp, DATETIME));
    assertEquals(timestamp, TemporalConversions.toTimestamp(AT, DATETIME, null));
  }

  @Test
  void datesAreMidnightAndTimesAreOnTheFirstOfJanuary1970() throws SQLException {
    java.sql.Date date = java.sql.Date.valueOf("2024-02-29");
    assertEquals(Timestamp.valueOf("2024-02-29 00:00:00"), TemporalConversions.toTimestamp(date, DATE, null));
    assertEquals(Time.valueOf("00:00:00"), TemporalConversions.toTime(date, DATE, null));
    assertEquals(LocalTime.MIDNIGHT, TemporalConversions.toLocalTime(date, DATE));
    assertEquals(LocalDateTime.of(2024, 2, 29, 0, 0), TemporalConversions.toLocalDateTime(LocalDate.of(2024, 2, 29), DATE));
    Time time = new Time(Time.valueOf("12:34:56").getTime() + 780);
    assertEquals(java.sql.Date.valueOf("1970-01-01"), TemporalConversions.toDate(time, TIME, null));
    assertEquals(Timestamp.valueOf("1970-01-01 12:34:56.78"), TemporalConversions.toTimestamp(time, TIME, null));
    assertEquals(LocalDate.of(1970, 1, 1), TemporalConversions.toLocalDate(LocalTime.NOON, TIME));
    assertEquals(LocalTime.of(12, 34, 56, 780_000_000), TemporalConversions.toLocalTime(time, TIME));
    assertEquals(LocalDateTime.of(1970, 1, 1, 12, 0), TemporalConversions.toLocalDateTime(LocalTime.NOON, TIME));
  }

  @Test
  void zonedTargetsUseTheJvmsZone() throws SQLException {
    ZoneId zone = ZoneId.systemDefault();
    assertEquals(AT.atZone(zone).toOffsetDateTime(), TemporalConversions.toOffsetDateTime(Timestamp.valueOf(AT), DATETIME));
    assertEquals(LocalDate.of(2024, 1, 2).atStartOfDay(zone), TemporalConversions.toZonedDateTime(java.sql.Date.valueOf("2024-01-02"), DATE));
    assertEquals(AT.atZone(zone).toInstant(), TemporalConversions.toInstant(AT, DATETIME));
    OffsetDateTime elsewhere = AT.atOffset(ZoneOffset.ofHours(9));
    assertEquals(elsewhere.atZoneSameInstant(zone).toLocalDateTime(), TemporalConversions.toLocalDateTime(elsewhere, DATETIME));
    assertEquals(LocalDateTime.ofInstant(Instant.EPOCH, zone), TemporalConversions.toLocalDateTime(Instant.EPOCH, DATETIME));
    assertEquals(LocalDateTime.ofInstant(Instant.EPOCH, zone), TemporalConversions.toLocalDateTime(new java.util.Date(0), DATETIME));
  }

  @Test
  void aCalendarRebuildsTheWallClockInItsZone() throws SQLException {
    assertEquals(epochMillis(LocalDateTime.of(2024, 1, 2, 0, 0), PLUS_FIVE.toZoneId()),
        TemporalConversions.toDate(java.sql.Date.valueOf("2024-01-02"), DATE, plusFive()).getTime());
    Timestamp timestamp = TemporalConversions.toTimestamp(AT, DATETIME, plusFive());
    assertEquals(epochMillis(AT.withNano(0), PLUS_FIVE.toZoneId()) / 1000, timestamp.getTime() / 1000);
    assertEquals(123_456_789, timestamp.getNanos());
    assertEquals(epochMillis(LocalDateTime.of(1970, 1, 1, 12, 0), PLUS_FIVE.toZoneId()) + 5,
        TemporalConversions.toTime(LocalTime.of(12, 0, 0, 5_000_000), TIME, plusFive()).getTime());
    assertEquals(epochMillis(LocalDateTime.of(1970, 1, 1, 0, 0), PLUS_FIVE.toZoneId()),
        TemporalConversions.toTime(LocalDate.of(2024, 1, 2), DATE, plusFive()).getTime());
    assertEquals(java.sql.Date.valueOf("1970-01-01"), TemporalConversions.toDate(LocalTime.NOON, TIME, plusFive()), "the Calendar is ignored, as Connector/J does");
  }

  @Test
  void regressionCalendarGettersUseJulianDatesBefore1582LikeConnectorJ() throws SQLException {
    GregorianCalendar expected = new GregorianCalendar(PLUS_FIVE);
    expected.clear();
    expected.set(1000, Calendar.JANUARY, 1);
    java.sql.Date date = TemporalConversions.toDate(java.sql.Date.valueOf("1000-01-01"), DATE, plusFive());
    assertEquals(expected.getTimeInMillis(), date.getTime(), "java.time's proleptic calendar is 5 days off in the year 1000");
  }

  @Test
  void aCalendarCopyIsUsedAndTheCallersIsLeftAlone() throws SQLException {
    Calendar calendar = plusFive();
    long before = calendar.getTimeInMillis();
    TemporalConversions.toTimestamp(AT, DATETIME, calendar);
    assertEquals(before, calendar.getTimeInMillis());
  }

  @Test
  void textIsReadByItsShape() throws SQLException {
    assertEquals(java.sql.Date.valueOf("2024-01-02"), TemporalConversions.toDate("2024-01-02", TEXT, null));
    assertEquals(java.sql.Date.valueOf("2024-01-02"), TemporalConversions.toDate("2024-01-02 03:04:05", TEXT, null));
    assertEquals(Timestamp.valueOf("2024-01-02 03:04:05.123456789"), TemporalConversions.toTimestamp("2024-01-02 03:04:05.123456789", TEXT, null));
    assertEquals(Timestamp.valueOf("1970-01-01 12:34:56"), TemporalConversions.toTimestamp("12:34:56", TEXT, null));
    assertEquals(LocalTime.of(12, 34, 56, 500_000_000), TemporalConversions.toLocalTime("12:34:56.5", TEXT));
    assertEquals(LocalDateTime.of(2024, 1, 2, 0, 0), TemporalConversions.toLocalDateTime("2024-01-02".getBytes(StandardCharsets.UTF_8), TEXT));
  }

  @Test
  void onlyTheFieldsAGetterUsesAreChecked() throws SQLException {
    assertEquals(java.sql.Date.valueOf("1970-01-01"), TemporalConversions.toDate("25:00:00", TEXT, null), "a time's hour does not matter to a date");
    assertEquals(LocalDate.of(1970, 1, 1), TemporalConversions.toLocalDate("-838:59:59", TEXT));
    assertEquals(Time.valueOf("00:00:00"), TemporalConversions.toTime("2024-02-30", TEXT, null), "a date's day does not matter to a time");
    assertEquals(LocalTime.MIDNIGHT, TemporalConversions.toLocalTime("2024-02-30", TEXT));
    fails("S1009", () -> TemporalConversions.toDate("2024-02-30", TEXT, null));
    fails("S1009", () -> TemporalConversions.toTimestamp("2024-02-30", TEXT, null));
    fails("S1009", () -> TemporalConversions.toLocalDate("2024-13-01", TEXT));
    fails("S1009", () -> TemporalConversions.toLocalDateTime("2024-02-30 00:00:00", TEXT));
    SQLException e = fails("S1009", () -> TemporalConversions.toTime("25:00:00", TEXT, null));
    assertTrue(e.getMessage().contains("not a time of day"), e.getMessage());
    fails("S1009", () -> TemporalConversions.toLocalTime("-01:00:00", TEXT));
    fails("S1009", () -> TemporalConversions.toTimestamp("24:00:00", TEXT, plusFive()));
    fails("S1009", () -> TemporalConversions.toTime("12:61:00", TEXT, null));
  }

  @Test
  void aLenientCalendarRollsAnImpossibleDateOverAndAStrictOneRefusesIt() throws SQLException {
    assertEquals(epochMillis(LocalDateTime.of(2024, 3, 1, 0, 0), PLUS_FIVE.toZoneId()), TemporalConversions.toDate("2024-02-30", TEXT, plusFive()).getTime());
    Calendar strict = plusFive();
    strict.setLenient(false);
    fails("S1009", () -> TemporalConversions.toDate("2024-02-30", TEXT, strict));
  }

  @Test
  void numbersAndOtherTextAreNotDates() {
    assertTrue(fails("22018", () -> TemporalConversions.toDate(5L, INT, null)).getMessage().contains("LONG to java.sql.Date"));
    assertTrue(fails("22018", () -> TemporalConversions.toTimestamp(new byte[] {1}, BIT, null)).getMessage().contains("BIT to java.sql.Timestamp"));
    assertTrue(fails("22018", () -> TemporalConversions.toLocalDateTime(1.5, INT)).getMessage().contains("DOUBLE to java.time.LocalDateTime"));
    SQLException e = fails("22018", () -> TemporalConversions.toTime("abc", TEXT, null));
    assertTrue(e.getMessage().contains("expected yyyy-MM-dd, HH:mm:ss[.fraction] or yyyy-MM-dd HH:mm:ss[.fraction]"), e.getMessage());
    fails("22018", () -> TemporalConversions.toLocalDate("", TEXT));
    fails("22018", () -> TemporalConversions.toOffsetDateTime("2024-01-02T03:04:05", TEXT));
  }

  /** The JVM here runs in UTC; values Connector/J makes in another default zone must read back the same. */
  @Test
  void valuesMadeInTheJvmsZoneReadBackTheirWallClockInAnyZone() throws SQLException {
    TimeZone original = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns")); // -03:30, with DST: far from UTC and not whole hours
      Calendar connectorJ = Calendar.getInstance(TimeZone.getDefault());
      connectorJ.clear();
      connectorJ.set(1970, Calendar.JANUARY, 1, 12, 34, 56);
      Time time = new Time(connectorJ.getTimeInMillis() + 780); // how Connector/J makes a TIME(3) 12:34:56.780
      assertEquals(LocalTime.of(12, 34, 56, 780_000_000), TemporalConversions.toLocalTime(time, TIME));
      assertEquals("12:34:56.780", TemporalConversions.text(time, Rows.TIME3, false));
      java.sql.Date summer = java.sql.Date.valueOf("2024-07-01");
      assertEquals(LocalDate.of(2024, 7, 1), TemporalConversions.toLocalDate(summer, DATE));
      assertEquals(Timestamp.valueOf("2024-07-01 00:00:00"), TemporalConversions.toTimestamp(summer, DATE, null));
      assertEquals(epochMillis(LocalDateTime.of(2024, 7, 1, 0, 0), PLUS_FIVE.toZoneId()), TemporalConversions.toDate(summer, DATE, plusFive()).getTime());
      assertEquals(LocalDateTime.of(2024, 7, 1, 0, 0).atZone(ZoneId.of("America/St_Johns")).toOffsetDateTime(), TemporalConversions.toOffsetDateTime(summer, DATE));
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void yearsAreTheYearOfTheirDate() {
    assertEquals(2024, TemporalConversions.year(java.sql.Date.valueOf("2024-01-01")));
    assertEquals(1901, TemporalConversions.year(LocalDate.of(1901, 1, 1)));
  }

  @Test
  void getStringTextOfEachKind() {
    assertEquals("2024-01-02 03:04:05.123456789", TemporalConversions.text(AT, Rows.column(java.sql.Types.TIMESTAMP, "DATETIME"), false));
    assertEquals("2024-01-02 03:04:05", TemporalConversions.text(AT.withNano(0), DATETIME, false));
    assertEquals("1970-01-01 00:00:00", TemporalConversions.text(new java.util.Date(-ZoneId.systemDefault().getRules().getOffset(Instant.EPOCH).getTotalSeconds() * 1000L), DATETIME, false));
    assertNull(TemporalConversions.text(5L, INT, false));
  }
}
