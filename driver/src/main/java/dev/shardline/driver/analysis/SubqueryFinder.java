package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The subqueries directly inside an expression ({@code (SELECT ...)}, {@code EXISTS (...)},
 * {@code IN (SELECT ...)}, {@code = ANY (SELECT ...)}), without looking into them: each is a
 * query level of its own.
 *
 * <p>Built on JSqlParser's {@link ExpressionVisitorAdapter}, which walks into operators, functions,
 * CASE and the like. It does not know every construct; a subquery it misses is caught by the
 * count of SELECT keywords in {@link StatementLevels}, which refuses the statement.
 */
final class SubqueryFinder extends ExpressionVisitorAdapter<Void> {
  private final List<Select> found = new ArrayList<>();

  private SubqueryFinder() {}

  /** The subqueries of the expressions, in the order met; null expressions are skipped. */
  static List<Select> in(Iterable<? extends Expression> expressions) {
    SubqueryFinder finder = new SubqueryFinder();
    for (Expression expression : expressions) {
      if (expression != null) {
        expression.accept(finder, null);
      }
    }
    return finder.found;
  }

  @Override
  public <S> Void visit(ParenthesedSelect select, S context) {
    found.add(select);
    return null;
  }

  @Override
  public <S> Void visit(Select select, S context) {
    found.add(select);
    return null;
  }

  @Override
  public <S> Void visit(AnyComparisonExpression any, S context) {
    if (any.getSelect() != null) {
      found.add(any.getSelect());
    }
    return null;
  }
}
