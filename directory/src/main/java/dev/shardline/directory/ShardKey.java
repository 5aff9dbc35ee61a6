package dev.shardline.directory;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The value a row is sharded on (for example a {@code user_id}), in canonical text form.
 *
 * <p>Integers of any Java integer type have the decimal text of their value as canonical form, and
 * strings are taken as they are, so {@code setLong(42)}, {@code setInt(42)} and
 * {@code setString("42")} name the same key and route to the same node. Only the text counts:
 * {@code "042"} and {@code " 42"} are different keys from {@code 42}, and string keys are case
 * sensitive.
 *
 * <p>Accepted values:
 *
 * <ul>
 *   <li>{@link Long}, {@link Integer}, {@link Short}, {@link Byte};
 *   <li>{@link BigInteger}, and {@link BigDecimal} with an integral value (such as {@code 42.00}),
 *       between {@code -2^63} and {@code 2^64 - 1}: the values of a {@code BIGINT} or
 *       {@code BIGINT UNSIGNED} column;
 *   <li>a {@link String} that is not blank, of at most {@value #MAX_LENGTH} characters, without
 *       unpaired surrogates (the directory stores keys as UTF-8 bytes, compared exactly).
 * </ul>
 *
 * <p>Anything else ({@code null}, {@code Double}, dates, {@code byte[]}, ...) is refused with an
 * {@link IllegalArgumentException} that names the value's type: a floating-point or temporal
 * value would make two equal-looking keys land on different nodes.
 *
 * <p>Immutable and thread safe.
 */
public final class ShardKey {
  /** The longest key text the directory stores (its primary key column holds 191 characters). */
  public static final int MAX_LENGTH = 191;

  private static final String ACCEPTED =
      "accepted: Long, Integer, Short, Byte, BigInteger or integral BigDecimal within BIGINT"
          + " [UNSIGNED] range, or a non-blank String of at most " + MAX_LENGTH + " characters";
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final String text;

  private ShardKey(String text) {
    this.text = text;
  }

  /**
   * The key for a value read from a statement's parameters or a user's API call.
   *
   * @throws IllegalArgumentException for {@code null}, a blank or over-long string, an integer
   *     out of {@code BIGINT [UNSIGNED]} range, a non-integral number, or any other type
   */
  public static ShardKey of(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return new ShardKey(Long.toString(((Number) value).longValue()));
    }
    if (value instanceof String s) {
      return ofString(s);
    }
    if (value instanceof BigInteger big) {
      return ofBigInteger(big, value);
    }
    if (value instanceof BigDecimal decimal) {
      BigInteger integral;
      try {
        integral = decimal.toBigIntegerExact();
      } catch (ArithmeticException notIntegral) {
        throw new IllegalArgumentException(
            "shard key BigDecimal " + decimal.toPlainString() + " is not an integral value; " + ACCEPTED);
      }
      return ofBigInteger(integral, value);
    }
    String type = value == null ? "null" : value.getClass().getName();
    throw new IllegalArgumentException("shard key of type " + type + " is not supported; " + ACCEPTED);
  }

  /** A key from the directory's own tables, whose text was canonical when it was written. */
  static ShardKey ofStored(String text) {
    return new ShardKey(text);
  }

  private static ShardKey ofString(String s) {
    if (s.isBlank()) {
      throw new IllegalArgumentException(
          "shard key String is " + (s.isEmpty() ? "empty" : "blank") + "; " + ACCEPTED);
    }
    if (s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "shard key String has " + s.length() + " characters, more than " + MAX_LENGTH + "; " + ACCEPTED);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (!paired) {
          throw new IllegalArgumentException(
              "shard key String has an unpaired surrogate at index " + i
                  + ", which has no UTF-8 form; " + ACCEPTED);
        }
        i++;
      }
    }
    return new ShardKey(s);
  }

  private static ShardKey ofBigInteger(BigInteger big, Object original) {
    if (big.compareTo(MIN) < 0 || big.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          "shard key " + original.getClass().getSimpleName() + " " + big
              + " is outside BIGINT [UNSIGNED] range; " + ACCEPTED);
    }
    return new ShardKey(big.toString());
  }

  /** The canonical text: the decimal digits of an integer key, the string itself otherwise. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ShardKey k && k.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The canonical text, as in {@link #text()}. */
  @Override
  public String toString() {
    return text;
  }
}
