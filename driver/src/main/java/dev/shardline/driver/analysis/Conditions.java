package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.MemberOfExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * The conjuncts of a condition's top-level AND chain: for {@code a AND (b AND c) AND (d OR e)}
 * they are {@code a}, {@code b}, {@code c} and {@code (d OR e)}. A condition whose top level is
 * an OR or XOR has no conjuncts, since no single term constrains every row.
 *
 * <p><b>JSqlParser 5.3 precedence bug.</b> 5.3 parses {@code x IN (1, 2) AND y = 3} as
 * {@code x IN ((1, 2) AND y = 3)}: the right side of IN (and of MEMBER OF) swallows the rest of
 * the condition, including any OR (JSqlParser issues #2244, #2282; fixed in 5.4). Taken at face
 * value this hides conjuncts, and worse, hides a top-level OR. So the condition is first
 * flattened into its operands and AND/OR operators in textual order, with a swallowing IN turned
 * back into a prefix of the operand that follows it, and the top level is read from that flat
 * sequence: any OR/XOR there means no conjuncts; otherwise every operand is one. With a correct
 * parser the flat sequence is just the AND chain, so this stays right after an upgrade. Other
 * constructs that swallow the rest of a condition are caught by {@link Misassociation}.
 */
final class Conditions {
  private static final Object AND = new Object();
  private static final Object OR = new Object();

  /** An IN, MEMBER OF or NOT that applies to the next operand of the flat sequence. */
  private record Prefix(Expression owner) {}

  private Conditions() {}

  /** The top-level conjuncts of {@code condition} (empty for null or an OR/XOR at the top). */
  static List<Expression> conjuncts(Expression condition) {
    List<Expression> out = new ArrayList<>();
    if (condition != null) {
      collect(condition, out);
    }
    return out;
  }

  private static void collect(Expression condition, List<Expression> out) {
    List<Object> flat = new ArrayList<>();
    flatten(condition, flat);
    for (Object item : flat) {
      if (item == OR) {
        return; // an OR or XOR at the top: no term constrains every row
      }
    }
    List<Object> prefixes = new ArrayList<>();
    for (Object item : flat) {
      if (item instanceof Prefix) {
        prefixes.add(item);
      } else if (item instanceof Expression operand) {
        Expression rebuilt = rebuild(prefixes, operand);
        prefixes.clear();
        Expression inner = parenthesised(rebuilt);
        if (inner != null) {
          collect(inner, out); // (a AND b) in an AND chain: its conjuncts are conjuncts too
        } else {
          out.add(rebuilt);
        }
      }
    }
  }

  private static void flatten(Expression e, List<Object> out) {
    if (e instanceof AndExpression and) {
      flatten(and.getLeftExpression(), out);
      out.add(AND);
      flatten(and.getRightExpression(), out);
    } else if (e instanceof OrExpression or) {
      flatten(or.getLeftExpression(), out);
      out.add(OR);
      flatten(or.getRightExpression(), out);
    } else if (e instanceof XorExpression xor) {
      flatten(xor.getLeftExpression(), out);
      out.add(OR);
      flatten(xor.getRightExpression(), out);
    } else if (e instanceof InExpression in && isLogical(in.getRightExpression())) {
      out.add(new Prefix(in));
      flatten(in.getRightExpression(), out);
    } else if (e instanceof MemberOfExpression member && isLogical(member.getRightExpression())) {
      out.add(new Prefix(member));
      flatten(member.getRightExpression(), out);
    } else if (e instanceof NotExpression not && swallows(not.getExpression())) {
      out.add(new Prefix(not));
      flatten(not.getExpression(), out);
    } else {
      out.add(e);
    }
  }

  /** Re-applies the prefixes (innermost last) to the operand they were separated from. */
  private static Expression rebuild(List<Object> prefixes, Expression operand) {
    Expression result = operand;
    for (int i = prefixes.size() - 1; i >= 0; i--) {
      Expression owner = ((Prefix) prefixes.get(i)).owner();
      if (owner instanceof InExpression in) {
        InExpression repaired = new InExpression(in.getLeftExpression(), result);
        repaired.setNot(in.isNot());
        repaired.setGlobal(in.isGlobal());
        result = repaired;
      } else if (owner instanceof MemberOfExpression member) {
        result = new MemberOfExpression(member.getLeftExpression(), result).setNot(member.isNot());
      } else {
        NotExpression not = (NotExpression) owner;
        result = new NotExpression(result, not.isExclamationMark());
      }
    }
    return result;
  }

  /** True for an expression whose parse swallowed the rest of the condition (5.3 bug). */
  private static boolean swallows(Expression e) {
    if (e instanceof InExpression in) {
      return isLogical(in.getRightExpression());
    }
    if (e instanceof MemberOfExpression member) {
      return isLogical(member.getRightExpression());
    }
    return e instanceof NotExpression not && swallows(not.getExpression());
  }

  private static boolean isLogical(Expression e) {
    return e instanceof AndExpression || e instanceof OrExpression || e instanceof XorExpression;
  }

  /** The condition inside {@code ( ... )}, or null when {@code e} is not a parenthesised condition. */
  private static Expression parenthesised(Expression e) {
    if (e instanceof ParenthesedExpressionList<?> list && !(e instanceof RowConstructor<?>) && list.size() == 1) {
      return list.get(0);
    }
    return null;
  }
}
