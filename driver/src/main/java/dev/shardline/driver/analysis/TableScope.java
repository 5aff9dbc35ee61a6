package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;

/**
 * The tables in the FROM clause of one query level (or the targets of an UPDATE/DELETE), and
 * which of them a column such as {@code u1_0.user_id}, {@code users.user_id},
 * {@code `shop`.`users`.`user_id`} or plain {@code user_id} refers to.
 *
 * <p>Resolution follows MySQL: a table with an alias is named by its alias only; an unqualified
 * column belongs to the sharded table(s) of this level whose shard column has that name (if more
 * than one table had it, MySQL would reject the statement as ambiguous, unless USING/NATURAL
 * joined them, where it means all of them). Derived tables and CTE references are not sharded
 * tables of this level: their rows come from their own query.
 */
final class TableScope {
  /** One FROM item. {@code table} is null for a derived table; {@code shardColumn} is null when not sharded. */
  record Ref(String table, String schema, String alias, String shardColumn) {
    boolean sharded() {
      return shardColumn != null;
    }

    /** How the SQL names this table: its alias, else its name. */
    String label() {
      return alias != null ? alias : table;
    }
  }

  private final TableRules rules;
  private final Set<String> cteNames;
  private final List<Ref> refs = new ArrayList<>();
  /** A FROM item we cannot see into ({@code (a JOIN b)}): keys can then not be proven. */
  private boolean opaque;

  TableScope(TableRules rules, Set<String> cteNames) {
    this.rules = rules;
    this.cteNames = cteNames;
  }

  /** Adds a FROM item and returns its index. */
  int add(FromItem item) {
    String alias = alias(item == null ? null : item.getAlias());
    if (item instanceof Table table) {
      String name = Names.table(table);
      String schema = Names.schema(table);
      boolean cte = schema == null && cteNames.contains(name);
      boolean application = !cte && !Schemas.isSystem(schema); // information_schema.x is never the sharded table x
      refs.add(new Ref(cte ? null : name, schema, alias != null ? alias : (cte ? name : null), application ? rules.shardColumnOfNormalized(name) : null));
    } else {
      if (item instanceof ParenthesedFromItem) {
        opaque = true; // (a JOIN b ON ...) as one FROM item: its tables belong to this level
      }
      refs.add(new Ref(null, null, alias, null));
    }
    return refs.size() - 1;
  }

  List<Ref> refs() {
    return refs;
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

  /** The sharded tables whose shard column {@code column} is; empty when it is no shard column. */
  List<Integer> shardColumnOwners(Column column) {
    List<Integer> out = new ArrayList<>();
    if (column == null || column.getColumnName() == null) {
      return out;
    }
    String name = Names.normalize(column.getColumnName());
    Table qualifier = column.getTable();
    String qualifierName = qualifier == null ? "" : Names.table(qualifier);
    String qualifierSchema = qualifier == null ? null : Names.schema(qualifier);
    for (int i = 0; i < refs.size(); i++) {
      Ref ref = refs.get(i);
      if (!ref.sharded() || !ref.shardColumn().equals(name)) {
        continue;
      }
      if (qualifierName.isEmpty() || names(ref, qualifierName, qualifierSchema)) {
        out.add(i);
      }
    }
    return out;
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
