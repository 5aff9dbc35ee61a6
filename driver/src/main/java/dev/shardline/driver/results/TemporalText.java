package dev.shardline.driver.results;

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

  /** Which of MySQL's three shapes a value has. */
  enum Shape { DATE, TIME, DATETIME }

  /**
   * A date, a time or both, field by field, not yet checked to be a real one: text may say
   * 2024-02-30 or 25:00:00, and what that reads as depends on the getter (Connector/J reads
   * a date's text as a time of midnight without looking at the date). A negative time has a
   * negative hour.
   */
  record Fields(Shape shape, int year, int month, int day, int hour, int minute, int second, int nanos) {
    static Fields of(LocalDate d) {
      return new Fields(Shape.DATE, d.getYear(), d.getMonthValue(), d.getDayOfMonth(), 0, 0, 0, 0);
    }

    static Fields of(LocalTime t) {
      return new Fields(Shape.TIME, 1970, 1, 1, t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
    }

    static Fields of(LocalDateTime dt) {
      return new Fields(Shape.DATETIME, dt.getYear(), dt.getMonthValue(), dt.getDayOfMonth(), dt.getHour(), dt.getMinute(), dt.getSecond(), dt.getNano());
    }
  }

  /** The fields of text in one of the three shapes, or null when it has none of them. */
  static Fields parse(String s) {
    if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 7);
      int day = digits(s, 8, 10);
      return (year | month | day) < 0 ? null : new Fields(Shape.DATE, year, month, day, 0, 0, 0, 0);
    }
    if (TIME.matcher(s).matches()) {
      boolean negative = s.charAt(0) == '-';
      int colon = s.indexOf(':');
      int hours = digits(s, negative ? 1 : 0, colon);
      return new Fields(Shape.TIME, 1970, 1, 1, negative ? -hours : hours, digits(s, colon + 1, colon + 3), digits(s, colon + 4, colon + 6), nanos(s, colon + 7));
    }
    if (DATETIME.matcher(s).matches()) {
      return new Fields(Shape.DATETIME, digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10),
          digits(s, 11, 13), digits(s, 14, 16), digits(s, 17, 19), nanos(s, 20));
    }
    return null;
  }

  /** A fraction of up to 9 digits starting at {@code from}, in nanoseconds; 0 when there is none. */
  private static int nanos(String s, int from) {
    if (from >= s.length()) {
      return 0;
    }
    return digits(s, from, s.length()) * POWERS_OF_TEN[9 - (s.length() - from)];
  }

  /** The number the digits make, or -1 when one is not a digit (the patterns check times; dates are checked here). */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
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
