package dev.shardline.driver.results;

import dev.shardline.driver.analysis.ScatterQuery;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * MySQL's meaning of the values the merge combines and compares: numbers of the Java types
 * Connector/J returns (Long, Integer, BigDecimal, Double, ...), with exact arithmetic where MySQL's
 * is exact (integers and DECIMAL), DECIMAL division at {@code div_precision_increment} (4) more
 * digits, NULL propagation, and three-valued logic.
 *
 * <p>Strings are never compared here by Java's order: a merge compares them by their weights
 * ({@code WEIGHT_STRING()}), which only the server computes correctly for a collation.
 *
 * <p>Stateless and thread safe.
 */
final class SqlValues {
  /** MySQL's div_precision_increment default: a DECIMAL quotient has this many more digits of scale. */
  static final int DIVISION_SCALE_INCREMENT = 4;
  private static final int MAX_SCALE = 30;

  private SqlValues() {}

  static boolean isNumber(Object v) {
    return v instanceof Number || v instanceof Boolean;
  }

  private static boolean approximate(Object v) {
    return v instanceof Double || v instanceof Float;
  }

  static BigDecimal decimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (v instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (v instanceof Double || v instanceof Float) {
      return BigDecimal.valueOf(((Number) v).doubleValue());
    }
    return BigDecimal.valueOf(((Number) v).longValue());
  }

  private static double real(Object v) {
    return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
  }

  /**
   * The natural order of two non-null values of the same column: numbers numerically, dates and
   * times chronologically, bytes unsigned. Strings compare by Java's order only as a last resort,
   * for values whose weights are not known.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) throws SQLException {
    if (isNumber(a) && isNumber(b)) {
      if (approximate(a) || approximate(b)) {
        return Double.compare(real(a), real(b));
      }
      return decimal(a).compareTo(decimal(b));
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.compareUnsigned(x, y);
    }
    if (a instanceof Comparable c && a.getClass() == b.getClass()) {
      return c.compareTo(b);
    }
    throw new SQLDataException("cannot compare " + a.getClass().getSimpleName() + " with " + b.getClass().getSimpleName() + " while merging", "22018");
  }

  /** Nulls first, as MySQL sorts them ascending. */
  static int compareNullsFirst(Object a, Object b) throws SQLException {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return compare(a, b);
  }

  /** Two rows' sort keys compared under {@code order} (nulls first ascending, as MySQL sorts). */
  static int compareSortKeys(List<ScatterQuery.SortKey> order, Object[] a, Object[] b) throws SQLException {
    for (int k = 0; k < a.length; k++) {
      int c = compareNullsFirst(a[k], b[k]);
      if (c != 0) {
        return order.get(k).ascending() ? c : -c;
      }
    }
    return 0;
  }

  /** A + B, skipping nulls: how partial SUMs combine (NULL only when every part is NULL). */
  static Object sum(Object total, Object part) throws SQLException {
    if (part == null) {
      return total;
    }
    if (total == null) {
      return part;
    }
    return arithmetic('+', total, part);
  }

  static Object add(Object a, Object b) throws SQLException {
    return a == null || b == null ? null : arithmetic('+', a, b);
  }

  static Object subtract(Object a, Object b) throws SQLException {
    return a == null || b == null ? null : arithmetic('-', a, b);
  }

  static Object multiply(Object a, Object b) throws SQLException {
    return a == null || b == null ? null : arithmetic('*', a, b);
  }

  /** A / B: NULL on division by zero; DECIMAL with 4 more digits of scale than A for exact operands. */
  static Object divide(Object a, Object b) throws SQLException {
    if (a == null || b == null) {
      return null;
    }
    requireNumbers(a, b);
    if (approximate(a) || approximate(b)) {
      double divisor = real(b);
      return divisor == 0 ? null : real(a) / divisor;
    }
    BigDecimal divisor = decimal(b);
    if (divisor.signum() == 0) {
      return null;
    }
    BigDecimal dividend = decimal(a);
    int scale = Math.min(MAX_SCALE, Math.max(0, dividend.scale()) + DIVISION_SCALE_INCREMENT);
    return dividend.divide(divisor, scale, RoundingMode.HALF_UP);
  }

  /** AVG: the combined SUM over the combined COUNT, at the SUM's scale plus 4. */
  static Object average(Object sum, Object count) throws SQLException {
    if (sum == null || count == null || decimal(count).signum() == 0) {
      return null;
    }
    return divide(sum, count);
  }

  static Object integerDivide(Object a, Object b) throws SQLException {
    if (a == null || b == null) {
      return null;
    }
    requireNumbers(a, b);
    BigDecimal divisor = decimal(b);
    if (divisor.signum() == 0) {
      return null;
    }
    return decimal(a).divideToIntegralValue(divisor).longValueExact();
  }

  static Object modulo(Object a, Object b) throws SQLException {
    if (a == null || b == null) {
      return null;
    }
    requireNumbers(a, b);
    if (approximate(a) || approximate(b)) {
      double divisor = real(b);
      return divisor == 0 ? null : real(a) % divisor;
    }
    BigDecimal divisor = decimal(b);
    if (divisor.signum() == 0) {
      return null;
    }
    BigDecimal r = decimal(a).remainder(divisor);
    return exactIntegers(a, b) ? (Object) r.longValueExact() : r;
  }

  private static Object arithmetic(char op, Object a, Object b) throws SQLException {
    requireNumbers(a, b);
    if (approximate(a) || approximate(b)) {
      double x = real(a);
      double y = real(b);
      return op == '+' ? x + y : op == '-' ? x - y : x * y;
    }
    if (exactIntegers(a, b)) {
      long x = ((Number) a).longValue();
      long y = ((Number) b).longValue();
      try {
        return op == '+' ? Math.addExact(x, y) : op == '-' ? Math.subtractExact(x, y) : Math.multiplyExact(x, y);
      } catch (ArithmeticException overflow) {
        throw new SQLDataException("BIGINT value is out of range in the merged expression (" + x + " " + op + " " + y + ")", "22003");
      }
    }
    BigDecimal x = decimal(a);
    BigDecimal y = decimal(b);
    return op == '+' ? x.add(y) : op == '-' ? x.subtract(y) : x.multiply(y);
  }

  private static boolean exactIntegers(Object a, Object b) {
    return isLongLike(a) && isLongLike(b);
  }

  private static boolean isLongLike(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof Boolean;
  }

  private static void requireNumbers(Object a, Object b) throws SQLException {
    if (!isNumber(a) || !isNumber(b)) {
      throw new SQLDataException("arithmetic on " + a.getClass().getSimpleName() + " and " + b.getClass().getSimpleName()
          + " is not merged by the driver; only numbers", "22018");
    }
  }

  /** A condition's truth: NULL is unknown (null), zero is false, any other number true. */
  static Boolean truth(Object v) throws SQLException {
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return approximate(n) ? n.doubleValue() != 0 : decimal(n).signum() != 0;
    }
    throw new SQLDataException("a " + v.getClass().getSimpleName() + " is not a condition the driver can evaluate while merging", "22018");
  }

  /** A comparison's or logic operation's result as MySQL gives it: 1, 0, or NULL. */
  static Object bool(Boolean b) {
    return b == null ? null : (b ? 1L : 0L);
  }
}
