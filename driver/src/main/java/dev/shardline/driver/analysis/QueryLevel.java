package dev.shardline.driver.analysis;

import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;

/**
 * One query level (a plain SELECT, or the target tables of an UPDATE/DELETE): its FROM items and
 * joins in a {@link TableScope}, and the keys its WHERE and ON conditions prove.
 */
final class QueryLevel {
  private final TableScope scope;
  private final KeyFinder.Result keys;

  private QueryLevel(TableScope scope, KeyFinder.Result keys) {
    this.scope = scope;
    this.keys = keys;
  }

  /**
   * @param from the first FROM item (null for {@code SELECT 1})
   * @param joins the joins that follow it (comma joins included), may be null
   * @param where the WHERE condition, may be null
   * @param trustConditions false when the text holds constructs JSqlParser reads differently
   *     from MySQL ({@code ||}), so no condition may prove a key
   */
  static QueryLevel of(TableRules rules, Set<String> cteNames, FromItem from, List<Join> joins, Expression where, boolean trustConditions) {
    TableScope scope = new TableScope(rules, cteNames);
    if (from != null) {
      scope.add(from);
    }
    int[] joinIndex = new int[joins == null ? 0 : joins.size()];
    for (int j = 0; j < joinIndex.length; j++) {
      joinIndex[j] = scope.add(joins.get(j).getFromItem());
    }
    KeyFinder finder = new KeyFinder(scope);
    if (trustConditions) {
      finder.inner(where);
      for (int j = 0; j < joinIndex.length; j++) {
        join(finder, scope, joins.get(j), joinIndex[j]);
      }
    }
    return new QueryLevel(scope, trustConditions ? finder.result() : KeyFinder.Result.NONE);
  }

  private static void join(KeyFinder finder, TableScope scope, Join join, int index) {
    boolean outer = join.isLeft() || join.isRight() || join.isFull() || join.isOuter() || join.isSemi() || join.isApply();
    for (Expression on : join.getOnExpressions() == null ? List.<Expression>of() : join.getOnExpressions()) {
      if (outer) {
        finder.outer(on);
      } else {
        finder.inner(on);
      }
    }
    for (Column using : join.getUsingColumns() == null ? List.<Column>of() : join.getUsingColumns()) {
      finder.sameColumn(index, Names.normalize(using.getColumnName()));
    }
    TableScope.Ref ref = scope.refs().get(index);
    if (join.isNatural() && ref.sharded()) {
      finder.sameColumn(index, ref.shardColumn());
    }
  }

  TableScope scope() {
    return scope;
  }

  KeyFinder.Result keys() {
    return keys;
  }

  /** Number of sharded tables at this level (a self-join counts twice). */
  int shardedCount() {
    return scope.sharded().size();
  }
}
