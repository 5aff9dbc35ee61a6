package dev.shardline.driver.analysis;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.select.SelectVisitor;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Every table a parsed statement references, anywhere (joins, subqueries, CTE bodies, INSERT
 * sources, DDL targets), as normalised names with their schema qualifier.
 *
 * <p>Built on JSqlParser's {@link TablesNamesFinder}, which walks the whole tree. Three of its
 * 5.3 behaviours are corrected here: it compares CTE names case-sensitively and registers a CTE
 * name before walking its body (so {@code WITH users AS (SELECT ... FROM users)} would lose the
 * real {@code users}); it throws for some statements (CREATE INDEX, ALTER VIEW, SHOW ...); and
 * for DROP INDEX it reports the index name. A CTE name never hides a sharded table: in doubt, a
 * sharded table is reported, which can only make routing more careful.
 */
final class TableCollector extends TablesNamesFinder<Void> {
  private static final Comparator<Names.Qualified> BY_NAME =
      Comparator.comparing(Names.Qualified::name).thenComparing(q -> q.schema() == null ? "" : q.schema());

  private final TableRules rules;
  private final Set<String> cteNames = new HashSet<>();
  private final Set<Names.Qualified> found = new TreeSet<>(BY_NAME);

  private TableCollector(TableRules rules) {
    this.rules = rules;
  }

  /** The statement's tables, sorted by name. */
  static Set<Names.Qualified> tables(Statement statement, TableRules rules) {
    Set<Names.Qualified> out = new TreeSet<>(BY_NAME);
    if (statement instanceof Drop drop && "INDEX".equalsIgnoreCase(drop.getType())) {
      out.add(dropIndexTable(drop.getParameters()));
    } else if (statement instanceof CreateIndex create) {
      out.add(Names.qualified(create.getTable()));
    } else if (statement instanceof AlterView alter) {
      out.add(Names.qualified(alter.getView()));
      if (alter.getSelect() != null) {
        out.addAll(new TableCollector(rules).collect((Statement) alter.getSelect()));
      }
    } else {
      try {
        out.addAll(new TableCollector(rules).collect(statement));
      } catch (UnsupportedOperationException notSupported) {
        // e.g. SHOW variants: no tables to report
      }
    }
    out.removeIf(table -> table.name().isEmpty());
    return out;
  }

  private Set<Names.Qualified> collect(Statement statement) {
    getTables(statement);
    return found;
  }

  @Override
  protected String extractTableName(Table table) {
    return Names.table(table);
  }

  @Override
  public <S> Void visit(WithItem<?> withItem, S context) {
    String name = Names.normalize(withItem.getAliasName());
    if (withItem.isRecursive()) {
      cteNames.add(name); // the body refers to the CTE itself
    }
    if (withItem.getSelect() != null) {
      withItem.getSelect().accept((SelectVisitor<Void>) this, context);
    }
    cteNames.add(name); // a non-recursive body refers to real tables of that name
    return null;
  }

  @Override
  public <S> Void visit(Table table, S context) {
    String name = Names.table(table);
    String schema = Names.schema(table);
    if (schema == null && cteNames.contains(name) && rules.shardColumnOfNormalized(name) == null) {
      return null;
    }
    found.add(new Names.Qualified(schema, name));
    return null;
  }

  /** {@code DROP INDEX ix ON t}: JSqlParser keeps "ON" and the table as parameters. */
  private static Names.Qualified dropIndexTable(List<String> parameters) {
    if (parameters != null) {
      for (int i = 0; i + 1 < parameters.size(); i++) {
        if ("ON".equalsIgnoreCase(parameters.get(i))) {
          return Names.qualified(parameters.get(i + 1));
        }
      }
    }
    return new Names.Qualified(null, "");
  }
}
