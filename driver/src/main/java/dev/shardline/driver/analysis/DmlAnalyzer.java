package dev.shardline.driver.analysis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Keys, locking and refusals of SELECT, UPDATE and DELETE. The keys come from the statement's
 * top level (see {@link KeyFinder}); every subquery, derived table and CTE body must be read on
 * the node those keys give, or add its own keys ({@link CoLocation}). A SELECT that reads no rows
 * ({@link NoRows}) needs neither: any node gives its answer.
 */
final class DmlAnalyzer {
  private final TableRules rules;
  private final boolean trustConditions;
  private final LexedSql lexed;
  private final StatementAnalysis.Builder out;

  DmlAnalyzer(TableRules rules, LexedSql lexed, StatementAnalysis.Builder out) {
    this.rules = rules;
    this.trustConditions = !lexed.pipes;
    this.lexed = lexed;
    this.out = out;
  }

  void select(Select select) {
    StatementLevels levels = new StatementLevels(rules, trustConditions, out);
    StatementLevels.SelectKeys top = levels.top(select);
    boolean noRows = NoRows.of(select, trustConditions);
    out.readsNoRows(noRows);
    KeyFinder.Result keys = noRows ? top.keys() : CoLocation.check(levels.levels(), top.keys(), top.sharded(), out);
    out.keys(keys.keys(), keys.mustShareNode());
    allSeen(levels);
    if (!noRows && top.sharded() && !out.refused()) {
      scatter(select, keys, levels);
    }
  }

  /** How every node (or every node that holds one of the keys) answers the SELECT together, or why none can. */
  private void scatter(Select select, KeyFinder.Result keys, StatementLevels levels) {
    if (!(select instanceof PlainSelect plain) || levels.levelOf(plain) == null) {
      out.scatterRefusal("only a plain SELECT (no UNION, INTERSECT or EXCEPT at its top) can run on several nodes and be merged");
      return;
    }
    KeyList keyList = keys.mustShareNode() ? null : KeyListLocator.find(lexed, lexed.statementLength(), keys.keys());
    out.keyList(keyList);
    ScatterReader.Outcome outcome = ScatterReader.read(plain, lexed, lexed.statementLength(), levels.levelOf(plain), keyList);
    if (outcome.query() != null) {
      out.scatter(outcome.query());
    } else {
      out.scatterRefusal(outcome.refusal());
    }
  }

  void update(Update update) {
    StatementLevels levels = new StatementLevels(rules, trustConditions, out);
    QueryLevel level = levels.update(update);
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
    finishWrite("UPDATE", level, levels);
  }

  void delete(Delete delete) {
    StatementLevels levels = new StatementLevels(rules, trustConditions, out);
    finishWrite("DELETE", levels.delete(delete), levels);
  }

  /** INSERT/REPLACE: refuses any sharded table read in its SELECT, VALUES, SET or ON DUPLICATE KEY UPDATE. */
  void insertSources(String verb, StatementLevels levels) {
    CoLocation.insert(levels.levels(), verb, out);
    allSeen(levels);
  }

  private void finishWrite(String verb, QueryLevel level, StatementLevels levels) {
    KeyFinder.Result keys = CoLocation.check(levels.levels(), level.keys(), level.shardedCount() > 0, out);
    out.keys(keys.keys(), keys.mustShareNode());
    if (!keys.mustShareNode()) {
      out.keyList(KeyListLocator.find(lexed, lexed.statementLength(), keys.keys()));
    }
    if (level.keys().keys().isEmpty() && level.shardedCount() > 1 && !out.hasHint()) {
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
    allSeen(levels);
  }

  /** The safety net of {@link StatementLevels}: a SELECT of the text that no level stands for is a subquery we did not read. */
  private void allSeen(StatementLevels levels) {
    int missed = levels.missed(lexed);
    if (missed > 0) {
      out.refuse("the statement has " + missed + " subquer" + (missed == 1 ? "y" : "ies") + " in a clause the driver does not read, so it"
          + " cannot tell which node's rows they would see; move the subquery into the WHERE clause or the select list, or run it on"
          + " its own");
    }
  }
}
