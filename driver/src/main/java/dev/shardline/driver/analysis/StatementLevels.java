package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Every query level of one statement: its top level(s) and each subquery, derived table and CTE
 * body below them, with the enclosing level of each ({@link QueryLevel#parent()}), in the order
 * they were built (an enclosing level before the levels inside it).
 *
 * <p>Where subqueries are looked for: a SELECT's select list, FROM (derived tables, LATERAL,
 * {@code (a JOIN b)}, table functions), join conditions, WHERE, GROUP BY, HAVING and ORDER BY;
 * the WITH list of any SELECT; an UPDATE's SET values, joins, WHERE and ORDER BY; a DELETE's joins,
 * WHERE and ORDER BY; an INSERT's VALUES, SET, ON DUPLICATE KEY UPDATE and SELECT. A subquery
 * anywhere else is not analysed, so {@link #missed} compares the SELECT (and TABLE) keywords of the
 * text with the SELECTs seen here: when the text has more, some subquery was not seen, and the
 * statement is refused rather than routed without it.
 *
 * <p>Not thread-safe; one instance per analysis.
 */
final class StatementLevels {
  /** The keys of a top-level SELECT (or one branch of a UNION) and whether it has sharded tables at its top level. */
  record SelectKeys(KeyFinder.Result keys, boolean sharded) {
    static final SelectKeys NONE = new SelectKeys(KeyFinder.Result.NONE, false);
  }

  private static final int MAX_TEXT = 80;

  private final TableRules rules;
  private final boolean trustConditions;
  private final StatementAnalysis.Builder out;
  private final List<QueryLevel> levels = new ArrayList<>();
  private final Map<PlainSelect, QueryLevel> byPlain = new IdentityHashMap<>();
  /** PlainSelects and TABLE statements seen, for the comparison with the text. */
  private int selects;

  StatementLevels(TableRules rules, boolean trustConditions, StatementAnalysis.Builder out) {
    this.rules = rules;
    this.trustConditions = trustConditions;
    this.out = out;
  }

  List<QueryLevel> levels() {
    return levels;
  }

  /** The level built for {@code plain}, or null. */
  QueryLevel levelOf(PlainSelect plain) {
    return byPlain.get(plain);
  }

  /** A statement that is a SELECT: its top level(s) and everything below. */
  SelectKeys top(Select select) {
    return select(select, null, Set.of(), true, null);
  }

  /** An UPDATE: the top level is its tables; SET values, WHERE, joins and ORDER BY may hold subqueries. */
  QueryLevel update(Update update) {
    Set<String> ctes = withItems(update.getWithItemsList(), null, Set.of());
    List<Join> joins = new ArrayList<>();
    addAll(joins, update.getStartJoins());
    if (update.getFromItem() != null) {
      Join from = new Join();
      from.setSimple(true);
      from.setFromItem(update.getFromItem());
      joins.add(from);
    }
    addAll(joins, update.getJoins());
    QueryLevel level = register(QueryLevel.of(rules, ctes, null, true, null, update.getTable(), joins, update.getWhere(), trustConditions));
    List<Expression> expressions = new ArrayList<>();
    for (UpdateSet set : update.getUpdateSets()) {
      addAll(expressions, set.getValues());
    }
    expressions.add(update.getWhere());
    orderBy(expressions, update.getOrderByElements());
    fromItems(level, joins, ctes, expressions);
    subqueries(level, expressions, ctes);
    if (update.getSelect() != null) {
      select(update.getSelect(), level, ctes, false, subquery(update.getSelect()));
    }
    return level;
  }

  /** A DELETE: the top level is its tables; WHERE, joins and ORDER BY may hold subqueries. */
  QueryLevel delete(Delete delete) {
    Set<String> ctes = withItems(delete.getWithItemsList(), null, Set.of());
    List<Join> joins = new ArrayList<>();
    if (delete.getUsingList() != null) {
      for (Table using : delete.getUsingList()) {
        Join join = new Join();
        join.setSimple(true);
        join.setFromItem(using);
        joins.add(join);
      }
    }
    addAll(joins, delete.getJoins());
    QueryLevel level = register(QueryLevel.of(rules, ctes, null, true, null, delete.getTable(), joins, delete.getWhere(), trustConditions));
    List<Expression> expressions = new ArrayList<>();
    expressions.add(delete.getWhere());
    orderBy(expressions, delete.getOrderByElements());
    fromItems(level, joins, ctes, expressions);
    subqueries(level, expressions, ctes);
    return level;
  }

  /**
   * The parts of an INSERT or REPLACE that may read tables: its SELECT or the subqueries in its
   * VALUES, SET and ON DUPLICATE KEY UPDATE. None of them has an enclosing level.
   */
  void insert(String verb, List<WithItem<?>> withItems, Select select, List<UpdateSet> setForm, List<UpdateSet> onDuplicate) {
    Set<String> ctes = withItems(withItems, null, Set.of());
    List<Expression> expressions = new ArrayList<>();
    if (select instanceof Values values) {
      addAll(expressions, values.getExpressions());
    } else if (select != null) {
      select(select, null, ctes, false, "the SELECT of this " + verb + " `" + abbreviate(select) + "`");
    }
    for (List<UpdateSet> sets : List.of(setForm == null ? List.<UpdateSet>of() : setForm, onDuplicate == null ? List.<UpdateSet>of() : onDuplicate)) {
      for (UpdateSet set : sets) {
        addAll(expressions, set.getValues());
      }
    }
    subqueries(null, expressions, ctes);
  }

  /**
   * How many SELECTs of the text were not seen here (0 when all were): the SELECT and TABLE
   * keywords of the statement, less the levels built.
   */
  int missed(LexedSql lexed) {
    int length = lexed.statementLength();
    int inText = 0;
    for (int i = 0; i < length; i++) {
      String word = lexed.word(i);
      boolean qualified = lexed.isPunct(i - 1, '.'); // t.select names a column: after a dot, MySQL reads any word as a name
      if (!qualified && ("SELECT".equals(word) || "TABLE".equals(word))) {
        inText++;
      }
    }
    return Math.max(0, inText - selects);
  }

  private SelectKeys select(Select select, QueryLevel parent, Set<String> outerCtes, boolean top, String construct) {
    Set<String> ctes = withItems(select.getWithItemsList(), parent, outerCtes);
    if (top) {
      out.lockingRead(select.getForMode() != null);
    }
    SelectKeys keys = SelectKeys.NONE;
    if (select instanceof PlainSelect plain) {
      QueryLevel level = plain(plain, parent, ctes, top, construct);
      return new SelectKeys(level.keys(), level.shardedCount() > 0);
    } else if (select instanceof ParenthesedSelect parenthesed && parenthesed.getSelect() != null) {
      keys = select(parenthesed.getSelect(), parent, ctes, top, construct);
    } else if (select instanceof SetOperationList union) {
      keys = union(union, parent, ctes, top, construct);
    } else if (select instanceof TableStatement table) {
      selects++;
      QueryLevel level = register(QueryLevel.of(rules, ctes, parent, top, construct, table.getTable(), null, null, trustConditions));
      keys = new SelectKeys(level.keys(), level.shardedCount() > 0);
    } else if (select instanceof Values values) {
      List<Expression> expressions = new ArrayList<>();
      addAll(expressions, values.getExpressions());
      subqueries(parent, expressions, ctes);
    }
    // ORDER BY of a UNION or of a parenthesised SELECT: evaluated in the enclosing level
    List<Expression> orderBy = new ArrayList<>();
    orderBy(orderBy, select.getOrderByElements());
    subqueries(parent, orderBy, ctes);
    return keys;
  }

  private QueryLevel plain(PlainSelect plain, QueryLevel parent, Set<String> ctes, boolean top, String construct) {
    selects++;
    QueryLevel level = register(
        QueryLevel.of(rules, ctes, parent, top, construct, plain.getFromItem(), plain.getJoins(), plain.getWhere(), trustConditions));
    byPlain.put(plain, level);
    level.readsNoRows(NoRows.levelReadsNoRows(plain, trustConditions));
    List<Expression> expressions = new ArrayList<>();
    for (SelectItem<?> item : plain.getSelectItems() == null ? List.<SelectItem<?>>of() : plain.getSelectItems()) {
      expressions.add(item.getExpression());
    }
    expressions.add(plain.getWhere());
    GroupByElement groupBy = plain.getGroupBy();
    if (groupBy != null) {
      addAll(expressions, groupBy.getGroupByExpressionList());
    }
    expressions.add(plain.getHaving());
    expressions.add(plain.getQualify());
    orderBy(expressions, plain.getOrderByElements());
    List<Join> joins = new ArrayList<>();
    if (plain.getFromItem() != null) {
      Join from = new Join();
      from.setFromItem(plain.getFromItem());
      joins.add(from);
    }
    addAll(joins, plain.getJoins());
    fromItems(level, joins, ctes, expressions);
    subqueries(level, expressions, ctes);
    return level;
  }

  /**
   * Every branch of a UNION is a top level when the UNION is: the keys are the union of the
   * branches' keys, and only exist when every branch on sharded tables has keys. Anything but
   * UNION ALL also compares rows across branches, so the keys must then share a node.
   */
  private SelectKeys union(SetOperationList union, QueryLevel parent, Set<String> ctes, boolean top, String construct) {
    Set<KeyRef> keys = new LinkedHashSet<>();
    boolean mustShareNode = false;
    boolean sharded = false;
    int branchesWithKeys = 0;
    boolean unconstrainedBranch = false;
    for (Select branch : union.getSelects()) {
      SelectKeys branchKeys = select(branch, parent, ctes, top, construct);
      sharded |= branchKeys.sharded();
      unconstrainedBranch |= branchKeys.sharded() && branchKeys.keys().keys().isEmpty();
      if (!branchKeys.keys().keys().isEmpty()) {
        branchesWithKeys++;
      }
      keys.addAll(branchKeys.keys().keys());
      mustShareNode |= branchKeys.keys().mustShareNode();
    }
    if (unconstrainedBranch) {
      return new SelectKeys(KeyFinder.Result.NONE, true);
    }
    boolean allUnionAll = true;
    for (SetOperation operation : union.getOperations()) {
      allUnionAll &= operation instanceof UnionOp op && op.isAll();
    }
    mustShareNode |= branchesWithKeys > 1 && !allUnionAll;
    return new SelectKeys(keys.isEmpty() ? KeyFinder.Result.NONE : new KeyFinder.Result(List.copyOf(keys), mustShareNode), sharded);
  }

  /** Analyses the bodies of a WITH list; returns the CTE names visible to the statement that owns it. */
  private Set<String> withItems(List<WithItem<?>> withItems, QueryLevel parent, Set<String> outer) {
    if (withItems == null || withItems.isEmpty()) {
      return outer;
    }
    Set<String> names = new HashSet<>(outer);
    for (WithItem<?> item : withItems) {
      String name = Names.normalize(item.getAliasName());
      Set<String> visible = names;
      if (item.isRecursive()) {
        visible = new HashSet<>(names);
        visible.add(name); // the body refers to the CTE itself; a non-recursive body's "name" is a real table
      }
      if (item.getSelect() != null) {
        select(item.getSelect(), parent, Set.copyOf(visible), false, "the CTE " + name + " `" + abbreviate(item.getSelect()) + "`");
      }
      names.add(name);
    }
    return Set.copyOf(names);
  }

  /** Derived tables and table functions among the FROM items; their ON conditions go to {@code conditions}. */
  private void fromItems(QueryLevel level, List<Join> joins, Set<String> ctes, List<Expression> conditions) {
    for (Join join : joins) {
      fromItem(level, join.getFromItem(), ctes, conditions);
      addAll(conditions, join.getOnExpressions());
    }
  }

  private void fromItem(QueryLevel level, FromItem item, Set<String> ctes, List<Expression> conditions) {
    if (item instanceof ParenthesedSelect derived) {
      select(derived, level, ctes, false, "the derived table `" + abbreviate(derived) + "`");
    } else if (item instanceof ParenthesedFromItem parenthesed) {
      List<Join> inner = new ArrayList<>();
      Join first = new Join();
      first.setFromItem(parenthesed.getFromItem());
      inner.add(first);
      addAll(inner, parenthesed.getJoins());
      fromItems(level, inner, ctes, conditions);
    } else if (item instanceof TableFunction function) {
      conditions.add(function.getFunction());
    } else if (item instanceof Select other && !(item instanceof Table)) {
      select(other, level, ctes, false, "the derived table `" + abbreviate(other) + "`");
    }
  }

  private void subqueries(QueryLevel level, List<Expression> expressions, Set<String> ctes) {
    for (Select subquery : SubqueryFinder.in(expressions)) {
      select(subquery, level, ctes, false, subquery(subquery));
      Integer outerRef = level == null ? null : level.finder().inSubqueryTies().get(subquery);
      if (outerRef != null) {
        inSubqueryTie(subquery, level, outerRef);
      }
    }
  }

  /** {@code outer.col IN (SELECT c.col FROM ...)}: ties c to the outer table when the subquery returns c's shard column as it is. */
  private void inSubqueryTie(Select subquery, QueryLevel level, int outerRef) {
    Select inner = subquery;
    while (inner instanceof ParenthesedSelect parenthesed && parenthesed.getSelect() != null) {
      inner = parenthesed.getSelect();
    }
    if (!(inner instanceof PlainSelect plain) || plain.getSelectItems() == null || plain.getSelectItems().size() != 1
        || plain.getGroupBy() != null || plain.getHaving() != null || plain.getLimit() != null
        || !(Literals.unwrap(plain.getSelectItems().get(0).getExpression()) instanceof Column column)) {
      return; // an aggregate, a grouped or limited list: which rows make it true is no longer one key's business
    }
    QueryLevel sub = byPlain.get(plain);
    TableScope.Resolution resolution = sub.scope().resolve(column);
    if (resolution.in(sub.scope())) {
      resolution.owners().forEach(owner -> sub.finder().tie(owner, level.scope(), outerRef));
    }
  }

  private QueryLevel register(QueryLevel level) {
    levels.add(level);
    for (TableScope.Ref ref : level.scope().refs()) {
      if (ref.table() != null) {
        out.table(new Names.Qualified(ref.schema(), ref.table())); // also tables in clauses TableCollector does not read
      }
    }
    return level;
  }

  private static String subquery(Select subquery) {
    return "the subquery `" + abbreviate(subquery) + "`";
  }

  static String abbreviate(Object sql) {
    String flat = String.valueOf(sql).replaceAll("\\s+", " ").strip();
    return flat.length() <= MAX_TEXT ? flat : flat.substring(0, MAX_TEXT) + "...";
  }

  private static void orderBy(List<Expression> into, List<OrderByElement> orderBy) {
    if (orderBy != null) {
      for (OrderByElement element : orderBy) {
        into.add(element.getExpression());
      }
    }
  }

  private static <T> void addAll(List<T> into, Collection<? extends T> items) {
    if (items != null) {
      into.addAll(items);
    }
  }
}
