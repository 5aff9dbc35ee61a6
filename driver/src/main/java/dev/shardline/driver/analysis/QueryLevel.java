package dev.shardline.driver.analysis;

import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;

/**
 * One query level (a plain SELECT, or the target tables of an UPDATE/DELETE): its FROM items and
 * joins in a {@link TableScope}, the keys its WHERE and ON conditions prove, and its ties to the
 * level that encloses it ({@link KeyFinder}).
 *
 * <p>A top level ({@link #top()}) is what the statement returns or changes: the statement itself,
 * or one branch of a top-level UNION. Every other level (a subquery, derived table or CTE body)
 * has {@link #construct()}, how an error message names it.
 */
final class QueryLevel {
  private final QueryLevel parent;
  private final boolean top;
  private final String construct;
  private final TableScope scope;
  private final KeyFinder finder;
  private final KeyFinder.Result keys;
  private final boolean trustConditions;
  /** Its own WHERE is constant false, or its LIMIT 0: it reads no row of its tables on any node. */
  private boolean readsNoRows;

  private QueryLevel(QueryLevel parent, boolean top, String construct, TableScope scope, KeyFinder finder, KeyFinder.Result keys,
      boolean trustConditions) {
    this.trustConditions = trustConditions;
    this.parent = parent;
    this.top = top;
    this.construct = construct;
    this.scope = scope;
    this.finder = finder;
    this.keys = keys;
  }

  /**
   * @param parent the enclosing level (null for a top level, and for CTE bodies at the top)
   * @param top true for the statement's own level or a branch of its top-level UNION
   * @param construct how a message names this level when it is not a top level
   * @param from the first FROM item (null for {@code SELECT 1})
   * @param joins the joins that follow it (comma joins included), may be null
   * @param where the WHERE condition, may be null
   * @param trustConditions false when the text holds constructs JSqlParser reads differently
   *     from MySQL ({@code ||}), so no condition may prove a key or a tie
   */
  static QueryLevel of(TableRules rules, Set<String> cteNames, QueryLevel parent, boolean top, String construct, FromItem from,
      List<Join> joins, Expression where, boolean trustConditions) {
    TableScope scope = new TableScope(rules, cteNames, parent == null ? null : parent.scope);
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
    return new QueryLevel(parent, top, construct, scope, finder, trustConditions ? finder.result() : KeyFinder.Result.NONE, trustConditions);
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

  KeyFinder finder() {
    return finder;
  }

  KeyFinder.Result keys() {
    return keys;
  }

  QueryLevel parent() {
    return parent;
  }

  boolean top() {
    return top;
  }

  String construct() {
    return construct;
  }

  /** Why this level's conditions prove nothing (no key, no tie), or null when they can be read. */
  String untrustedBecause() {
    if (!trustConditions) {
      return "the statement holds ||, which MySQL reads as OR and the SQL parser as concatenation";
    }
    if (scope.opaque()) {
      return "a parenthesised join in its FROM clause, whose conditions are not read";
    }
    if (!finder.trusted()) {
      return "a condition the SQL parser may group differently from MySQL, such as INTERVAL ? DAY AND ...; put that expression in"
          + " parentheses or use DATE_SUB/DATE_ADD";
    }
    return null;
  }

  boolean readsNoRows() {
    return readsNoRows;
  }

  QueryLevel readsNoRows(boolean value) {
    readsNoRows = value;
    return this;
  }

  /** Number of sharded tables at this level (a self-join counts twice). */
  int shardedCount() {
    return scope.sharded().size();
  }
}
