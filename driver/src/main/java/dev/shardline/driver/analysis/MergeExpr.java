package dev.shardline.driver.analysis;

import java.util.List;

/**
 * An expression the driver evaluates itself when it merges nodes' rows: over aggregates combined
 * across nodes (a select item such as {@code SUM(a) / COUNT(*)}, a HAVING condition, an ORDER BY on
 * an aggregate). The analysis compiles the SQL expression into this small tree; anything it cannot
 * compile is refused, never approximated.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface MergeExpr {
  /** A column of each node's partial rows (a group key, or a value that is the same for the whole group). */
  record Column(int index) implements MergeExpr {}

  /** A partial aggregate combined across nodes: {@link ScatterQuery#partials()} entry {@code index}. */
  record Partial(int index) implements MergeExpr {}

  /** {@code AVG(x)}: the combined SUM divided by the combined COUNT, with MySQL's scale. */
  record Average(int sumPartial, int countPartial) implements MergeExpr {}

  /** A literal: Long, java.math.BigDecimal, Double, String, or null for NULL. */
  record Literal(Object value) implements MergeExpr {}

  /** The value bound to JDBC parameter {@code index} (1-based). */
  record Param(int index) implements MergeExpr {}

  record Binary(Op op, MergeExpr left, MergeExpr right) implements MergeExpr {}

  record Not(MergeExpr operand) implements MergeExpr {}

  record IsNull(MergeExpr operand, boolean negated) implements MergeExpr {}

  /** {@code COALESCE(a, b, ...)} and {@code IFNULL(a, b)}. */
  record Coalesce(List<MergeExpr> operands) implements MergeExpr {
    public Coalesce {
      operands = List.copyOf(operands);
    }
  }

  /** Binary operators, with MySQL's meaning. */
  enum Op {
    ADD, SUBTRACT, MULTIPLY, DIVIDE, INTEGER_DIVIDE, MODULO, EQUALS, NOT_EQUALS, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL, AND, OR
  }
}
