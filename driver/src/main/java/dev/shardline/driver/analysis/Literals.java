package dev.shardline.driver.analysis;

import java.math.BigInteger;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * Turns the value side of {@code col = value} (or one INSERT value) into a {@link KeyRef}: a
 * {@code ?} marker, an integer literal or a string literal. Anything else (an expression, a
 * column, NULL, a decimal, a hex or bit literal, a double-quoted token that may be an identifier
 * under ANSI_QUOTES) is not a usable key and yields null.
 */
final class Literals {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Literals() {}

  static KeyRef keyRef(Expression value) {
    Expression e = unwrap(value);
    if (e instanceof JdbcParameter p) {
      // Numbered markers (?1) are refused before we get here; getIndex() was verified against
      // the lexer's count of markers, so it is the JDBC index.
      return p.isUseFixedIndex() || p.getIndex() == null ? null : KeyRef.ofParameter(p.getIndex());
    }
    Long number = integer(e);
    if (number != null) {
      return KeyRef.ofLiteral(number);
    }
    if (e instanceof StringValue s && (s.getPrefix() == null || s.getPrefix().equalsIgnoreCase("N"))) {
      return KeyRef.ofLiteral(unescape(s.getValue()));
    }
    return null;
  }

  /** Removes redundant parentheses: {@code ((?))} is {@code ?}. */
  static Expression unwrap(Expression value) {
    Expression e = value;
    while (true) {
      if (e instanceof ParenthesedExpressionList<?> list && !(e instanceof RowConstructor<?>) && list.size() == 1) {
        e = list.get(0);
      } else {
        return e;
      }
    }
  }

  /** An integer literal, possibly parenthesised ({@code 42}, {@code -42}, {@code (+42)}), that fits a long, else null. */
  static Long integerLiteral(Expression value) {
    return integer(unwrap(value));
  }

  /** An integer literal ({@code 42}, {@code -42}, {@code +42}) that fits a long, else null. */
  private static Long integer(Expression e) {
    int sign = 1;
    Expression body = e;
    if (e instanceof SignedExpression signed && (signed.getSign() == '-' || signed.getSign() == '+')) {
      sign = signed.getSign() == '-' ? -1 : 1;
      body = unwrap(signed.getExpression());
    }
    if (!(body instanceof LongValue value)) {
      return null;
    }
    BigInteger big;
    try {
      big = value.getBigIntegerValue();
    } catch (NumberFormatException notDecimal) {
      return null;
    }
    if (sign < 0) {
      big = big.negate();
    }
    return big.compareTo(LONG_MIN) < 0 || big.compareTo(LONG_MAX) > 0 ? null : big.longValue();
  }

  /**
   * The value of a MySQL string literal's body (between the quotes): doubled quotes and
   * backslash escapes are undone, as the server does outside NO_BACKSLASH_ESCAPES mode.
   */
  static String unescape(String body) {
    if (body.indexOf('\\') < 0 && body.indexOf('\'') < 0 && body.indexOf('"') < 0) {
      return body;
    }
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        char next = body.charAt(++i);
        switch (next) {
          case '0' -> out.append('\0');
          case 'b' -> out.append('\b');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'Z' -> out.append('\u001A');
          case '%', '_' -> out.append('\\').append(next); // kept: they only mean something in LIKE
          default -> out.append(next);
        }
      } else if ((c == '\'' || c == '"') && i + 1 < body.length() && body.charAt(i + 1) == c) {
        out.append(c);
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Canonical text of an integer written in a hint or SET: {@code +007} is {@code 7}. */
  static String canonicalInteger(String digits) {
    return new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits).toString();
  }
}
