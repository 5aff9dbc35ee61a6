package dev.shardline.driver.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every expected text here is what MariaDB 10.11 sent for the value (measured through Connector/J's getBytes). */
class ServerNumberTextTest {
  @ParameterizedTest(name = "DOUBLE {0} is sent as {1}")
  @CsvSource({
      "1e14, 100000000000000",
      "1e15, 1e15",
      "1e16, 1e16",
      "1.5e15, 1.5e15",
      "999999999999999, 999999999999999",
      "123456789012345.6, 123456789012345.6",
      "123456789012345680, 1.2345678901234568e17",
      "12345678901234567890, 1.2345678901234567e19",
      "1e21, 1e21",
      "-1e15, -1e15",
      "1.7976931348623157e308, 1.7976931348623157e308",
      "1e10, 10000000000",
      "-2, -2",
      "100, 100",
      "0.5, 0.5",
      "0.1, 0.1",
      "0.001, 0.001",
      "0.0001, 0.0001",
      "0.00001, 0.00001",
      "1.5e-5, 0.000015",
      "1e-7, 0.0000001",
      "1.23e-10, 0.000000000123",
      "1.5e-14, 0.000000000000015",
      "1.5e-15, 0.0000000000000015",
      "0.3333333333333333, 0.3333333333333333",
      "1.2345678901234567e-5, 0.000012345678901234568",
      "-1.234567890123456e-5, -0.00001234567890123456",
      "123456789.123, 123456789.123",
      "-0.000123456, -0.000123456",
      "0, 0"})
  void doubles(double value, String sent) {
    assertEquals(sent, ServerNumberText.ofDouble(value));
  }

  @ParameterizedTest(name = "FLOAT {0} is sent as {1}")
  @CsvSource({
      "1e15, 1e15",
      "1.5e15, 1.5e15",
      "123456789012345680, 1.23457e17",
      "1234567, 1234570",
      "123456.789, 123457",
      "123456789.123, 123457000",
      "123456789012345.6, 123457000000000",
      "0.3333333333333333, 0.333333",
      "0.1, 0.1",
      "1.1, 1.1",
      "3.4e38, 3.4e38",
      "1e10, 10000000000",
      "1.234567e-7, 0.000000123457",
      "1.2345678901234567e-5, 0.0000123457",
      "-1.23456789012345e-5, -0.0000123457",
      "0, 0"})
  void floats(float value, String sent) {
    assertEquals(sent, ServerNumberText.ofFloat(value));
  }

  @Test
  void aFloatReadsAsTheDoubleOfItsText() {
    assertEquals(1.1, ServerNumberText.floatAsDouble(1.1f));
    assertEquals(1234570.0, ServerNumberText.floatAsDouble(1234567f));
    assertEquals(0.123457, ServerNumberText.floatAsDouble(0.1234567f));
    assertEquals(1e15, ServerNumberText.floatAsDouble(1e15f), "JDK 17's Float.toString says 9.9999999E14");
    assertEquals(-3.4e38, ServerNumberText.floatAsDouble(-3.4e38f));
    assertEquals(0.0, ServerNumberText.floatAsDouble(0f));
  }
}
