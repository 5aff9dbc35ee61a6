package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;

/**
 * The tables in the FROM clause of one query level (or the targets of an UPDATE/DELETE), and
 * which of them a column such as {@code u1_0.user_id}, {@code users.user_id},
 * {@code `shop`.`users`.`user_id`} or plain {@code user_id} refers to, here or in an enclosing
 * level ({@link #parent()}).
 *
 * <p>Resolution follows MySQL: a table with an alias is named by its alias only, and a qualified
 * column belongs to the innermost level that has a table of that name or alias (if that table is
 * not sharded, or the column is not its shard column, the column is no shard column at all). An
 * unqualified column belongs to the sharded table(s) of the innermost level whose shard column
 * has that name (if more than one table had it, MySQL would reject the statement as ambiguous,
 * unless USING/NATURAL joined them, where it means all of them). It is only looked for in an
 * enclosing level when every table of this level is known ({@link TableRules#withSchema}) not to
 * have such a column: a table whose columns we do not know may have it, and then the column is
 * that table's, which is the conservative reading (no tie to the outer query).
 *
 * <p>Derived tables and CTE references are not sharded tables of this level: their rows come
 * from their own query, which is a level of its own.
 */
final class TableScope {
  /**
   * One FROM item. {@code table} is null for a derived table; {@code shardColumn} is null when not
   * sharded; {@code columns} is null when unknown (always for derived tables, CTEs and system tables).
   */
  record Ref(String table, String schema, String alias, String shardColumn, List<TableRules.ColumnInfo> columns) {
    boolean sharded() {
      return shardColumn != null;
    }

    /** How the SQL names this table: its alias, else its name. */
    String label() {
      return alias != null ? alias : table;
    }

    boolean mayHaveColumn(String column) {
      if (columns == null) {
        return true;
      }
      for (TableRules.ColumnInfo info : columns) {
        if (info.name().equals(column)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The level a column resolved to, and its sharded tables whose shard column the column is (empty when none). */
  record Resolution(TableScope scope, List<Integer> owners) {
    static final Resolution NONE = new Resolution(null, List.of());

    boolean in(TableScope level) {
      return scope == level && !owners.isEmpty();
    }

    boolean outside(TableScope level) {
      return scope != null && scope != level && !owners.isEmpty();
    }
  }

  private final TableRules rules;
  private final Set<String> cteNames;
  private final TableScope parent;
  private final List<Ref> refs = new ArrayList<>();
  /** A FROM item we cannot see into ({@code (a JOIN b)}): keys can then not be proven. */
  private boolean opaque;

  TableScope(TableRules rules, Set<String> cteNames, TableScope parent) {
    this.rules = rules;
    this.cteNames = cteNames;
    this.parent = parent;
  }

  /** Adds a FROM item and returns its index (for {@code (a JOIN b)}, the index of its last table). */
  int add(FromItem item) {
    String alias = alias(item == null ? null : item.getAlias());
    if (item instanceof Table table) {
      String name = Names.table(table);
      String schema = Names.schema(table);
      boolean cte = schema == null && cteNames.contains(name);
      boolean application = !cte && !Schemas.isSystem(schema); // information_schema.x is never the sharded table x
      String shardColumn = application ? rules.shardColumnOfNormalized(name) : null;
      refs.add(new Ref(cte ? null : name, schema, alias != null ? alias : (cte ? name : null), shardColumn,
          application ? rules.columnsOfNormalized(name) : null));
    } else if (item instanceof ParenthesedFromItem parenthesed) {
      // (a JOIN b ON ...) as one FROM item: its tables belong to this level, but its conditions are not read
      opaque = true;
      int last = add(parenthesed.getFromItem());
      if (parenthesed.getJoins() != null) {
        for (Join join : parenthesed.getJoins()) {
          last = add(join.getFromItem());
        }
      }
      return last;
    } else {
      refs.add(new Ref(null, null, alias, null, null));
    }
    return refs.size() - 1;
  }

  List<Ref> refs() {
    return refs;
  }

  TableScope parent() {
    return parent;
  }

  boolean opaque() {
    return opaque;
  }

  /** Indexes of the sharded tables of this level. */
  List<Integer> sharded() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      if (refs.get(i).sharded()) {
        out.add(i);
      }
    }
    return out;
  }

  /** The sharded tables of this level whose shard column {@code column} is; empty when it is no shard column here. */
  List<Integer> shardColumnOwners(Column column) {
    Resolution resolution = resolve(column);
    return resolution.scope() == this ? resolution.owners() : List.of();
  }

  /** Where {@code column} resolves, searching enclosing levels as MySQL does (see the class comment). */
  Resolution resolve(Column column) {
    if (column == null || column.getColumnName() == null) {
      return Resolution.NONE;
    }
    String name = Names.normalize(column.getColumnName());
    Table qualifier = column.getTable();
    String qualifierName = qualifier == null ? "" : Names.table(qualifier);
    String qualifierSchema = qualifier == null ? null : Names.schema(qualifier);
    for (TableScope level = this; level != null; level = level.parent) {
      Resolution here = qualifierName.isEmpty() ? level.unqualified(name) : level.qualified(name, qualifierName, qualifierSchema);
      if (here != null) {
        return here;
      }
    }
    return Resolution.NONE;
  }

  /** The resolution at this level of {@code qualifier.name}, or null when no table here has that name. */
  private Resolution qualified(String name, String qualifier, String schema) {
    List<Integer> owners = new ArrayList<>();
    boolean named = false;
    for (int i = 0; i < refs.size(); i++) {
      Ref ref = refs.get(i);
      if (names(ref, qualifier, schema)) {
        named = true;
        if (ref.sharded() && ref.shardColumn().equals(name)) {
          owners.add(i);
        }
      }
    }
    return named ? new Resolution(this, owners) : null;
  }

  /** The resolution at this level of an unqualified {@code name}, or null when it certainly is no column here. */
  private Resolution unqualified(String name) {
    List<Integer> owners = new ArrayList<>();
    boolean possible = false;
    for (int i = 0; i < refs.size(); i++) {
      Ref ref = refs.get(i);
      if (ref.sharded() && ref.shardColumn().equals(name)) {
        owners.add(i);
      }
      possible |= ref.mayHaveColumn(name);
    }
    return owners.isEmpty() && !possible ? null : new Resolution(this, owners);
  }

  /** The sharded tables before {@code index} whose shard column is {@code column} (for USING/NATURAL). */
  List<Integer> earlierWithShardColumn(int index, String column) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < index; i++) {
      if (refs.get(i).sharded() && refs.get(i).shardColumn().equals(column)) {
        out.add(i);
      }
    }
    return out;
  }

  private static boolean names(Ref ref, String qualifier, String schema) {
    if (ref.alias() != null) {
      return schema == null && ref.alias().equals(qualifier);
    }
    return qualifier.equals(ref.table()) && (schema == null || ref.schema() == null || schema.equals(ref.schema()));
  }

  private static String alias(Alias alias) {
    if (alias == null || alias.getName() == null) {
      return null;
    }
    String name = Names.normalize(alias.getName());
    return name.isEmpty() ? null : name;
  }
}
