package dev.shardline.directory;

import java.time.Duration;
import java.util.Locale;

/** Durations as operators write them in messages and logs: {@code 250ms}, {@code 2s}, {@code 2.4s}. Stateless. */
final class Durations {
  private Durations() {}

  static String format(Duration d) {
    if (d.isNegative() || d.getSeconds() > 1_000_000_000L) {
      return d.toString();
    }
    long nanos = d.toNanos();
    if (nanos < 1_000) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000) {
      return nanos / 1_000 + "us";
    }
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  static String formatNanos(long nanos) {
    return format(Duration.ofNanos(nanos));
  }
}
