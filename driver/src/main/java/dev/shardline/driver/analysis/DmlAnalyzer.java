package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Keys, locking and refusals of SELECT, UPDATE and DELETE. Only the statement's top level counts
 * for keys (see {@link KeyFinder}); subqueries, derived tables and CTE bodies run wherever the
 * top level is routed.
 */
final class DmlAnalyzer {
  /** The keys of a SELECT (or one branch of a UNION) and whether it has sharded tables at its top level. */
  private record SelectKeys(KeyFinder.Result keys, boolean sharded) {}

  private final TableRules rules;
  private final boolean trustConditions;
  private final StatementAnalysis.Builder out;

  DmlAnalyzer(TableRules rules, boolean trustConditions, StatementAnalysis.Builder out) {
    this.rules = rules;
    this.trustConditions = trustConditions;
    this.out = out;
  }

  void select(Select select) {
    SelectKeys keys = selectKeys(select, Set.of());
    out.keys(keys.keys().keys(), keys.keys().mustShareNode());
  }

  void update(Update update) {
    List<Join> joins = new ArrayList<>();
    addAll(joins, update.getStartJoins());
    if (update.getFromItem() != null) {
      Join from = new Join();
      from.setSimple(true);
      from.setFromItem(update.getFromItem());
      joins.add(from);
    }
    addAll(joins, update.getJoins());
    QueryLevel level = QueryLevel.of(rules, cteNames(update.getWithItemsList(), Set.of()), update.getTable(), joins, update.getWhere(), trustConditions);
    for (UpdateSet set : update.getUpdateSets()) {
      for (Column column : set.getColumns()) {
        List<Integer> owners = level.scope().shardColumnOwners(column);
        if (!owners.isEmpty()) {
          TableScope.Ref ref = level.scope().refs().get(owners.get(0));
          out.refuse("UPDATE of " + ref.table() + "." + ref.shardColumn()
              + " would move the row to another node; move the key with `shardline move` instead");
        }
      }
    }
    finishWrite("UPDATE", level);
  }

  void delete(Delete delete) {
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
    QueryLevel level = QueryLevel.of(rules, cteNames(delete.getWithItemsList(), Set.of()), delete.getTable(), joins, delete.getWhere(), trustConditions);
    finishWrite("DELETE", level);
  }

  private void finishWrite(String verb, QueryLevel level) {
    KeyFinder.Result keys = level.keys();
    out.keys(keys.keys(), keys.mustShareNode());
    if (keys.keys().isEmpty() && level.shardedCount() > 1 && !out.hasHint()) {
      Set<String> tables = new LinkedHashSet<>();
      Set<String> columns = new LinkedHashSet<>();
      for (int i : level.scope().sharded()) {
        TableScope.Ref ref = level.scope().refs().get(i);
        tables.add(ref.table());
        columns.add(ref.label() + "." + ref.shardColumn());
      }
      out.refuse("this multi-table " + verb + " on sharded tables " + String.join(", ", tables)
          + " has no shard key that covers every table; constrain " + String.join(" and ", columns)
          + " with = ? or IN (...) in the WHERE clause (or join the tables on their shard columns), or give a /* shard_key=... */ hint");
    }
  }

  private SelectKeys selectKeys(Select select, Set<String> outerCtes) {
    Set<String> ctes = cteNames(select.getWithItemsList(), outerCtes);
    out.lockingRead(select.getForMode() != null);
    if (select instanceof PlainSelect plain) {
      QueryLevel level = QueryLevel.of(rules, ctes, plain.getFromItem(), plain.getJoins(), plain.getWhere(), trustConditions);
      return new SelectKeys(level.keys(), level.shardedCount() > 0);
    }
    if (select instanceof ParenthesedSelect parenthesed && parenthesed.getSelect() != null) {
      return selectKeys(parenthesed.getSelect(), ctes);
    }
    if (select instanceof SetOperationList union) {
      return unionKeys(union, ctes);
    }
    return new SelectKeys(KeyFinder.Result.NONE, false); // VALUES, TABLE t: no WHERE to read
  }

  /**
   * Every branch of a UNION is a top level: the keys are the union of the branches' keys, and
   * only exist when every branch on sharded tables has keys. Anything but UNION ALL also compares
   * rows across branches, so the keys must then share a node.
   */
  private SelectKeys unionKeys(SetOperationList union, Set<String> ctes) {
    Set<KeyRef> keys = new LinkedHashSet<>();
    boolean mustShareNode = false;
    boolean sharded = false;
    int branchesWithKeys = 0;
    boolean unconstrainedBranch = false;
    for (Select branch : union.getSelects()) {
      SelectKeys branchKeys = selectKeys(branch, ctes);
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

  private static Set<String> cteNames(List<WithItem<?>> withItems, Set<String> outer) {
    if (withItems == null || withItems.isEmpty()) {
      return outer;
    }
    Set<String> names = new HashSet<>(outer);
    for (WithItem<?> item : withItems) {
      names.add(Names.normalize(item.getAliasName()));
    }
    return names;
  }

  private static void addAll(List<Join> into, List<Join> joins) {
    if (joins != null) {
      into.addAll(joins);
    }
  }
}
