package dev.shardline.driver.routing;

import dev.shardline.directory.ShardKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SQL type of a shard column, and how a key value is made canonical by it, so that two values
 * MySQL stores as the same key are one key in the directory.
 *
 * <ul>
 *   <li><b>Integer columns</b> (TINYINT ... BIGINT, signed or unsigned): any Java integer, an
 *       integral BigDecimal, or a string of digits (surrounding spaces and a sign allowed) is the
 *       decimal text of its value: {@code '0950001'}, {@code 950001L} and {@code " 950001"} are one
 *       key. A value the column cannot hold (out of its range, not an integer, {@code 'abc'}) is
 *       refused before anything is assigned or executed.
 *   <li><b>String columns</b> (CHAR, VARCHAR, BINARY, VARBINARY): only strings. Trailing spaces are
 *       dropped under PAD SPACE collations (MariaDB's and MySQL 5.7's {@code _bin} and {@code _ci}
 *       collations), kept under NO PAD ones ({@code _nopad_}, MySQL 8's {@code _0900_}).
 *       Case-insensitive collations ({@code _ci}) fold ASCII letters to lower case; a key with any
 *       other character under {@code _ci} or {@code _cs} collations is refused, because their
 *       equality (accents, expansions) cannot be reproduced exactly here. {@code _bin} and binary
 *       columns compare code points / bytes exactly. Numbers are refused for string columns:
 *       MySQL compares a string column with a number as doubles, so {@code WHERE col = 42}
 *       matches {@code '42'}, {@code '042'} and {@code '42.0'}, keys that may live on three nodes.
 *   <li><b>Unknown</b> (no schema information yet, for example a table declared by property and not
 *       created): the generic {@link ShardKey#of} rules.
 * </ul>
 *
 * <p>Immutable and thread safe.
 */
public final class KeyType {
  private enum Family { INTEGER, STRING, UNKNOWN, UNSUPPORTED }

  public static final KeyType UNKNOWN = new KeyType(Family.UNKNOWN, "unknown", null, null, false, false, false);

  private static final Pattern INTEGER_TEXT = Pattern.compile(" *[-+]?[0-9]+ *");

  private final Family family;
  private final String description;
  private final BigInteger min;
  private final BigInteger max;
  /** The range as longs, for the hot path; null where it does not fit (an unsigned BIGINT's maximum). */
  private final Long minLong;
  private final Long maxLong;
  private final boolean padSpace;
  private final boolean foldCase;
  private final boolean exact;

  private KeyType(Family family, String description, BigInteger min, BigInteger max, boolean padSpace, boolean foldCase, boolean exact) {
    this.family = family;
    this.description = description;
    this.min = min;
    this.max = max;
    this.minLong = min == null || min.bitLength() > 63 ? null : min.longValue();
    this.maxLong = max == null || max.bitLength() > 63 ? null : max.longValue();
    this.padSpace = padSpace;
    this.foldCase = foldCase;
    this.exact = exact;
  }

  /**
   * The key type of a column as information_schema describes it.
   *
   * @param dataType DATA_TYPE, e.g. {@code bigint}, {@code varchar}
   * @param columnType COLUMN_TYPE, e.g. {@code bigint(20) unsigned}
   * @param collation COLLATION_NAME, null for non-string columns
   */
  public static KeyType of(String dataType, String columnType, String collation) {
    String type = dataType == null ? "" : dataType.toLowerCase(Locale.ROOT);
    boolean unsigned = columnType != null && columnType.toLowerCase(Locale.ROOT).contains("unsigned");
    int bits = switch (type) {
      case "tinyint" -> 8;
      case "smallint" -> 16;
      case "mediumint" -> 24;
      case "int", "integer" -> 32;
      case "bigint" -> 64;
      default -> 0;
    };
    String described = columnType == null ? type : columnType.toLowerCase(Locale.ROOT);
    if (bits > 0) {
      BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
      BigInteger max = unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE) : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
      return new KeyType(Family.INTEGER, described, min, max, false, false, false);
    }
    switch (type) {
      case "char", "varchar" -> {
        String c = collation == null ? "" : collation.toLowerCase(Locale.ROOT);
        boolean noPad = c.contains("nopad") || c.contains("_0900_");
        boolean bin = c.endsWith("_bin") || c.equals("binary");
        boolean ci = c.contains("_ci");
        return new KeyType(Family.STRING, described + (c.isEmpty() ? "" : " " + c), null, null, !noPad, ci, bin);
      }
      case "binary", "varbinary" -> {
        return new KeyType(Family.STRING, described, null, null, false, false, true);
      }
      default -> {
        return new KeyType(Family.UNSUPPORTED, described, null, null, false, false, false);
      }
    }
  }

  /** Whether this is the unknown type (no schema information). */
  public boolean isUnknown() {
    return family == Family.UNKNOWN;
  }

  /**
   * The type that keys of a statement over columns of both types must satisfy, or null when the
   * two cannot share keys (an integer and a string column).
   */
  KeyType combine(KeyType other) {
    if (other == null || other.family == Family.UNKNOWN || other == this) {
      return this;
    }
    if (family == Family.UNKNOWN) {
      return other;
    }
    if (family != other.family || family == Family.UNSUPPORTED) {
      return null;
    }
    if (family == Family.INTEGER) {
      // A key outside a narrower column's range simply matches nothing there.
      return new KeyType(Family.INTEGER, description, min.min(other.min), max.max(other.max), false, false, false);
    }
    boolean same = padSpace == other.padSpace && foldCase == other.foldCase && exact == other.exact;
    return same ? this : null;
  }

  /**
   * The canonical key of {@code value} for a column of this type.
   *
   * @throws IllegalArgumentException saying why the column cannot hold the value
   */
  public ShardKey canonical(Object value) {
    return switch (family) {
      case UNKNOWN -> ShardKey.of(value);
      case INTEGER -> ShardKey.of(integer(value));
      case STRING -> ShardKey.of(string(value));
      case UNSUPPORTED -> throw new IllegalArgumentException(
          "the shard column is of type " + description + ", which Shardline cannot shard on; use an integer or a CHAR/VARCHAR column");
    };
  }

  private Object integer(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      long v = ((Number) value).longValue();
      // The hot path (a bound long well inside the column's range) stays in long arithmetic.
      if ((minLong != null && v >= minLong) && (maxLong == null || v <= maxLong)) {
        return value;
      }
      return inRange(BigInteger.valueOf(v));
    }
    BigInteger big;
    if (value instanceof BigInteger b) {
      big = b;
    } else if (value instanceof BigDecimal d) {
      try {
        big = d.toBigIntegerExact();
      } catch (ArithmeticException notIntegral) {
        throw new IllegalArgumentException(d.toPlainString() + " is not an integer, and the shard column is " + description);
      }
    } else if (value instanceof String s) {
      if (!INTEGER_TEXT.matcher(s).matches()) {
        throw new IllegalArgumentException("'" + abbreviate(s) + "' is not an integer, and the shard column is " + description);
      }
      String digits = s.strip();
      big = new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
    } else {
      String type = value == null ? "null" : value.getClass().getSimpleName();
      throw new IllegalArgumentException("a shard key of type " + type + " cannot be used for the " + description
          + " shard column; bind an integer (setLong) or a string of digits");
    }
    return inRange(big);
  }

  private BigInteger inRange(BigInteger big) {
    if (big.compareTo(min) < 0 || big.compareTo(max) > 0) {
      throw new IllegalArgumentException(big + " is outside the range of the " + description + " shard column (" + min + " to " + max + ")");
    }
    return big;
  }

  private String string(Object value) {
    if (!(value instanceof String s)) {
      String type = value == null ? "null" : value.getClass().getSimpleName();
      throw new IllegalArgumentException("a shard key of type " + type + " cannot be used for the " + description
          + " shard column: MySQL would compare it as a number and match several keys; bind it as a String (setString)");
    }
    String text = padSpace ? stripTrailingSpaces(s) : s;
    if (exact) {
      return text;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException("'" + abbreviate(s) + "' has a character (U+" + String.format("%04X", (int) c)
            + ") whose equality under the " + description + " collation Shardline cannot reproduce exactly;"
            + " shard on a _bin collation to use such keys");
      }
    }
    return foldCase ? text.toLowerCase(Locale.ROOT) : text;
  }

  private static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  @Override
  public String toString() {
    return description;
  }
}
