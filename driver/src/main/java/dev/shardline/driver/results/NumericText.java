package dev.shardline.driver.results;

/**
 * The shape of a number written as text, which decides how Connector/J reads it: text with an
 * 'e' or a '.' goes through {@code double} (so "12.50" read as a BigDecimal is 12.5, and "1." is
 * 1), digits that fit a {@code long} through {@code long}, longer digits through BigInteger.
 * Leading spaces, a plus sign and anything else are not numbers.
 *
 * <p>Scans the characters instead of matching Connector/J's regular expressions, which compile a
 * pattern on every call.
 */
enum NumericText {
  EMPTY,
  FLOATING,
  INTEGER,
  BIG_INTEGER,
  NOT_A_NUMBER;

  /** Signed 64-bit values have at most 19 digits; 19 digits starting 0-8 always fit. */
  private static final int LONG_DIGITS = 19;

  static NumericText of(String s) {
    int length = s.length();
    if (length == 0) {
      return EMPTY;
    }
    if (s.indexOf('e') >= 0 || s.indexOf('E') >= 0) {
      return FLOATING;
    }
    boolean negative = s.charAt(0) == '-';
    int start = negative ? 1 : 0;
    int dot = -1;
    for (int i = start; i < length; i++) {
      char c = s.charAt(i);
      if (c == '.' && dot < 0) {
        dot = i;
      } else if (c < '0' || c > '9') {
        return NOT_A_NUMBER;
      }
    }
    if (dot >= 0) {
      return FLOATING; // -?\d*\.\d* ; a lone "." then fails to parse as a double
    }
    if (start == length) {
      return NOT_A_NUMBER;
    }
    char first = s.charAt(0);
    return negative || (length <= LONG_DIGITS && first <= '8') ? INTEGER : BIG_INTEGER;
  }
}
