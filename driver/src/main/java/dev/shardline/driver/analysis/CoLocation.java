package dev.shardline.driver.analysis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that every sharded table read below the top level (subqueries, derived tables, CTE
 * bodies) is read on the node the statement runs on, and adds the keys that make it so (defect
 * 13: {@code SELECT name, (SELECT COUNT(*) FROM users) FROM users WHERE user_id = 4} counted one
 * node's users).
 *
 * <p>Each class of sharded tables of a lower level (tables joined on their shard columns, see
 * {@link KeyFinder}) must be:
 * <ul>
 *   <li><b>tied</b> to a table of an enclosing level ({@code c.user_id = p.user_id}, or
 *       {@code p.user_id IN (SELECT c.user_id ...)}): its rows then have the key of the outer row
 *       they are read for, which lives on the node that row lives on. Nothing is added: the class
 *       shares the outer class's constraint, or lack of one; or
 *   <li><b>constrained</b> by its own level's conditions ({@code = ?}, {@code IN (...)}): its keys
 *       are added to the statement's keys, and the keys must then share a node, since this
 *       level's rows are read together with the rows of the other keys. If the top level has
 *       sharded tables but no keys (it would run on every node), each node would answer the
 *       subquery from its own rows, so the statement is refused.
 * </ul>
 * Anything else would have one node answer for the whole cluster, and is refused naming the
 * construct and the table. A level whose own WHERE is constant false (or with LIMIT 0) reads no
 * row of its tables on any node, so they need neither. Ties are one way (inner bounded by outer), so they are followed from
 * a class to any tied class and never back; a class tied to a class that is itself refused is
 * covered by that refusal.
 *
 * <p>Keys are deduplicated: a subquery constrained by the same literal or the same {@code ?} as
 * the top level adds nothing, and a single key is never "must share a node" (one key is on one
 * node). Several keys from a subquery set {@code mustShareNode} even when they equal the top
 * level's IN list, since the subquery reads them all at once on one node.
 */
final class CoLocation {
  private CoLocation() {}

  /**
   * The statement's keys once every lower level is checked: {@code top} plus the keys of
   * constrained lower levels. Refuses through {@code out} (and then returns {@code top}).
   *
   * @param topSharded whether the top level (any branch of a top UNION) reads a sharded table
   */
  static KeyFinder.Result check(List<QueryLevel> levels, KeyFinder.Result top, boolean topSharded, StatementAnalysis.Builder out) {
    Set<KeyRef> added = new LinkedHashSet<>();
    QueryLevel keyedLevel = null;
    TableScope.Ref keyedRef = null;
    for (QueryLevel level : levels) {
      if (level.top() || level.readsNoRows()) {
        continue; // a level that reads no row (WHERE 0, LIMIT 0) gives the same answer on every node
      }
      KeyFinder finder = level.finder();
      Set<Integer> tied = new LinkedHashSet<>();
      for (KeyFinder.Tie tie : finder.outerTies()) {
        tied.add(finder.classOf(tie.local()));
      }
      Set<Integer> done = new LinkedHashSet<>();
      for (int ref : level.scope().sharded()) {
        int root = finder.classOf(ref);
        if (tied.contains(root) || !done.add(root)) {
          continue;
        }
        List<KeyRef> keys = finder.constraintOf(root);
        TableScope.Ref table = level.scope().refs().get(ref);
        if (keys == null) {
          String untrusted = level.untrustedBecause();
          out.refuse(untrusted != null
              ? level.construct() + " reads sharded table " + table.table() + ", and its conditions cannot be read reliably (" + untrusted
                  + "), so nothing proves it keyed or correlated on " + table.shardColumn() + "; rewrite that part of the statement"
              : level.construct() + " reads sharded table " + table.table() + " with no shard key, so one node would answer it for"
                  + " the whole cluster; constrain " + table.label() + "." + table.shardColumn() + " in it with = ? or IN (...), or correlate"
                  + " it on " + table.shardColumn() + " with the outer query");
          return top;
        }
        if (keyedLevel == null) {
          keyedLevel = level;
          keyedRef = table;
        }
        added.addAll(keys);
      }
    }
    if (added.isEmpty()) {
      return top;
    }
    if (topSharded && top.keys().isEmpty()) {
      out.refuse(keyedLevel.construct() + " reads sharded table " + keyedRef.table() + " only for key(s) " + added + ", but the outer query"
          + " has no shard key and runs on every node, where each node would answer the subquery from its own rows; give the outer query"
          + " the same key, or correlate the subquery on " + keyedRef.shardColumn() + " with it");
      return top;
    }
    Set<KeyRef> all = new LinkedHashSet<>(top.keys());
    all.addAll(added);
    return new KeyFinder.Result(List.copyOf(all), all.size() > 1);
  }

  /** INSERT and REPLACE: any sharded table read by its SELECT or a subquery would be read on one node only. */
  static void insert(List<QueryLevel> levels, String verb, StatementAnalysis.Builder out) {
    for (QueryLevel level : levels) {
      if (level.readsNoRows()) {
        continue;
      }
      for (int ref : level.scope().sharded()) {
        TableScope.Ref table = level.scope().refs().get(ref);
        out.refuse(level.construct() + " reads sharded table " + table.table() + ", whose rows are spread over the nodes; the " + verb
            + " would run on one node and see only its rows, so read them first and " + verb + " the values");
        return;
      }
    }
  }
}
