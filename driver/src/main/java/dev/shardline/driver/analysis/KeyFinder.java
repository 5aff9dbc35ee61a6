package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Proves which shard keys constrain every row of every sharded table of one query level, and
 * which of its tables are tied to a table of an enclosing level.
 *
 * <p>The sharded tables of the level are grouped into classes that must hold the same key:
 * {@code p.user_id = u.user_id} (in WHERE or any ON), {@code USING (user_id)} and NATURAL joins
 * put two tables in one class. A class is constrained by {@code col = value} or
 * {@code col IN (values)} on one of its shard columns, taken from the top-level AND chain of
 * the WHERE or of an inner join's ON. Only if every sharded table's class is constrained are
 * there keys; a condition under OR or NOT, or inside a subquery, never constrains.
 *
 * <p>Outer joins: a constant in a LEFT/RIGHT JOIN's ON only filters the optional side (the other
 * side's rows are all kept), so it is ignored; an equality of shard columns there still ties the
 * two tables, because the optional side's rows that are touched match a row of the other side,
 * and a WHERE constraint on the optional side discards its NULL-extended rows.
 *
 * <p>Ties to enclosing levels ({@link #outerTies()}): {@code c.user_id = p.user_id} in this
 * level's WHERE or inner ON, where {@code c} is a sharded table of this level and {@code p} one of
 * an enclosing level, means every row of {@code c} this level reads has the key of the outer row
 * it is evaluated for, so it lives on that row's node. The tie is one way: it bounds this level's
 * rows by the outer row, never the outer rows (a scalar subquery in a select list does not filter
 * its outer query), so a constraint found here never constrains an outer table. A constant on an
 * outer table's column, or an equality of two outer tables, says nothing about this level.
 *
 * <p>{@code outer.user_id IN (SELECT c.user_id FROM ...)} in this level's top AND chain ties the
 * subquery's table to this level's in the same way ({@link #inSubqueryTies()}): only inner rows
 * with the outer row's key can make the IN true, and a false or unknown IN both drop the row.
 *
 * <p>A condition term JSqlParser mis-associated ({@link Misassociation}) may hide an OR, so the
 * level then has no keys and no ties at all.
 *
 * <p>If a class is constrained twice ({@code user_id IN (1, 2) AND user_id = 1}), every row
 * satisfies both, so the shorter list is kept. Several classes yield the union of their keys
 * with {@code mustShareNode}: rows of different keys are read together.
 *
 * <p>Not thread-safe; one instance per level of one analysis.
 */
final class KeyFinder {
  /** The proven keys (empty if none), and whether they come from several independent classes. */
  record Result(List<KeyRef> keys, boolean mustShareNode) {
    static final Result NONE = new Result(List.of(), false);
  }

  /** Sharded table {@code local} of this level has the key of table {@code outerRef} of the enclosing level {@code outer}. */
  record Tie(int local, TableScope outer, int outerRef) {}

  private final TableScope scope;
  /** A condition term JSqlParser mis-associated: nothing this level's conditions say can be trusted. */
  private boolean misparsed;
  private final int[] parent;
  private final List<List<KeyRef>> constraint;
  private final List<Tie> ties = new ArrayList<>();
  private final Map<Select, Integer> inSubqueries = new IdentityHashMap<>();

  KeyFinder(TableScope scope) {
    this.scope = scope;
    int size = scope.refs().size();
    this.parent = new int[size];
    this.constraint = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      parent[i] = i;
      constraint.add(null);
    }
  }

  /** A condition every touched row satisfies: WHERE, or the ON of an inner join. */
  void inner(Expression condition) {
    for (Expression term : Conditions.conjuncts(condition)) {
      misparsed |= Misassociation.in(term);
      if (term instanceof EqualsTo equals) {
        equality(equals.getLeftExpression(), equals.getRightExpression(), true);
      } else if (term instanceof InExpression in && !in.isNot()) {
        in(in);
      }
    }
  }

  /** The ON of an outer join: only ties of shard columns count. */
  void outer(Expression condition) {
    for (Expression term : Conditions.conjuncts(condition)) {
      misparsed |= Misassociation.in(term);
      if (term instanceof EqualsTo equals) {
        equality(equals.getLeftExpression(), equals.getRightExpression(), false);
      }
    }
  }

  /** {@code JOIN t USING (column)} or a NATURAL join sharing {@code column}: ties table {@code index} to earlier ones. */
  void sameColumn(int index, String column) {
    TableScope.Ref ref = scope.refs().get(index);
    if (!ref.sharded() || !ref.shardColumn().equals(column)) {
      return;
    }
    for (int earlier : scope.earlierWithShardColumn(index, column)) {
      union(earlier, index);
    }
  }

  /** Records that sharded table {@code local} of this level is tied to {@code outerRef} of the enclosing level {@code outer}. */
  void tie(int local, TableScope outer, int outerRef) {
    ties.add(new Tie(local, outer, outerRef));
  }

  /** False when this level's conditions cannot be read (mis-associated, or a FROM item we cannot see into). */
  boolean trusted() {
    return !misparsed && !scope.opaque();
  }

  /** The keys that constrain every sharded table of this level, if there are such. */
  Result result() {
    if (!trusted()) {
      return Result.NONE;
    }
    Set<Integer> roots = new LinkedHashSet<>();
    for (int ref : scope.sharded()) {
      int root = find(ref);
      if (constraint.get(root) == null) {
        return Result.NONE; // a sharded table whose rows may have any key
      }
      roots.add(root);
    }
    Set<KeyRef> keys = new LinkedHashSet<>();
    for (int root : roots) {
      keys.addAll(constraint.get(root));
    }
    return keys.isEmpty() ? Result.NONE : new Result(List.copyOf(keys), roots.size() > 1);
  }

  /** The class (union-find root) of sharded table {@code ref}. */
  int classOf(int ref) {
    return find(ref);
  }

  /** The keys constraining class {@code root}, or null when none is proven. */
  List<KeyRef> constraintOf(int root) {
    return trusted() ? constraint.get(root) : null;
  }

  /** Ties of this level's tables to tables of enclosing levels (none when the conditions cannot be trusted). */
  List<Tie> outerTies() {
    return trusted() ? ties : List.of();
  }

  /** Subqueries of {@code col IN (SELECT ...)} conjuncts, with the sharded table of this level that {@code col} is the shard column of. */
  Map<Select, Integer> inSubqueryTies() {
    return trusted() ? inSubqueries : Map.of();
  }

  private void equality(Expression left, Expression right, boolean inner) {
    TableScope.Resolution l = resolve(left);
    TableScope.Resolution r = resolve(right);
    if (l.in(scope) && r.in(scope)) {
      if (l.owners().size() == 1 && r.owners().size() == 1) {
        union(l.owners().get(0), r.owners().get(0));
      }
    } else if (inner && l.in(scope) && r.outside(scope)) {
      l.owners().forEach(owner -> tie(owner, r.scope(), r.owners().get(0)));
    } else if (inner && r.in(scope) && l.outside(scope)) {
      r.owners().forEach(owner -> tie(owner, l.scope(), l.owners().get(0)));
    } else if (inner && l.in(scope)) {
      constrain(l.owners(), Literals.keyRef(right));
    } else if (inner && r.in(scope)) {
      constrain(r.owners(), Literals.keyRef(left));
    }
  }

  private void in(InExpression in) {
    TableScope.Resolution left = resolve(in.getLeftExpression());
    if (!left.in(scope)) {
      return;
    }
    if (in.getRightExpression() instanceof Select subquery) {
      inSubqueries.put(subquery, left.owners().get(0));
      return;
    }
    if (!(in.getRightExpression() instanceof ExpressionList<?> list) || list.isEmpty()) {
      return;
    }
    Set<KeyRef> keys = new LinkedHashSet<>();
    for (Object value : list) {
      KeyRef key = value instanceof Expression e ? Literals.keyRef(e) : null;
      if (key == null) {
        return; // one value is not a key: the list does not bound the rows
      }
      keys.add(key);
    }
    for (int owner : left.owners()) {
      constrainRef(owner, List.copyOf(keys));
    }
  }

  private TableScope.Resolution resolve(Expression e) {
    Expression value = Literals.unwrap(e);
    return value instanceof Column column ? scope.resolve(column) : TableScope.Resolution.NONE;
  }

  private void constrain(List<Integer> owners, KeyRef key) {
    if (key != null) {
      for (int owner : owners) {
        constrainRef(owner, List.of(key));
      }
    }
  }

  private void constrainRef(int ref, List<KeyRef> keys) {
    int root = find(ref);
    List<KeyRef> existing = constraint.get(root);
    if (existing == null || keys.size() < existing.size()) {
      constraint.set(root, keys);
    }
  }

  private int find(int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return;
    }
    parent[rb] = ra;
    List<KeyRef> ca = constraint.get(ra);
    List<KeyRef> cb = constraint.get(rb);
    if (ca == null || (cb != null && cb.size() < ca.size())) {
      constraint.set(ra, cb);
    }
  }
}
