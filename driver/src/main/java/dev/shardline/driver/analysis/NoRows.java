package dev.shardline.driver.analysis;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * Decides on the parse tree whether a SELECT's answer cannot depend on any table's data because
 * its top level reads no row (schema tools send {@code WHERE 1=0} and {@code LIMIT 0} probes to
 * read a result set's metadata; any node answers them alike).
 *
 * <p>True for {@code LIMIT 0} (a literal row count of 0) on the top-level SELECT or on a top-level
 * set operation's own LIMIT; and for a top-level plain SELECT whose WHERE has a constant false
 * among its top-level AND conjuncts ({@code 0}, {@code false}, {@code NULL}, {@code 1=0},
 * {@code 1<>1}, ... parenthesised or not), provided no subquery could still put data into the one
 * row an aggregate returns over no rows: none in the select list, GROUP BY, HAVING or ORDER BY,
 * and FROM and the joins are plain tables (no derived table, LATERAL or table function).
 *
 * <p>Never true for a constant false under OR or NOT, in a subquery, a UNION branch, a JOIN ON
 * or a CTE body, nor when the conditions cannot be trusted ({@code ||}, a mis-associated term).
 * This replaces a regular expression that matched {@code WHERE 0} inside a subquery.
 */
final class NoRows {
  private NoRows() {}

  static boolean of(Select select, boolean trustConditions) {
    if (select instanceof ParenthesedSelect parenthesed) {
      return isZero(parenthesed.getLimit()) || (parenthesed.getSelect() != null && of(parenthesed.getSelect(), trustConditions));
    }
    if (select instanceof SetOperationList union) {
      return isZero(union.getLimit()); // a branch's own LIMIT 0 or WHERE 0 leaves the other branches' rows
    }
    if (select instanceof PlainSelect plain) {
      return isZero(plain.getLimit()) || (trustConditions && constantFalse(plain.getWhere()) && nothingReadDespiteNoRows(plain));
    }
    return false;
  }

  /**
   * Whether one plain SELECT reads no row of its own FROM tables ({@code LIMIT 0} or a constant
   * false in its WHERE's AND chain), whatever its select list: for a subquery, whose tables then
   * need no key.
   */
  static boolean levelReadsNoRows(PlainSelect plain, boolean trustConditions) {
    return isZero(plain.getLimit()) || (trustConditions && constantFalse(plain.getWhere()));
  }

  private static boolean isZero(Limit limit) {
    if (limit == null || limit.isLimitAll() || limit.isLimitNull()) {
      return false;
    }
    BigInteger rows = integer(limit.getRowCount());
    return rows != null && rows.signum() == 0;
  }

  private static boolean constantFalse(Expression where) {
    List<Expression> conjuncts = Conditions.conjuncts(where);
    if (conjuncts.stream().noneMatch(NoRows::isConstantFalse)) {
      return false;
    }
    return conjuncts.stream().noneMatch(Misassociation::in); // a mis-associated term may hide an OR in the chain
  }

  private static boolean isConstantFalse(Expression term) {
    Expression e = Literals.unwrap(term);
    if (e instanceof NullValue) {
      return true;
    }
    if (e instanceof BooleanValue bool) {
      return !bool.getValue();
    }
    BigInteger number = integer(e);
    if (number != null) {
      return number.signum() == 0;
    }
    if (e instanceof EqualsTo equals) {
      BigInteger left = integer(equals.getLeftExpression());
      BigInteger right = integer(equals.getRightExpression());
      return left != null && right != null && !left.equals(right);
    }
    if (e instanceof NotEqualsTo notEquals) {
      BigInteger left = integer(notEquals.getLeftExpression());
      BigInteger right = integer(notEquals.getRightExpression());
      return left != null && right != null && left.equals(right);
    }
    return false;
  }

  /** No subquery that an aggregate's one row over no rows could still show, and no FROM item that is a query. */
  private static boolean nothingReadDespiteNoRows(PlainSelect plain) {
    if (!(plain.getFromItem() == null || plain.getFromItem() instanceof Table)) {
      return false;
    }
    for (Join join : plain.getJoins() == null ? List.<Join>of() : plain.getJoins()) {
      FromItem item = join.getFromItem();
      if (!(item instanceof Table)) {
        return false;
      }
    }
    List<Expression> shown = new ArrayList<>();
    for (SelectItem<?> item : plain.getSelectItems() == null ? List.<SelectItem<?>>of() : plain.getSelectItems()) {
      shown.add(item.getExpression());
    }
    if (plain.getGroupBy() != null && plain.getGroupBy().getGroupByExpressionList() != null) {
      for (Object e : plain.getGroupBy().getGroupByExpressionList()) {
        shown.add((Expression) e);
      }
    }
    shown.add(plain.getHaving());
    for (OrderByElement element : plain.getOrderByElements() == null ? List.<OrderByElement>of() : plain.getOrderByElements()) {
      shown.add(element.getExpression());
    }
    return SubqueryFinder.in(shown).isEmpty();
  }

  /** An integer literal, signed or parenthesised, else null. */
  private static BigInteger integer(Expression e) {
    Long value = Literals.integerLiteral(e);
    if (value != null) {
      return BigInteger.valueOf(value);
    }
    Expression body = Literals.unwrap(e);
    if (body instanceof LongValue big) {
      try {
        return big.getBigIntegerValue(); // beyond a long: still a number
      } catch (NumberFormatException notDecimal) {
        return null;
      }
    }
    return null;
  }
}
