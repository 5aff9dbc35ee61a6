package dev.shardline.driver.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The text MariaDB sends for a DOUBLE or FLOAT value on the text protocol, which Connector/J
 * parses for its getters and hands out as is for {@code getBytes}.
 *
 * <p>The server writes the shortest digits that read back as the double (a FLOAT: the value
 * rounded to 6 significant digits), without an exponent when the decimal point falls within
 * 15 digits of the first digit (1e14 is "100000000000000", 1e15 is "1e15", 1.5e-15 is
 * "0.0000000000000015", 1.5e-16 is "1.5e-16"), and in exponent form with a lowercase e, no plus
 * sign and no ".0" otherwise (measured on MariaDB 10.11 against its ma_gcvt). On JDK 17 the
 * shortest digits come from Double.toString, which in rare cases prints one digit more than
 * the server.
 *
 * <p>So a FLOAT read as a double is that 6-digit text parsed: FLOAT 1.1 reads as 1.1 (not
 * 1.100000023841858) and FLOAT 1234567 as 1234570.0, as through Connector/J.
 */
final class ServerNumberText {
  private static final MathContext FLOAT_DIGITS = new MathContext(6, RoundingMode.HALF_EVEN);
  /** DBL_DIG: beyond 15 digits of integer part, or 14 zeros after the point, the server writes an exponent. */
  private static final int PLAIN_DIGITS = 15;

  private ServerNumberText() {}

  static String ofDouble(double d) {
    if (d == 0 || Double.isNaN(d) || Double.isInfinite(d)) {
      return d == 0 ? "0" : Double.toString(d);
    }
    return format(BigDecimal.valueOf(d));
  }

  static String ofFloat(float f) {
    if (f == 0 || Float.isNaN(f) || Float.isInfinite(f)) {
      return f == 0 ? "0" : Float.toString(f);
    }
    return format(floatDigits(f));
  }

  /** What Connector/J's getDouble answers for a FLOAT column holding this value. */
  static double floatAsDouble(float f) {
    if (f == 0 || Float.isNaN(f) || Float.isInfinite(f)) {
      return f;
    }
    return floatDigits(f).doubleValue();
  }

  private static BigDecimal floatDigits(float f) {
    return new BigDecimal(f).round(FLOAT_DIGITS);
  }

  private static String format(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int length = digits.length();
    int decimalPoint = length - stripped.scale(); // digits before the point, as dtoa's decpt
    StringBuilder out = new StringBuilder(length + 8);
    if (stripped.signum() < 0) {
      out.append('-');
    }
    boolean plain = decimalPoint >= -PLAIN_DIGITS + 1 && (decimalPoint <= PLAIN_DIGITS || length > decimalPoint);
    if (plain) {
      if (decimalPoint <= 0) {
        out.append("0.");
        for (int i = decimalPoint; i < 0; i++) {
          out.append('0');
        }
        out.append(digits);
      } else if (decimalPoint < length) {
        out.append(digits, 0, decimalPoint).append('.').append(digits, decimalPoint, length);
      } else {
        out.append(digits);
        for (int i = length; i < decimalPoint; i++) {
          out.append('0');
        }
      }
    } else {
      out.append(digits.charAt(0));
      if (length > 1) {
        out.append('.').append(digits, 1, length);
      }
      out.append('e').append(decimalPoint - 1);
    }
    return out.toString();
  }
}
