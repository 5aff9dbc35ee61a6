package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.statement.upsert.UpsertType;

/**
 * INSERT and REPLACE into a sharded table: each row's shard key, the rows' positions in the
 * text (for splitting), and the refusals that keep rows on the node of their key.
 *
 * <p>A row is routed by the value of the shard column, so that value must be in the statement,
 * readable before execution: a {@code ?} or a literal. Rows whose key only exists after the
 * server evaluates something (NOW(), a subquery, DEFAULT/AUTO_INCREMENT, INSERT ... SELECT) are
 * refused with what to do instead. ON DUPLICATE KEY UPDATE may not change the shard column
 * (except to itself or {@code VALUES(col)}, which keep the key).
 *
 * <p>Without a column list ({@code INSERT INTO warehouse VALUES (...)}), values are mapped by
 * position to the table's columns from the schema ({@link TableRules#withSchema}), and the
 * statement is rewritten with that column list ({@link StatementAnalysis#rewrittenSql()}): the
 * server then maps the values exactly as the driver routed them, even if the table's columns
 * change later (a column added on one node first, during a migration, must not shift the key).
 */
final class InsertAnalyzer {
  /** The parts of INSERT and REPLACE (JSqlParser's Upsert) that matter here. */
  private record Shape(String verb, Table table, ExpressionList<Column> columns, Select select, List<UpdateSet> setForm, List<UpdateSet> onDuplicate) {}

  private final TableRules rules;
  private final LexedSql lexed;
  private final StatementAnalysis.Builder out;

  private InsertAnalyzer(TableRules rules, LexedSql lexed, StatementAnalysis.Builder out) {
    this.rules = rules;
    this.lexed = lexed;
    this.out = out;
  }

  static void insert(Insert insert, TableRules rules, LexedSql lexed, StatementAnalysis.Builder out) {
    List<UpdateSet> set = insert.getSetUpdateSets();
    new InsertAnalyzer(rules, lexed, out).analyze(
        new Shape("INSERT", insert.getTable(), insert.getColumns(), insert.getSelect(), set, insert.getDuplicateUpdateSets()));
  }

  /** Returns false when the Upsert is not a MySQL REPLACE (some other dialect's UPSERT). */
  static boolean replace(Upsert upsert, TableRules rules, LexedSql lexed, StatementAnalysis.Builder out) {
    UpsertType type = upsert.getUpsertType();
    if (type != UpsertType.REPLACE && type != UpsertType.REPLACE_SET) {
      return false;
    }
    List<UpdateSet> set = upsert.getUpdateSets(); // REPLACE ... SET comes as type REPLACE in 5.3
    new InsertAnalyzer(rules, lexed, out).analyze(
        new Shape("REPLACE", upsert.getTable(), upsert.getColumns(), upsert.getSelect(), set, upsert.getDuplicateUpdateSets()));
    return true;
  }

  private void analyze(Shape shape) {
    String table = Names.table(shape.table());
    String shardColumn = rules.shardColumnOfNormalized(table);
    if (shardColumn == null) {
      return; // an unsharded table: the router places it by its table rules
    }
    if (shape.setForm() != null && !shape.setForm().isEmpty()) {
      setForm(shape, table, shardColumn);
    } else if (shape.select() instanceof Values values) {
      values(shape, table, shardColumn, values);
    } else {
      out.refuse(shape.verb() + " ... SELECT into sharded table " + table + " cannot be routed: each row's " + shardColumn
          + " is only known once the SELECT has run; read the rows first, then " + shape.verb() + " them with VALUES");
      return;
    }
    onDuplicate(shape, table, shardColumn);
  }

  /** {@code INSERT INTO t SET a = ?, user_id = ?}: one row. */
  private void setForm(Shape shape, String table, String shardColumn) {
    Expression value = null;
    for (UpdateSet set : shape.setForm()) {
      for (int i = 0; i < set.getColumns().size(); i++) {
        if (shardColumn.equals(Names.normalize(set.getColumns().get(i).getColumnName())) && i < set.getValues().size()) {
          value = (Expression) set.getValues().get(i);
        }
      }
    }
    if (value == null) {
      missingColumn(shape.verb(), table, shardColumn);
      return;
    }
    KeyRef key = key(shape.verb(), table, shardColumn, value, 0, 1);
    if (key != null) {
      out.keys(List.of(key), false).insertRows(InsertRows.ofSingleRow(lexed.sql, key, lexed.parameterCount()));
    }
  }

  private void values(Shape shape, String table, String shardColumn, Values values) {
    ExpressionList<Column> columns = shape.columns();
    List<String> names = new ArrayList<>();
    LexedSql text = lexed;
    if (columns == null || columns.isEmpty()) {
      List<TableRules.ColumnInfo> known = rules.columnsOfNormalized(table);
      if (known == null) {
        out.refuse(shape.verb() + " into sharded table " + table + " has no column list; name the columns, including the shard column "
            + shardColumn + ", so the driver can read each row's key");
        return;
      }
      known.forEach(column -> names.add(column.name()));
      String rewritten = ColumnListRewriter.withColumns(lexed, table, names);
      if (rewritten == null) {
        out.kind(StatementAnalysis.Kind.OTHER).keys(List.of(), false)
            .parseError("the table name of this " + shape.verb() + " could not be located in the text to add its column list");
        return;
      }
      text = SqlLexer.lex(rewritten);
    } else {
      columns.forEach(column -> names.add(Names.normalize(column.getColumnName())));
    }
    int position = names.lastIndexOf(shardColumn);
    if (position < 0 && text != lexed) {
      out.refuse(shape.verb() + " into sharded table " + table + " has no column list, and the table's columns " + names
          + " do not include its shard column " + shardColumn + "; name the columns");
      return;
    }
    if (position < 0) {
      missingColumn(shape.verb(), table, shardColumn);
      return;
    }
    List<ExpressionList<?>> rows = rows(values.getExpressions());
    List<KeyRef> keys = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      ExpressionList<?> row = rows.get(r);
      if (row == null || row.size() != names.size()) {
        out.refuse(wrongRowSize(shape, table, row, r, rows.size(), names.size()));
        return;
      }
      KeyRef key = key(shape.verb(), table, shardColumn, (Expression) row.get(position), r, rows.size());
      if (key == null) {
        return;
      }
      keys.add(key);
    }
    ValuesLocator.Rows spans = ValuesLocator.locate(text);
    if (spans == null || spans.starts().length != keys.size() || !parametersInRows(keys, spans, text)) {
      // Never route with row positions we could not confirm in the text.
      out.kind(StatementAnalysis.Kind.OTHER).keys(List.of(), false)
          .parseError("the VALUES rows of this " + shape.verb() + " could not be located in the text");
      return;
    }
    if (text != lexed) {
      out.rewrittenSql(text.sql);
    }
    out.keys(keys, false).insertRows(InsertRows.ofValues(text.sql, keys, spans.starts(), spans.ends(), text.paramOffsets));
  }

  private String wrongRowSize(Shape shape, String table, ExpressionList<?> row, int r, int rowCount, int columnCount) {
    String where = rowCount > 1 ? "row " + (r + 1) : "the row";
    if (shape.columns() != null && !shape.columns().isEmpty()) {
      return shape.verb() + " into " + table + ": " + where + " does not have one value per column (" + columnCount + " columns)";
    }
    String values = row == null ? "a row that is not a list of values" : row.size() + " values";
    return shape.verb() + " into " + table + " has " + values + (rowCount > 1 ? " in " + where : " per row") + " but table " + table
        + " has " + columnCount + " columns; name the columns";
  }

  /** The rows of a VALUES clause: one parenthesised list is one row; a plain list holds rows. */
  private static List<ExpressionList<?>> rows(ExpressionList<?> expressions) {
    List<ExpressionList<?>> rows = new ArrayList<>();
    if (expressions instanceof ParenthesedExpressionList<?> single) {
      rows.add(single);
      return rows;
    }
    for (Object row : expressions) {
      if (row instanceof ExpressionList<?> list) {
        rows.add(list); // (...) and ROW(...) as a RowConstructor
      } else if (row instanceof Function f && "ROW".equalsIgnoreCase(f.getName())) {
        rows.add(f.getParameters());
      } else {
        rows.add(null);
      }
    }
    return rows;
  }

  /** Each parameter key must lie inside its own row's text, or the spans are not the rows. */
  private static boolean parametersInRows(List<KeyRef> keys, ValuesLocator.Rows spans, LexedSql text) {
    for (int r = 0; r < keys.size(); r++) {
      KeyRef key = keys.get(r);
      if (key.isParameter()) {
        int offset = text.paramOffsets[key.parameterIndex() - 1];
        if (offset < spans.starts()[r] || offset >= spans.ends()[r]) {
          return false;
        }
      }
    }
    return true;
  }

  private KeyRef key(String verb, String table, String shardColumn, Expression value, int row, int rows) {
    KeyRef key = Literals.keyRef(value);
    if (key == null) {
      String where = rows > 1 ? " in row " + (row + 1) : "";
      out.refuse(verb + " into " + table + " gives the shard column " + shardColumn + " as " + value + where
          + "; the driver routes a row by that value, so give it as a ? parameter or an integer or 'string' literal");
    }
    return key;
  }

  private void missingColumn(String verb, String table, String shardColumn) {
    out.refuse(verb + " into sharded table " + table + " must give the shard column " + shardColumn
        + " (as a ? parameter or a literal) so the driver knows the row's node; generate new keys with the cluster-wide id generator"
        + " instead of AUTO_INCREMENT or a column default");
  }

  /** ON DUPLICATE KEY UPDATE may keep the shard column but not change it. */
  private void onDuplicate(Shape shape, String table, String shardColumn) {
    if (shape.onDuplicate() == null) {
      return;
    }
    for (UpdateSet set : shape.onDuplicate()) {
      for (int i = 0; i < set.getColumns().size(); i++) {
        Column column = set.getColumns().get(i);
        if (!shardColumn.equals(Names.normalize(column.getColumnName()))) {
          continue;
        }
        Expression value = i < set.getValues().size() ? (Expression) set.getValues().get(i) : null;
        if (!keepsKey(value, shardColumn)) {
          out.refuse(shape.verb() + " ... ON DUPLICATE KEY UPDATE of " + table + "." + shardColumn
              + " would move the row to another node; move the key with `shardline move` instead");
        }
      }
    }
  }

  /** {@code col = col} or {@code col = VALUES(col)}: the key stays what it was. */
  private static boolean keepsKey(Expression value, String shardColumn) {
    Expression e = Literals.unwrap(value);
    if (e instanceof Column column) {
      return shardColumn.equals(Names.normalize(column.getColumnName()));
    }
    if (e instanceof Function f && "VALUES".equalsIgnoreCase(f.getName()) && f.getParameters() != null && f.getParameters().size() == 1) {
      return keepsKey((Expression) f.getParameters().get(0), shardColumn);
    }
    return false;
  }
}
