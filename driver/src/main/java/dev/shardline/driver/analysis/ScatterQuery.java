package dev.shardline.driver.analysis;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * How a SELECT with no key (or with keys on several nodes) is answered by every node it needs and
 * merged into one result, or why it cannot be. Built by the analysis once per SQL string.
 *
 * <p>Each node runs {@link #nodeSql}: the application's statement with extra (hidden) columns the
 * merge needs appended to its select list, and rewritten where a clause cannot run per node. Two
 * modes:
 *
 * <ul>
 *   <li>{@link Mode#ROWS}: the nodes' rows are the answer's rows (a plain query, or one grouped on
 *       the shard key, whose groups each live on one node). Each node sorts and limits its own rows
 *       ({@code LIMIT offset + count}); the driver merges the sorted streams, skips the offset and
 *       stops at the count, without holding rows in memory. The first columns of each node's row
 *       are the application's; the hidden ones follow.
 *   <li>{@link Mode#GROUPS}: aggregates or groups spread over nodes. Each node returns partial
 *       aggregates per group (no HAVING, ORDER BY or LIMIT); the driver combines them per group
 *       ({@code COUNT}s and {@code SUM}s add, {@code MIN}/{@code MAX} compare, {@code AVG} is the
 *       combined SUM over the combined COUNT), then evaluates the select items, HAVING, ORDER BY
 *       and LIMIT itself. Every column of the node's rows is hidden (the driver's own).
 * </ul>
 *
 * Column indexes in this class count from the first hidden column: {@code index 0} is column
 * {@code columnCount - hiddenColumns + 1} of a node's result.
 *
 * <p>Values compared across nodes (sort keys, group keys, DISTINCT, MIN/MAX of strings) come with
 * their {@code WEIGHT_STRING()}, the server's own sort key under the column's collation, so the merge
 * orders and groups strings exactly as MySQL does.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScatterQuery {
  /** See the class comment. */
  public enum Mode { ROWS, GROUPS }

  /** How a partial aggregate combines across nodes. */
  public enum PartialKind {
    /** Counts add up (also COUNT(DISTINCT shard column), whose values each live on one node). */
    COUNT,
    /** Sums add up, NULL when every node's is NULL. */
    SUM,
    MIN,
    MAX
  }

  /** A partial aggregate: its column, and the column of its weight (MIN/MAX of strings), or -1. */
  public record Partial(PartialKind kind, int column, int weightColumn) {}

  /**
   * A sort key. ROWS mode: {@code value} is a {@link MergeExpr.Column}. GROUPS mode: any expression
   * over the group; its weight is the weight column of a pushed-down value, or of a MIN/MAX partial.
   */
  public record SortKey(MergeExpr value, int weightColumn, int weightPartial, boolean ascending) {}

  /** A column compared for DISTINCT across nodes (ROWS mode): its value and weight columns. */
  public record DistinctKey(int visibleColumn, int weightColumn) {}

  /**
   * One column of the merged result (GROUPS mode).
   *
   * @param label the column's label, or null to keep the label of {@code metaColumn}
   * @param metaColumn the node column whose metadata it has, or -1 when the driver computes the
   *     value (AVG, an expression), in which case its type follows the computed values
   */
  public record Output(String label, MergeExpr value, int metaColumn) {}

  /** A LIMIT or OFFSET: a literal, or the value of a JDBC parameter. */
  public record Bound(long literal, int parameter) {
    public long value(List<Object> parameters) throws SQLException {
      if (parameter == 0) {
        return literal;
      }
      Object v = parameter <= parameters.size() ? parameters.get(parameter - 1) : null;
      if (v instanceof Number n && n.longValue() >= 0 && n.doubleValue() == n.longValue()) {
        return n.longValue();
      }
      throw new SQLException("parameter " + parameter + " holds a LIMIT or OFFSET and must be a non-negative integer, was " + v, "22023");
    }
  }

  private final Mode mode;
  private final SqlTemplate nodeSql;
  private final int hiddenColumns;
  private final boolean distinct;
  private final List<DistinctKey> distinctKeys;
  private final List<SortKey> order;
  private final Bound limit;
  private final Bound offset;
  private final List<Integer> groupColumns;
  private final List<Integer> groupWeightColumns;
  private final List<Partial> partials;
  private final List<Output> outputs;
  private final MergeExpr having;
  private final String description;

  ScatterQuery(Mode mode, SqlTemplate nodeSql, int hiddenColumns, boolean distinct, List<DistinctKey> distinctKeys, List<SortKey> order,
      Bound limit, Bound offset, List<Integer> groupColumns, List<Integer> groupWeightColumns, List<Partial> partials,
      List<Output> outputs, MergeExpr having, String description) {
    this.mode = mode;
    this.nodeSql = nodeSql;
    this.hiddenColumns = hiddenColumns;
    this.distinct = distinct;
    this.distinctKeys = List.copyOf(distinctKeys);
    this.order = List.copyOf(order);
    this.limit = limit;
    this.offset = offset;
    this.groupColumns = List.copyOf(groupColumns);
    this.groupWeightColumns = List.copyOf(groupWeightColumns);
    this.partials = List.copyOf(partials);
    this.outputs = List.copyOf(outputs);
    this.having = having;
    this.description = description;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * The SQL one node runs, with the execution's parameters (they fill a per-node LIMIT).
   *
   * @param keys for a statement whose IN list of keys is pruned per node, the indexes (into {@link
   *     StatementAnalysis#keys()}) of the keys this node holds; null to keep the list as written
   */
  public NodeSql nodeSql(List<Object> parameters, Set<Integer> keys) throws SQLException {
    return nodeSql.render(parameters, keys);
  }

  /** How many trailing columns of each node's result are the driver's own (all of them in GROUPS mode). */
  public int hiddenColumns() {
    return hiddenColumns;
  }

  /** SELECT DISTINCT: rows equal across nodes are returned once (ROWS mode). */
  public boolean distinct() {
    return distinct;
  }

  public List<DistinctKey> distinctKeys() {
    return distinctKeys;
  }

  public List<SortKey> order() {
    return order;
  }

  /** The LIMIT's row count, or null. */
  public Bound limit() {
    return limit;
  }

  /** The OFFSET, or null. */
  public Bound offset() {
    return offset;
  }

  public List<Integer> groupColumns() {
    return groupColumns;
  }

  public List<Integer> groupWeightColumns() {
    return groupWeightColumns;
  }

  public List<Partial> partials() {
    return partials;
  }

  public List<Output> outputs() {
    return outputs;
  }

  /** The HAVING condition evaluated on combined groups (GROUPS mode), or null. */
  public MergeExpr having() {
    return having;
  }

  /** The merge in words, for explain. */
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return "ScatterQuery[" + mode + ", " + description + ", node SQL " + nodeSql + "]";
  }
}
