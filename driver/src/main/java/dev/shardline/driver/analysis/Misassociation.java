package dev.shardline.driver.analysis;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Detects a condition term that JSqlParser put together wrongly: an AND, OR or XOR that is a
 * direct operand of a comparison, arithmetic, INTERVAL, IN, ... without parentheses.
 *
 * <p>SQL precedence makes that impossible in a correct tree: comparison and arithmetic bind
 * tighter than AND/OR, so a logical operator can only sit below another logical operator, a NOT,
 * or inside a boundary that starts a new condition (parentheses, function arguments, CASE,
 * subqueries). JSqlParser 5.3 breaks this for several constructs whose operand it reads as a
 * whole condition, e.g. {@code created > NOW() - INTERVAL ? DAY AND user_id = ?} becomes
 * {@code INTERVAL (? DAY AND user_id = ?)}. Such a term may hide an OR that is really at the top
 * level, so a condition containing one proves no key. {@link Conditions} repairs the frequent
 * IN / MEMBER OF case first; this check catches the others, including ones not known today.
 *
 * <p>The walk follows the public zero-argument getters that return an {@link Expression}, so it
 * needs no knowledge of every expression class. A getter that fails makes the term suspect.
 */
final class Misassociation {
  private static final int MAX_DEPTH = 200;
  private static final ClassValue<List<Method>> CHILDREN = new ClassValue<>() {
    @Override
    protected List<Method> computeValue(Class<?> type) {
      List<Method> getters = new ArrayList<>();
      for (Method m : type.getMethods()) {
        if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && !m.isBridge() && !m.isSynthetic()
            && Expression.class.isAssignableFrom(m.getReturnType()) && m.getName().startsWith("get")) {
          getters.add(m);
        }
      }
      return List.copyOf(getters);
    }
  };

  private Misassociation() {}

  /** True when {@code term} (a conjunct, or an operand) holds a logical operator where none can be. */
  static boolean in(Expression term) {
    return walk(term, true, 0);
  }

  private static boolean walk(Expression e, boolean logicalAllowed, int depth) {
    if (e == null) {
      return false;
    }
    if (depth > MAX_DEPTH) {
      return true;
    }
    if (e instanceof AndExpression || e instanceof OrExpression || e instanceof XorExpression) {
      BinaryExpression binary = (BinaryExpression) e;
      return !logicalAllowed
          || walk(binary.getLeftExpression(), true, depth + 1)
          || walk(binary.getRightExpression(), true, depth + 1);
    }
    if (isBoundary(e)) {
      return false;
    }
    if (e instanceof NotExpression not) {
      // NOT (a AND b) keeps its parentheses in the tree, so a bare logical operand is misplaced
      return walk(not.getExpression(), false, depth + 1);
    }
    for (Method getter : CHILDREN.get(e.getClass())) {
      Object child;
      try {
        child = getter.invoke(e);
      } catch (ReflectiveOperationException | RuntimeException unreadable) {
        return true;
      }
      if (child instanceof Expression expression && walk(expression, false, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Where a new, complete condition may start: parentheses and lists, functions, CASE, subqueries. */
  private static boolean isBoundary(Expression e) {
    return e instanceof ExpressionList<?>
        || e instanceof Function
        || e instanceof CaseExpression
        || e instanceof WhenClause
        || e instanceof AnalyticExpression
        || e instanceof Select;
  }
}
