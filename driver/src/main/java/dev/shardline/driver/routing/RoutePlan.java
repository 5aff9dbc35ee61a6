package dev.shardline.driver.routing;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where one execution of a statement goes, and what SQL runs there. The reason is built only when
 * asked for (explain), never on the hot path.
 *
 * <p>Immutable.
 */
public final class RoutePlan {
  /** The shape of the execution. */
  public enum Shape {
    /** One target. */
    SINGLE,
    /** A multi-row INSERT cut into one INSERT per node, run in node order. */
    SPLIT,
    /** DDL or a broadcast write: the same SQL on every node that holds data, in id order. */
    EVERY_NODE,
    /**
     * No node can hold a row the statement touches (its explicit key is unknown to the directory):
     * nothing runs. A SELECT answers an empty result with the statement's columns (read from the
     * target without executing it), an UPDATE or DELETE answers 0.
     */
    NO_ROWS,
    /**
     * A SELECT answered by several nodes together: each target runs its node's form of the query
     * (see {@link #merge()}), in parallel, and the driver merges their results.
     */
    SCATTER
  }

  /** What a scatter plan's results are merged by: the query's merge description and the bound values it may read. */
  public record Merge(dev.shardline.driver.analysis.ScatterQuery query, List<Object> parameters) {}

  private final Shape shape;
  private final List<Target> targets;
  private final String sql;
  private final Supplier<String> why;
  private final Merge merge;

  RoutePlan(Shape shape, List<Target> targets, String sql, Supplier<String> why) {
    this(shape, targets, sql, why, null);
  }

  RoutePlan(Shape shape, List<Target> targets, String sql, Supplier<String> why, Merge merge) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a route plan needs a target");
    }
    this.shape = shape;
    this.targets = List.copyOf(targets);
    this.sql = sql;
    this.why = why;
    this.merge = merge;
  }

  /** For {@link Shape#SCATTER}: how the nodes' results merge; null otherwise. */
  public Merge merge() {
    return merge;
  }

  /** A plan of one target. */
  public static RoutePlan single(Target target, String sql, Supplier<String> why) {
    return new RoutePlan(Shape.SINGLE, List.of(target), sql, why);
  }

  public Shape shape() {
    return shape;
  }

  public List<Target> targets() {
    return targets;
  }

  public Target first() {
    return targets.get(0);
  }

  /** The SQL to run: the application's, or the analysis' rewrite of it (an INSERT given its column list). */
  public String sql() {
    return sql;
  }

  /** The SQL for one target: its part of a split INSERT, or the plan's SQL. */
  public String sql(Target target) {
    return target.nodeSql() != null ? target.nodeSql().sql() : sql;
  }

  /** The routing decision in words. */
  public String reason() {
    return why.get();
  }

  @Override
  public String toString() {
    return "RoutePlan[" + shape + " " + targets + "]";
  }
}
