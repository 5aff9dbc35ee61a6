package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ShardKeyTest {
  @Test
  void integersOfEveryTypeAndTheirDecimalStringAreOneKey() {
    ShardKey fromString = ShardKey.of("42");
    for (Object value :
        new Object[] {42L, 42, (short) 42, (byte) 42, BigInteger.valueOf(42), new BigDecimal("42"), new BigDecimal("42.000")}) {
      ShardKey key = ShardKey.of(value);
      assertEquals(fromString, key, "key of " + value.getClass().getSimpleName());
      assertEquals(fromString.hashCode(), key.hashCode());
      assertEquals("42", key.text());
      assertEquals("42", key.toString());
    }
  }

  @Test
  void negativeAndExtremeIntegersKeepTheirDecimalText() {
    assertEquals("-7", ShardKey.of(-7).text());
    assertEquals(String.valueOf(Long.MIN_VALUE), ShardKey.of(Long.MIN_VALUE).text());
    assertEquals("18446744073709551615", ShardKey.of(new BigInteger("18446744073709551615")).text());
  }

  @Test
  void stringsAreTakenAsTheyAreAndCompareExactly() {
    assertEquals("Alice", ShardKey.of("Alice").text());
    assertNotEquals(ShardKey.of("Alice"), ShardKey.of("alice"));
    assertNotEquals(ShardKey.of("42"), ShardKey.of("042"));
    assertNotEquals(ShardKey.of("a"), ShardKey.of("a "));
    assertEquals(" padded ", ShardKey.of(" padded ").text());
    assertEquals("\uD83D\uDE00 emoji", ShardKey.of("\uD83D\uDE00 emoji").text());
  }

  @Test
  void nullIsRefusedNamingWhatIsAccepted() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardKey.of(null));
    assertTrue(e.getMessage().contains("null"), e.getMessage());
    assertTrue(e.getMessage().contains("accepted: Long, Integer"), e.getMessage());
  }

  @Test
  void emptyAndBlankStringsAreRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardKey.of("")).getMessage().contains("String is empty"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardKey.of(" \t")).getMessage().contains("String is blank"));
  }

  @Test
  void unsupportedTypesAreRefusedNamingTheType() {
    for (Object value : new Object[] {4.2d, 4.2f, LocalDate.of(2024, 1, 1), new byte[] {1}, true, 'c'}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardKey.of(value));
      assertTrue(e.getMessage().contains(value.getClass().getName()), e.getMessage());
      assertTrue(e.getMessage().contains("is not supported"), e.getMessage());
      assertTrue(e.getMessage().contains("accepted:"), e.getMessage());
    }
  }

  @Test
  void nonIntegralAndOutOfRangeNumbersAreRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardKey.of(new BigDecimal("4.5")))
        .getMessage().contains("4.5 is not an integral value"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardKey.of(new BigInteger("18446744073709551616")))
        .getMessage().contains("outside BIGINT [UNSIGNED] range"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardKey.of(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)))
        .getMessage().contains("outside BIGINT [UNSIGNED] range"));
  }

  @Test
  void overLongStringsAndUnpairedSurrogatesAreRefused() {
    ShardKey.of("x".repeat(ShardKey.MAX_LENGTH));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardKey.of("x".repeat(ShardKey.MAX_LENGTH + 1)))
        .getMessage().contains("192 characters, more than 191"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardKey.of("a\uD83Db"))
        .getMessage().contains("unpaired surrogate at index 1"));
    assertThrows(IllegalArgumentException.class, () -> ShardKey.of("a\uDE00"));
  }
}
