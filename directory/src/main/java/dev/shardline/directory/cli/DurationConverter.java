package dev.shardline.directory.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line as operators write them: {@code 500ms}, {@code 10s}, {@code 2m},
 * from 1 ms to 1 hour. Anything else is a usage error naming the value. Stateless.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,7})(ms|s|m)");
  private static final Duration MAX = Duration.ofHours(1);

  @Override
  public Duration convert(String value) {
    Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a duration; write it as 500ms, 10s or 2m");
    }
    long amount = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofMinutes(amount);
    };
    if (d.isZero() || d.compareTo(MAX) > 0) {
      throw new TypeConversionException("duration must be between 1ms and 1h, was " + value);
    }
    return d;
  }

  /** {@code 250ms}, {@code 2s}, {@code 2.4s}: as messages print durations. */
  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }
}
