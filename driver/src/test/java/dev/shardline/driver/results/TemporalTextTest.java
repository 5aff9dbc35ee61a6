package dev.shardline.driver.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shardline.driver.results.TemporalText.Fields;
import dev.shardline.driver.results.TemporalText.Shape;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemporalTextTest {
  @Test
  void readsTheThreeShapesFieldByFieldWithoutJudgingThem() {
    assertEquals(new Fields(Shape.DATE, 2024, 2, 30, 0, 0, 0, 0), TemporalText.parse("2024-02-30"));
    assertEquals(new Fields(Shape.TIME, 1970, 1, 1, 12, 34, 56, 0), TemporalText.parse("12:34:56"));
    assertEquals(new Fields(Shape.TIME, 1970, 1, 1, 25, 0, 0, 500_000_000), TemporalText.parse("25:00:00.5"));
    assertEquals(new Fields(Shape.TIME, 1970, 1, 1, -838, 59, 59, 0), TemporalText.parse("-838:59:59"));
    assertEquals(new Fields(Shape.DATETIME, 2024, 1, 2, 3, 4, 5, 123_456_789), TemporalText.parse("2024-01-02 03:04:05.123456789"));
    assertEquals(new Fields(Shape.DATETIME, 2024, 1, 2, 3, 4, 5, 120_000_000), TemporalText.parse("2024-01-02 03:04:05.12"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2024-1-02", "20x4-01-02", "12:34", "1:02:03", "2024-01-02T03:04:05", "2024-01-02 03:04", "12:34:56.", "12:34:56.1234567890", "abc"})
  void anythingElseHasNoShape(String text) {
    assertNull(TemporalText.parse(text));
  }

  @Test
  void datesArePaddedAsMySqlWritesThem() {
    assertEquals("0005-01-09", TemporalText.date(LocalDate.of(5, 1, 9)));
    assertEquals("2024-12-31", TemporalText.date(LocalDate.of(2024, 12, 31)));
  }

  @ParameterizedTest(name = "{0} nanos with {1} digits: getString {2}, server {3}")
  @CsvSource(quoteCharacter = '~', value = {
      "0, 0, 03:04:05, 03:04:05",
      "0, 6, 03:04:05, 03:04:05.000000",
      "120000000, 3, 03:04:05.120, 03:04:05.120",
      "100000000, 2, 03:04:05.10, 03:04:05.10",
      "1000, 3, 03:04:05.0, 03:04:05.000",
      "1000, 6, 03:04:05.000001, 03:04:05.000001",
      "500000000, -1, 03:04:05.5, 03:04:05.5",
      "123456789, -1, 03:04:05.123456789, 03:04:05.123456789",
      "0, -1, 03:04:05, 03:04:05"})
  void fractionsFollowTheColumnsDigits(int nanos, int digits, String getString, String serverText) {
    LocalTime time = LocalTime.of(3, 4, 5, nanos);
    assertEquals(getString, TemporalText.time(time, digits, false));
    assertEquals(serverText, TemporalText.time(time, digits, true));
    assertEquals("2024-01-02 " + getString, TemporalText.dateTime(LocalDateTime.of(LocalDate.of(2024, 1, 2), time), digits, false));
  }
}
