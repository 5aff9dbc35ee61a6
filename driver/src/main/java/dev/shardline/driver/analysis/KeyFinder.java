package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.schema.Column;

/**
 * Proves which shard keys constrain every row of every sharded table of one query level.
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
 * <p>A condition term JSqlParser mis-associated ({@link Misassociation}) may hide an OR, so the
 * level then has no keys at all.
 *
 * <p>If a class is constrained twice ({@code user_id IN (1, 2) AND user_id = 1}), every row
 * satisfies both, so the shorter list is kept. Several classes yield the union of their keys
 * with {@code mustShareNode}: rows of different keys are read together.
 *
 * <p>Not thread-safe; one instance per analysis.
 */
final class KeyFinder {
  /** The proven keys (empty if none), and whether they come from several independent classes. */
  record Result(List<KeyRef> keys, boolean mustShareNode) {
    static final Result NONE = new Result(List.of(), false);
  }

  private final TableScope scope;
  /** A condition term JSqlParser mis-associated: nothing this level's conditions say can be trusted. */
  private boolean misparsed;
  private final int[] parent;
  private final List<List<KeyRef>> constraint;

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

  Result result() {
    if (scope.opaque() || misparsed) {
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

  private void equality(Expression left, Expression right, boolean constants) {
    List<Integer> leftOwners = owners(left);
    List<Integer> rightOwners = owners(right);
    if (!leftOwners.isEmpty() && !rightOwners.isEmpty()) {
      if (leftOwners.size() == 1 && rightOwners.size() == 1) {
        union(leftOwners.get(0), rightOwners.get(0));
      }
    } else if (constants && !leftOwners.isEmpty()) {
      constrain(leftOwners, Literals.keyRef(right));
    } else if (constants && !rightOwners.isEmpty()) {
      constrain(rightOwners, Literals.keyRef(left));
    }
  }

  private void in(InExpression in) {
    List<Integer> owners = owners(in.getLeftExpression());
    if (owners.isEmpty() || !(in.getRightExpression() instanceof ExpressionList<?> list) || list.isEmpty()) {
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
    for (int owner : owners) {
      constrainRef(owner, List.copyOf(keys));
    }
  }

  private List<Integer> owners(Expression e) {
    Expression value = Literals.unwrap(e);
    return value instanceof Column column ? scope.shardColumnOwners(column) : List.of();
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
