package dev.shardline.driver.jdbc;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.regex.Pattern;

/**
 * Dates and times as MySQL writes them: {@code yyyy-MM-dd}, {@code HH:mm:ss[.fraction]},
 * {@code yyyy-MM-dd HH:mm:ss[.fraction]}, read the way Connector/J reads them out of a string
 * column, and written the way it formats them for {@code getString}.
 */
final class TemporalText {
  private static final Pattern TIME = Pattern.compile("-?\\d{2,3}:\\d{2}:\\d{2}(\\.\\d{1,9})?");
  private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?");
  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

  private TemporalText() {}

  /**
   * A {@link LocalDate}, {@link LocalTime} or {@link LocalDateTime}, or null when the text has
   * none of the three shapes.
   *
   * @throws DateTimeException the shape is right but the value is not a real date or time
   *     (2024-02-30, 25:00:00, 0000-00-00)
   */
  static Object parse(String s) {
    if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      return LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
    }
    if (TIME.matcher(s).matches()) {
      return time(s, 0, s.indexOf(':'));
    }
    if (DATETIME.matcher(s).matches()) {
      return LocalDateTime.of(
          LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10)), time(s, 11, 13));
    }
    return null;
  }

  /** {@code HH:mm:ss[.f]} starting at {@code start}, the hours ending at {@code colon}. */
  private static LocalTime time(String s, int start, int colon) {
    if (s.charAt(start) == '-') {
      throw new DateTimeException("a negative time is not a time of day");
    }
    int hours = digits(s, start, colon);
    int minutes = digits(s, colon + 1, colon + 3);
    int seconds = digits(s, colon + 4, colon + 6);
    int nanos = 0;
    int fraction = colon + 7;
    if (fraction < s.length()) {
      int digitCount = s.length() - fraction;
      nanos = digits(s, fraction, s.length()) * POWERS_OF_TEN[9 - digitCount];
    }
    return LocalTime.of(hours, minutes, seconds, nanos);
  }

  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new DateTimeException("'" + c + "' is not a digit");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static String date(LocalDate date) {
    return appendDate(new StringBuilder(10), date).toString();
  }

  static String time(LocalTime time, int fractionDigits, boolean serverText) {
    return appendTime(new StringBuilder(18), time, fractionDigits, serverText).toString();
  }

  static String dateTime(LocalDateTime dateTime, int fractionDigits, boolean serverText) {
    StringBuilder out = appendDate(new StringBuilder(29), dateTime.toLocalDate()).append(' ');
    return appendTime(out, dateTime.toLocalTime(), fractionDigits, serverText).toString();
  }

  private static StringBuilder appendDate(StringBuilder out, LocalDate date) {
    pad(out, date.getYear(), 4).append('-');
    pad(out, date.getMonthValue(), 2).append('-');
    return pad(out, date.getDayOfMonth(), 2);
  }

  /**
   * {@code getString} (serverText false) prints a fraction only when it is not zero, with the
   * column's digit count, truncating as Connector/J does: a nanosecond in a {@code DATETIME(3)}
   * prints ".0". The server's own text (serverText true, for {@code getBytes}) always has the
   * column's digits. With the digit count unknown (-1) the shortest exact fraction is printed.
   */
  private static StringBuilder appendTime(StringBuilder out, LocalTime time, int fractionDigits, boolean serverText) {
    pad(out, time.getHour(), 2).append(':');
    pad(out, time.getMinute(), 2).append(':');
    pad(out, time.getSecond(), 2);
    int nanos = time.getNano();
    if (fractionDigits < 0) {
      if (nanos > 0) {
        int digits = 9;
        while (nanos % 10 == 0) {
          nanos /= 10;
          digits--;
        }
        pad(out.append('.'), nanos, digits);
      }
    } else if (serverText) {
      if (fractionDigits > 0) {
        pad(out.append('.'), nanos / POWERS_OF_TEN[9 - fractionDigits], fractionDigits);
      }
    } else if (nanos > 0) {
      int truncated = fractionDigits == 0 ? 0 : nanos / POWERS_OF_TEN[9 - fractionDigits];
      if (truncated == 0) {
        out.append(".0");
      } else {
        pad(out.append('.'), truncated, fractionDigits);
      }
    }
    return out;
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }
}
