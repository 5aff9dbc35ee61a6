package dev.shardline.driver.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumericTextTest {
  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource(quoteCharacter = '~', value = {
      "~~, EMPTY",
      "12, INTEGER",
      "-12, INTEGER",
      "0, INTEGER",
      "9223372036854775807, BIG_INTEGER",
      "8999999999999999999, INTEGER",
      "9000000000000000000, BIG_INTEGER",
      "18446744073709551615, BIG_INTEGER",
      "-99999999999999999999, INTEGER",
      "12.50, FLOATING",
      ".5, FLOATING",
      "1., FLOATING",
      "-., FLOATING",
      "., FLOATING",
      "1e3, FLOATING",
      "1E3, FLOATING",
      "true, FLOATING",
      "abc e, FLOATING",
      "~ 12~, NOT_A_NUMBER",
      "+5, NOT_A_NUMBER",
      "-, NOT_A_NUMBER",
      "1.2.3, NOT_A_NUMBER",
      "12a, NOT_A_NUMBER",
      "Y, NOT_A_NUMBER",
      "0x1F, NOT_A_NUMBER"})
  void shapesAsConnectorJReadsThem(String text, NumericText shape) {
    assertEquals(shape, NumericText.of(text));
  }
}
