package dev.shardline.driver.results;

import dev.shardline.driver.analysis.MergeExpr;
import dev.shardline.driver.analysis.ScatterQuery;
import dev.shardline.driver.analysis.ScatterQuery.Output;
import dev.shardline.driver.analysis.ScatterQuery.Partial;
import dev.shardline.driver.analysis.ScatterQuery.SortKey;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GROUPS-mode merge: every node's partial rows (one per group and node) read, combined per
 * group, then the select items, HAVING, ORDER BY and LIMIT evaluated by the driver. The groups are
 * held in memory, bounded by {@code shardline.scatter.maxRows}: past it the statement fails with a
 * clear error rather than an OutOfMemoryError.
 *
 * <p>Not thread safe: one merge per execution.
 */
final class CombinedGroups {
  /** One group: the first partial row seen (its keys and per-group values) and the combined partials. */
  private static final class Group {
    final Object[] first;
    final Object[] partials;
    final byte[][] weights;

    Group(Object[] first, int partialCount) {
      this.first = first;
      this.partials = new Object[partialCount];
      this.weights = new byte[partialCount][];
    }
  }

  private final ScatterQuery query;
  private final List<Object> parameters;
  private final ResultSetMetaData meta;
  private final boolean[] textColumns;

  private CombinedGroups(ScatterQuery query, List<Object> parameters, ResultSetMetaData meta) throws SQLException {
    this.query = query;
    this.parameters = parameters;
    this.meta = meta;
    this.textColumns = new boolean[meta.getColumnCount()];
    for (int c = 0; c < textColumns.length; c++) {
      textColumns[c] = MergedRows.isText(meta.getColumnType(c + 1));
    }
  }

  static ResultSet open(ScatterQuery query, List<ResultSet> sources, List<String> nodes, List<Object> parameters, Statement owner, long maxRows,
      ScatterMerge.SourceFailures failures) throws SQLException {
    CombinedGroups merge = new CombinedGroups(query, parameters, sources.get(0).getMetaData());
    Map<List<Object>, Group> groups = merge.combine(sources, nodes, maxRows, failures);
    return merge.answer(groups, owner);
  }

  private Map<List<Object>, Group> combine(List<ResultSet> sources, List<String> nodes, long maxRows, ScatterMerge.SourceFailures failures)
      throws SQLException {
    Map<List<Object>, Group> groups = new LinkedHashMap<>();
    int columns = meta.getColumnCount();
    for (int s = 0; s < sources.size(); s++) {
      ResultSet rs = sources.get(s);
      try {
        while (rs.next()) {
          Object[] row = new Object[columns];
          for (int c = 0; c < columns; c++) {
            row[c] = rs.getObject(c + 1);
          }
          List<Object> key = new ArrayList<>(query.groupColumns().size());
          for (int k = 0; k < query.groupColumns().size(); k++) {
            int column = query.groupColumns().get(k);
            key.add(textColumns[column] ? MergedRows.wrap((byte[]) row[query.groupWeightColumns().get(k)]) : MergedRows.normalise(row[column]));
          }
          Group group = groups.get(key);
          if (group == null) {
            if (groups.size() >= maxRows) {
              throw new SQLException("the groups of this query span nodes and are combined in memory; there are more than " + maxRows
                  + " (shardline.scatter.maxRows): narrow the query, group on the shard key, or raise the bound", "HY000");
            }
            group = new Group(row, query.partials().size());
            groups.put(key, group);
          }
          add(group, row);
        }
      } catch (SQLException e) {
        if ("HY000".equals(e.getSQLState()) && e.getMessage().contains("shardline.scatter.maxRows")) {
          throw e; // the node's stream is sound; closing its statement drains it
        }
        failures.failed(s, e);
        throw new SQLException("node " + nodes.get(s) + " failed while its groups were being combined: " + e.getMessage(), e.getSQLState(),
            e.getErrorCode(), e);
      }
    }
    return groups;
  }

  private void add(Group group, Object[] row) throws SQLException {
    List<Partial> partials = query.partials();
    for (int p = 0; p < partials.size(); p++) {
      Partial partial = partials.get(p);
      Object value = row[partial.column()];
      switch (partial.kind()) {
        case COUNT, SUM -> group.partials[p] = SqlValues.sum(group.partials[p], value);
        case MIN, MAX -> {
          if (value == null) {
            break;
          }
          byte[] weight = partial.weightColumn() >= 0 && textColumns[partial.column()] ? (byte[]) row[partial.weightColumn()] : null;
          if (group.partials[p] == null || better(partial.kind(), value, weight, group.partials[p], group.weights[p])) {
            group.partials[p] = value;
            group.weights[p] = weight;
          }
        }
      }
    }
  }

  private static boolean better(ScatterQuery.PartialKind kind, Object value, byte[] weight, Object held, byte[] heldWeight) throws SQLException {
    int c = weight != null && heldWeight != null ? java.util.Arrays.compareUnsigned(weight, heldWeight) : SqlValues.compare(value, held);
    return kind == ScatterQuery.PartialKind.MIN ? c < 0 : c > 0;
  }

  // --- evaluating what the application asked for ------------------------------------------

  private ResultSet answer(Map<List<Object>, Group> groups, Statement owner) throws SQLException {
    List<Output> outputs = query.outputs();
    List<Object[]> rows = new ArrayList<>();
    List<Object[]> sortValues = new ArrayList<>();
    for (Group group : groups.values()) {
      if (query.having() != null && !Boolean.TRUE.equals(SqlValues.truth(evaluate(query.having(), group)))) {
        continue;
      }
      Object[] row = new Object[outputs.size()];
      for (int o = 0; o < row.length; o++) {
        row[o] = evaluate(outputs.get(o).value(), group);
      }
      rows.add(row);
      sortValues.add(sortKeys(group));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      order.add(i);
    }
    if (!query.order().isEmpty()) {
      SQLException[] failure = {null};
      order.sort((a, b) -> {
        try {
          return SqlValues.compareSortKeys(query.order(), sortValues.get(a), sortValues.get(b));
        } catch (SQLException e) {
          failure[0] = e;
          return 0;
        }
      });
      if (failure[0] != null) {
        throw failure[0];
      }
    }
    long skip = query.offset() == null ? 0 : query.offset().value(parameters);
    long count = query.limit() == null ? Long.MAX_VALUE : query.limit().value(parameters);
    List<Object[]> answer = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      if (i < skip) {
        continue;
      }
      if (answer.size() >= count) {
        break;
      }
      answer.add(rows.get(order.get(i)));
    }
    return RowsResultSet.of(ColumnSet.from(metadata(answer)), answer, owner);
  }

  private Object[] sortKeys(Group group) throws SQLException {
    List<SortKey> keys = query.order();
    Object[] values = new Object[keys.size()];
    for (int k = 0; k < values.length; k++) {
      SortKey key = keys.get(k);
      if (key.weightPartial() >= 0) {
        values[k] = group.weights[key.weightPartial()] != null ? group.weights[key.weightPartial()] : evaluate(key.value(), group);
      } else if (key.weightColumn() >= 0 && key.value() instanceof MergeExpr.Column c && textColumns[c.index()]) {
        values[k] = group.first[key.weightColumn()];
      } else {
        Object value = evaluate(key.value(), group);
        if (value instanceof String) {
          throw new SQLException("ORDER BY a text value computed from groups of several nodes cannot be sorted by its collation;"
              + " order by a grouped column or an aggregate", "0AS01");
        }
        values[k] = value;
      }
    }
    return values;
  }

  private Object evaluate(MergeExpr e, Group group) throws SQLException {
    if (e instanceof MergeExpr.Column c) {
      return group.first[c.index()];
    }
    if (e instanceof MergeExpr.Partial p) {
      Object value = group.partials[p.index()];
      return value == null && query.partials().get(p.index()).kind() == ScatterQuery.PartialKind.COUNT ? 0L : value;
    }
    if (e instanceof MergeExpr.Average a) {
      return SqlValues.average(group.partials[a.sumPartial()], group.partials[a.countPartial()]);
    }
    if (e instanceof MergeExpr.Literal l) {
      return l.value();
    }
    if (e instanceof MergeExpr.Param p) {
      return p.index() <= parameters.size() ? parameters.get(p.index() - 1) : null;
    }
    if (e instanceof MergeExpr.Not n) {
      Boolean t = SqlValues.truth(evaluate(n.operand(), group));
      return SqlValues.bool(t == null ? null : !t);
    }
    if (e instanceof MergeExpr.IsNull n) {
      boolean isNull = evaluate(n.operand(), group) == null;
      return SqlValues.bool(n.negated() != isNull);
    }
    if (e instanceof MergeExpr.Coalesce c) {
      for (MergeExpr operand : c.operands()) {
        Object value = evaluate(operand, group);
        if (value != null) {
          return value;
        }
      }
      return null;
    }
    MergeExpr.Binary b = (MergeExpr.Binary) e;
    if (b.op() == MergeExpr.Op.AND || b.op() == MergeExpr.Op.OR) {
      Boolean left = SqlValues.truth(evaluate(b.left(), group));
      Boolean right = SqlValues.truth(evaluate(b.right(), group));
      if (b.op() == MergeExpr.Op.AND) {
        return SqlValues.bool(Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right) ? Boolean.FALSE : left == null || right == null ? null : Boolean.TRUE);
      }
      return SqlValues.bool(Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right) ? Boolean.TRUE : left == null || right == null ? null : Boolean.FALSE);
    }
    Object left = evaluate(b.left(), group);
    Object right = evaluate(b.right(), group);
    return switch (b.op()) {
      case ADD -> SqlValues.add(left, right);
      case SUBTRACT -> SqlValues.subtract(left, right);
      case MULTIPLY -> SqlValues.multiply(left, right);
      case DIVIDE -> SqlValues.divide(left, right);
      case INTEGER_DIVIDE -> SqlValues.integerDivide(left, right);
      case MODULO -> SqlValues.modulo(left, right);
      default -> comparison(b.op(), left, right);
    };
  }

  private static Object comparison(MergeExpr.Op op, Object left, Object right) throws SQLException {
    if (left == null || right == null) {
      return null;
    }
    if (left instanceof String || right instanceof String) {
      throw new SQLException("comparing text values computed from groups of several nodes needs their collation; the driver refuses it"
          + " rather than compare them by Java's order", "0AS01");
    }
    int c = SqlValues.compare(left, right);
    return SqlValues.bool(switch (op) {
      case EQUALS -> c == 0;
      case NOT_EQUALS -> c != 0;
      case LESS -> c < 0;
      case LESS_OR_EQUAL -> c <= 0;
      case GREATER -> c > 0;
      default -> c >= 0;
    });
  }

  /** The merged columns: a node column's metadata under the item's label, or a computed column typed by its values. */
  private ResultSetMetaData metadata(List<Object[]> rows) throws SQLException {
    List<DerivedMetaData.Spec> specs = new ArrayList<>();
    List<Output> outputs = query.outputs();
    for (int o = 0; o < outputs.size(); o++) {
      Output output = outputs.get(o);
      if (output.metaColumn() >= 0) {
        specs.add(DerivedMetaData.Spec.of(output.metaColumn() + 1, output.label()));
        continue;
      }
      Object sample = null;
      for (Object[] row : rows) {
        if (row[o] != null) {
          sample = row[o];
          break;
        }
      }
      specs.add(computed(output, sample));
    }
    return new DerivedMetaData(meta, specs);
  }

  private DerivedMetaData.Spec computed(Output output, Object sample) throws SQLException {
    if (sample instanceof Double || sample instanceof Float) {
      return new DerivedMetaData.Spec(0, output.label(), Types.DOUBLE, "DOUBLE", Double.class.getName(), 22, 31);
    }
    if (sample instanceof Long || sample instanceof Integer) {
      return new DerivedMetaData.Spec(0, output.label(), Types.BIGINT, "BIGINT", Long.class.getName(), 21, 0);
    }
    if (sample instanceof String) {
      return new DerivedMetaData.Spec(0, output.label(), Types.VARCHAR, "VARCHAR", String.class.getName(), 255, 0);
    }
    int scale = sample instanceof BigDecimal d ? Math.max(0, d.scale()) : SqlValues.DIVISION_SCALE_INCREMENT;
    if (output.value() instanceof MergeExpr.Average a) {
      int sumColumn = query.partials().get(a.sumPartial()).column() + 1;
      int type = meta.getColumnType(sumColumn);
      if (type == Types.DOUBLE || type == Types.FLOAT || type == Types.REAL) {
        return new DerivedMetaData.Spec(0, output.label(), Types.DOUBLE, "DOUBLE", Double.class.getName(), 22, 31);
      }
      scale = Math.min(30, Math.max(0, meta.getScale(sumColumn)) + SqlValues.DIVISION_SCALE_INCREMENT);
    }
    return new DerivedMetaData.Spec(0, output.label(), Types.DECIMAL, "DECIMAL", BigDecimal.class.getName(), 65, scale);
  }
}
