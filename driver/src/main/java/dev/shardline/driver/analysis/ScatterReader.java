package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.ScatterQuery.Bound;
import dev.shardline.driver.analysis.ScatterQuery.DistinctKey;
import dev.shardline.driver.analysis.ScatterQuery.Mode;
import dev.shardline.driver.analysis.ScatterQuery.Output;
import dev.shardline.driver.analysis.ScatterQuery.Partial;
import dev.shardline.driver.analysis.ScatterQuery.PartialKind;
import dev.shardline.driver.analysis.ScatterQuery.SortKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Reads a top-level SELECT on sharded tables into a {@link ScatterQuery}, or says why every node
 * cannot answer it together. Structure comes from the parse tree; text comes from the lexer, so the
 * per-node statement keeps the application's own text (and {@code ?} markers) wherever it can.
 *
 * <p>Not thread-safe; one instance per analysis.
 */
final class ScatterReader {
  /** The result: a query, or the reason there is none. */
  record Outcome(ScatterQuery query, String refusal) {
    static Outcome refused(String reason) {
      return new Outcome(null, reason);
    }
  }

  private static final Set<String> MODIFIERS = Set.of(
      "ALL", "DISTINCT", "DISTINCTROW", "HIGH_PRIORITY", "STRAIGHT_JOIN", "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT", "SQL_NO_CACHE",
      "SQL_CACHE");
  private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG");
  private static final Set<String> UNMERGEABLE = Set.of(
      "GROUP_CONCAT", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "BIT_AND", "BIT_OR", "BIT_XOR",
      "JSON_ARRAYAGG", "JSON_OBJECTAGG");
  private static final Set<String> CLAUSES = Set.of("FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "FOR", "LOCK", "INTO", "PROCEDURE");

  /** A run of significant tokens, as character offsets into the text. */
  private record Span(int start, int end) {}

  /** A select item: its whole text, the text of its expression (without the alias), the alias. */
  private record Item(SelectItem<?> ast, Span whole, Span expression, String alias) {}

  /** A refusal raised while reading; turned into {@link Outcome#refused}. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private final PlainSelect select;
  private final LexedSql lexed;
  private final int length;
  private final TableScope scope;
  private final KeyList keyList;
  private final String sql;
  /** Index of the first token of each clause at the top level, or -1. */
  private int selectToken = -1;
  private int itemsStart;
  private int from = -1;
  private int group = -1;
  private int having = -1;
  private int order = -1;
  private int limit = -1;
  private int tail = -1;
  private boolean distinct;
  private final List<Item> items = new ArrayList<>();

  /** The node's columns in GROUPS mode, and the hidden ones in ROWS mode, as template pieces. */
  private final List<List<Object>> pushed = new ArrayList<>();

  private ScatterReader(PlainSelect select, LexedSql lexed, int length, TableScope scope, KeyList keyList) {
    this.select = select;
    this.lexed = lexed;
    this.length = length;
    this.scope = scope;
    this.keyList = keyList;
    this.sql = lexed.sql;
  }

  static Outcome read(PlainSelect select, LexedSql lexed, int length, QueryLevel top, KeyList keyList) {
    String untrusted = top.untrustedBecause();
    if (untrusted != null) {
      return Outcome.refused("it cannot run on every node and be merged: its conditions cannot be read (" + untrusted + ")");
    }
    Set<Integer> classes = new LinkedHashSet<>();
    for (int ref : top.scope().sharded()) {
      classes.add(top.finder().classOf(ref));
    }
    if (classes.size() > 1) {
      List<String> tables = new ArrayList<>();
      for (int ref : top.scope().sharded()) {
        tables.add(top.scope().refs().get(ref).label());
      }
      return Outcome.refused("it joins sharded tables " + tables + " without tying their shard columns together, so a row of one may"
          + " join a row on another node; join them on their shard columns, or give one key");
    }
    try {
      return new Outcome(new ScatterReader(select, lexed, length, top.scope(), keyList).read(), null);
    } catch (Refused e) {
      return Outcome.refused(e.getMessage());
    }
  }

  private ScatterQuery read() throws Refused {
    locateClauses();
    if (select.getIntoTables() != null || select.getWindowDefinitions() != null || select.getMySqlSqlCalcFoundRows()) {
      throw new Refused("SELECT ... INTO, WINDOW and SQL_CALC_FOUND_ROWS cannot be merged across nodes");
    }
    if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
      throw new Refused("DISTINCT ON is not MySQL and cannot be merged");
    }
    if (select.getGroupBy() != null && (select.getGroupBy().getGroupingSets() != null && !select.getGroupBy().getGroupingSets().isEmpty()
        || (group >= 0 && "ROLLUP".equals(lexed.word(clauseEnd(group) - 1))))) {
      throw new Refused("GROUP BY ... WITH ROLLUP and grouping sets cannot be merged across nodes");
    }
    readItems();
    if (hasWindowFunction()) {
      throw new Refused("window functions (... OVER (...)) over rows of several nodes cannot be merged");
    }
    boolean aggregates = containsAggregate(itemExpressions()) || containsAggregate(select.getHaving()) || containsAggregate(orderExpressions());
    boolean grouped = select.getGroupBy() != null;
    if (!aggregates && !grouped) {
      return rows("the nodes' rows");
    }
    if (grouped && groupedOnShardKey()) {
      return rows("groups on the shard key, each on one node");
    }
    return groups();
  }

  // --- where the clauses are ---------------------------------------------------------------

  private void locateClauses() throws Refused {
    int depth = 0;
    int i = 0;
    if ("WITH".equals(lexed.word(0))) {
      for (; i < length; i++) {
        depth += lexed.isPunct(i, '(') ? 1 : lexed.isPunct(i, ')') ? -1 : 0;
        if (depth == 0 && "SELECT".equals(lexed.word(i))) {
          break;
        }
      }
    }
    if (!"SELECT".equals(lexed.word(i))) {
      throw new Refused("its text could not be matched to the parsed statement");
    }
    selectToken = i;
    i++;
    while (i < length && lexed.wordIn(i, MODIFIERS)) {
      distinct |= "DISTINCT".equals(lexed.word(i)) || "DISTINCTROW".equals(lexed.word(i));
      i++;
    }
    itemsStart = i;
    depth = 0;
    for (; i < length; i++) {
      if (lexed.isPunct(i, '(')) {
        depth++;
      } else if (lexed.isPunct(i, ')')) {
        depth--;
      } else if (depth == 0 && lexed.wordIn(i, CLAUSES)) {
        String word = lexed.word(i);
        switch (word) {
          case "FROM" -> from = from < 0 ? i : from;
          case "GROUP" -> group = group < 0 ? i : group;
          case "HAVING" -> having = having < 0 ? i : having;
          case "ORDER" -> order = order < 0 ? i : order;
          case "LIMIT" -> limit = limit < 0 ? i : limit;
          case "FOR", "LOCK" -> tail = tail < 0 ? i : tail;
          case "INTO", "WINDOW", "PROCEDURE" -> throw new Refused(word + " cannot be merged across nodes");
          default -> {
            // WHERE: part of the FROM region
          }
        }
      }
    }
    if (from < 0) {
      throw new Refused("its text could not be matched to the parsed statement");
    }
  }

  /** The first token after the clause starting at {@code start}: the next clause's start, or the end. */
  private int clauseEnd(int start) {
    int end = length;
    for (int next : new int[] {from, group, having, order, limit, tail}) {
      if (next > start && next < end) {
        end = next;
      }
    }
    return end;
  }

  private Span span(int firstToken, int endToken) {
    return new Span(lexed.significant.get(firstToken).start(), lexed.significant.get(endToken - 1).end());
  }

  /** The comma-separated parts of tokens [from, end) at depth 0. */
  private List<int[]> split(int start, int end) {
    List<int[]> parts = new ArrayList<>();
    int depth = 0;
    int partStart = start;
    for (int i = start; i < end; i++) {
      if (lexed.isPunct(i, '(')) {
        depth++;
      } else if (lexed.isPunct(i, ')')) {
        depth--;
      } else if (depth == 0 && lexed.isPunct(i, ',')) {
        parts.add(new int[] {partStart, i});
        partStart = i + 1;
      }
    }
    if (partStart < end) {
      parts.add(new int[] {partStart, end});
    }
    return parts;
  }

  private void readItems() throws Refused {
    List<int[]> parts = split(itemsStart, from);
    List<SelectItem<?>> ast = select.getSelectItems();
    if (parts.size() != ast.size()) {
      throw new Refused("its select list could not be matched to the parsed statement");
    }
    for (int k = 0; k < parts.size(); k++) {
      int first = parts.get(k)[0];
      int end = parts.get(k)[1];
      SelectItem<?> item = ast.get(k);
      String alias = item.getAlias() == null ? null : Names.unquote(item.getAlias().getName());
      int exprEnd = end;
      if (alias != null) {
        exprEnd = end - 1;
        if (exprEnd - 1 >= first && "AS".equals(lexed.word(exprEnd - 1))) {
          exprEnd--;
        }
        if (exprEnd <= first) {
          throw new Refused("its select list could not be matched to the parsed statement");
        }
      }
      items.add(new Item(item, span(first, end), span(first, exprEnd), alias));
    }
  }

  private List<Expression> itemExpressions() {
    List<Expression> out = new ArrayList<>();
    for (Item item : items) {
      Expression e = item.ast().getExpression();
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private boolean star(Item item) {
    return item.ast().getExpression() instanceof AllColumns;
  }

  // --- ROWS mode: the nodes' rows are the answer's rows ------------------------------------

  private ScatterQuery rows(String what) throws Refused {
    List<SortKey> sortKeys = new ArrayList<>();
    List<DistinctKey> distinctKeys = new ArrayList<>();
    StringBuilder described = new StringBuilder(what);
    if (order >= 0) {
      List<int[]> parts = split(order + 2, clauseEnd(order));
      List<OrderByElement> elements = select.getOrderByElements();
      if (elements == null || parts.size() != elements.size()) {
        throw new Refused("its ORDER BY could not be matched to the parsed statement");
      }
      for (int k = 0; k < parts.size(); k++) {
        OrderByElement element = elements.get(k);
        requireDefaultNulls(element);
        Span text = orderTarget(element, parts.get(k));
        if (distinct && !isSelected(element, text)) {
          throw new Refused("SELECT DISTINCT ... ORDER BY an expression that is not selected cannot be merged: the nodes would keep rows"
              + " distinct by that expression too; order by selected columns");
        }
        int value = push(text, false);
        int weight = push(text, true);
        sortKeys.add(new SortKey(new MergeExpr.Column(value), weight, -1, element.isAsc()));
      }
      described.append(", merged in order of ").append(sql, lexed.significant.get(order + 2).start(), lexed.significant.get(clauseEnd(order) - 1).end());
    } else {
      described.append(", one node after another");
    }
    if (distinct) {
      for (int k = 0; k < items.size(); k++) {
        Item item = items.get(k);
        if (star(item)) {
          throw new Refused("SELECT DISTINCT * cannot be merged across nodes; name the columns");
        }
        distinctKeys.add(new DistinctKey(k, push(item.expression(), true)));
      }
      described.append(", rows equal across nodes returned once");
    }
    Bound[] bounds = bounds();
    if (bounds[0] != null) {
      described.append(", each node limited to offset + count rows, the offset skipped once");
    }
    SqlTemplate.Builder template = new SqlTemplate.Builder(lexed);
    Span items = span(itemsStart, from);
    template.original(0, items.end());
    appendPushed(template, true);
    int rest = limit >= 0 ? lexed.significant.get(limit).start() : sql.length();
    template.original(items.end(), rest, keyList);
    if (limit >= 0) {
      Bound count = bounds[0];
      Bound skip = bounds[1];
      template.text("LIMIT ").late(parameters -> Long.toString(Math.addExact(count.value(parameters), skip == null ? 0 : skip.value(parameters))));
      if (tail >= 0) {
        template.text(" ").original(lexed.significant.get(tail).start(), sql.length());
      } else {
        template.original(lexed.significant.get(length - 1).end(), sql.length());
      }
    }
    return new ScatterQuery(Mode.ROWS, template.build(), pushed.size(), distinct, distinctKeys, sortKeys, bounds[0], bounds[1],
        List.of(), List.of(), List.of(), List.of(), null, described.toString());
  }

  /** The text an ORDER BY element sorts by: a select item's expression for a position or an alias, else its own. */
  private Span orderTarget(OrderByElement element, int[] part) throws Refused {
    Expression e = element.getExpression();
    if (e instanceof LongValue position) {
      int k = (int) position.getValue() - 1;
      if (k < 0 || k >= items.size() || star(items.get(k))) {
        throw new Refused("ORDER BY " + position + " does not name a column the driver can merge on; name the column");
      }
      return items.get(k).expression();
    }
    Item aliased = aliased(e);
    if (aliased != null) {
      return aliased.expression();
    }
    int end = part[1];
    while (end > part[0] + 1 && (("ASC".equals(lexed.word(end - 1))) || "DESC".equals(lexed.word(end - 1)))) {
      end--;
    }
    return span(part[0], end);
  }

  private boolean isSelected(OrderByElement element, Span text) {
    if (element.getExpression() instanceof LongValue || aliased(element.getExpression()) != null) {
      return true;
    }
    String wanted = normalized(text);
    for (Item item : items) {
      if (normalized(item.expression()).equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  private String normalized(Span span) {
    return sql.substring(span.start(), span.end()).replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
  }

  /** The select item an unqualified column reference names by its alias, or null. */
  private Item aliased(Expression e) {
    if (e instanceof Column column && column.getTable() == null) {
      String name = Names.unquote(column.getColumnName());
      for (Item item : items) {
        if (item.alias() != null && item.alias().equalsIgnoreCase(name)) {
          return item;
        }
      }
    }
    return null;
  }

  private static void requireDefaultNulls(OrderByElement element) throws Refused {
    if (element.getNullOrdering() != null) {
      throw new Refused("ORDER BY ... NULLS FIRST/LAST is not MySQL and cannot be merged");
    }
  }

  private boolean groupedOnShardKey() {
    ExpressionList<?> keys = select.getGroupBy().getGroupByExpressionList();
    if (keys == null) {
      return false;
    }
    for (Object key : keys) {
      if (key instanceof Column column && !scope.shardColumnOwners(column).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  // --- GROUPS mode: partial aggregates combined by the driver -------------------------------

  private ScatterQuery groups() throws Refused {
    if (distinct) {
      throw new Refused("SELECT DISTINCT with aggregates over groups that span nodes cannot be merged yet");
    }
    for (Item item : items) {
      if (star(item) || item.ast().getExpression() == null) {
        throw new Refused("SELECT * with aggregates or GROUP BY cannot be merged across nodes; name the columns");
      }
    }
    Compiler compiler = new Compiler();
    List<Integer> groupColumns = new ArrayList<>();
    List<Integer> groupWeights = new ArrayList<>();
    List<Span> groupTexts = new ArrayList<>();
    if (select.getGroupBy() != null) {
      List<int[]> parts = split(group + 2, clauseEnd(group));
      ExpressionList<?> keys = select.getGroupBy().getGroupByExpressionList();
      if (keys == null || parts.size() != keys.size()) {
        throw new Refused("its GROUP BY could not be matched to the parsed statement");
      }
      for (int k = 0; k < parts.size(); k++) {
        Expression key = (Expression) keys.get(k);
        Span text;
        if (key instanceof LongValue position && position.getValue() >= 1 && position.getValue() <= items.size()) {
          text = items.get((int) position.getValue() - 1).expression();
        } else if (aliased(key) != null) {
          text = aliased(key).expression();
        } else {
          text = span(parts.get(k)[0], parts.get(k)[1]);
        }
        if (containsAggregate(key)) {
          throw new Refused("GROUP BY an aggregate is not valid SQL");
        }
        groupTexts.add(text);
        int column = push(text, false);
        groupColumns.add(column);
        groupWeights.add(push(text, true));
        compiler.known(normalized(text), column);
      }
    }
    List<Output> outputs = new ArrayList<>();
    for (Item item : items) {
      MergeExpr value = compiler.compile(item.ast().getExpression(), item.expression());
      int meta = value instanceof MergeExpr.Column c ? c.index() : value instanceof MergeExpr.Partial p ? compiler.partials.get(p.index()).column() : -1;
      // MySQL labels a plain column by its name (the node's label for the pushed column), anything
      // else by its text as written.
      String label = item.alias() != null ? item.alias()
          : item.ast().getExpression() instanceof Column && meta >= 0 ? null : sql.substring(item.expression().start(), item.expression().end());
      outputs.add(new Output(label, value, meta));
      compiler.output(item, value);
    }
    MergeExpr havingExpr = select.getHaving() == null ? null : compiler.compile(select.getHaving(), null);
    List<SortKey> sortKeys = new ArrayList<>();
    if (order >= 0) {
      List<OrderByElement> elements = select.getOrderByElements();
      for (OrderByElement element : elements) {
        requireDefaultNulls(element);
        Expression e = element.getExpression();
        MergeExpr value;
        if (e instanceof LongValue position && position.getValue() >= 1 && position.getValue() <= outputs.size()) {
          value = outputs.get((int) position.getValue() - 1).value();
        } else if (aliased(e) != null) {
          value = outputs.get(items.indexOf(aliased(e))).value();
        } else {
          value = compiler.compile(e, null);
        }
        int weightColumn = value instanceof MergeExpr.Column c ? compiler.weightOf(c.index()) : -1;
        int weightPartial = value instanceof MergeExpr.Partial p && compiler.partials.get(p.index()).weightColumn() >= 0 ? p.index() : -1;
        sortKeys.add(new SortKey(value, weightColumn, weightPartial, element.isAsc()));
      }
    }
    Bound[] bounds = bounds();
    SqlTemplate.Builder template = new SqlTemplate.Builder(lexed);
    // Everything up to the select items is kept, comments and optimizer hints included, but DISTINCT:
    // the combined groups are distinct already.
    int kept = 0;
    for (int i = selectToken + 1; i < itemsStart; i++) {
      if ("DISTINCT".equals(lexed.word(i)) || "DISTINCTROW".equals(lexed.word(i))) {
        template.original(kept, lexed.significant.get(i).start());
        kept = lexed.significant.get(i).end();
      }
    }
    template.original(kept, lexed.significant.get(itemsStart).start());
    appendPushed(template, false);
    template.text(" ");
    int fromEnd = clauseEnd(from);
    template.original(lexed.significant.get(from).start(), lexed.significant.get(fromEnd - 1).end(), keyList);
    if (!groupTexts.isEmpty()) {
      template.text(" GROUP BY ");
      for (int k = 0; k < groupTexts.size(); k++) {
        template.text(k == 0 ? "" : ", ").original(groupTexts.get(k).start(), groupTexts.get(k).end());
      }
    }
    if (tail >= 0) {
      template.text(" ").original(lexed.significant.get(tail).start(), sql.length());
    } else {
      // Trailing comments only: HAVING, ORDER BY and LIMIT are the driver's, after combining.
      template.original(lexed.significant.get(length - 1).end(), sql.length());
    }
    String described = "partial aggregates per " + (groupTexts.isEmpty() ? "node" : "group on each node") + ", combined by the driver"
        + (havingExpr != null ? ", HAVING applied after combining" : "") + (sortKeys.isEmpty() ? "" : ", sorted after combining")
        + (bounds[0] != null ? ", LIMIT applied after combining" : "");
    return new ScatterQuery(Mode.GROUPS, template.build(), pushed.size(), false, List.of(), sortKeys, bounds[0], bounds[1],
        groupColumns, groupWeights, compiler.partials, outputs, havingExpr, described);
  }

  /** Turns SQL expressions into {@link MergeExpr}s, pushing what each node must compute. */
  private final class Compiler {
    final List<Partial> partials = new ArrayList<>();
    private final List<String> pushedTexts = new ArrayList<>();
    private final List<Integer> pushedColumns = new ArrayList<>();
    private final List<Integer> weights = new ArrayList<>();
    private final List<Item> outputItems = new ArrayList<>();
    private final List<MergeExpr> outputValues = new ArrayList<>();

    void known(String normalizedText, int column) {
      pushedTexts.add(normalizedText);
      pushedColumns.add(column);
      weights.add(column + 1); // group keys are pushed as value then weight
    }

    void output(Item item, MergeExpr value) {
      outputItems.add(item);
      outputValues.add(value);
    }

    int weightOf(int column) {
      int at = pushedColumns.indexOf(column);
      return at < 0 ? -1 : weights.get(at);
    }

    /**
     * @param text the original text of {@code e} when known (a select item), else null (then the
     *     parse tree's text is used for what is pushed to the nodes)
     */
    MergeExpr compile(Expression e, Span text) throws Refused {
      Expression x = unwrap(e);
      if (x instanceof Function f && AGGREGATES.contains(upper(f.getName()))) {
        return aggregate(f);
      }
      if (x instanceof MySQLGroupConcat || x instanceof JsonAggregateFunction) {
        throw new Refused(x instanceof MySQLGroupConcat ? "GROUP_CONCAT() over groups that span nodes cannot be merged"
            : "JSON aggregates over groups that span nodes cannot be merged");
      }
      if (x instanceof Function f && UNMERGEABLE.contains(upper(f.getName()))) {
        throw new Refused(upper(f.getName()) + "() over groups that span nodes cannot be merged");
      }
      Item aliasedItem = aliased(x);
      if (aliasedItem != null && outputItems.contains(aliasedItem)) {
        return outputValues.get(outputItems.indexOf(aliasedItem));
      }
      if (!containsAggregate(x) && !mentionsOutputAlias(x)) {
        if (x instanceof LongValue v) {
          return new MergeExpr.Literal(v.getValue());
        }
        if (x instanceof DoubleValue d) {
          String literal = d.toString();
          return new MergeExpr.Literal(literal.toLowerCase(Locale.ROOT).contains("e") ? (Object) d.getValue() : new BigDecimal(literal));
        }
        if (x instanceof StringValue s) {
          return new MergeExpr.Literal(s.getValue());
        }
        if (x instanceof NullValue) {
          return new MergeExpr.Literal(null);
        }
        if (x instanceof JdbcParameter p && !p.isUseFixedIndex() && p.getIndex() != null) {
          return new MergeExpr.Param(p.getIndex());
        }
        return column(x, text);
      }
      if (x instanceof Addition a) {
        return binary(MergeExpr.Op.ADD, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof Subtraction a) {
        return binary(MergeExpr.Op.SUBTRACT, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof Multiplication a) {
        return binary(MergeExpr.Op.MULTIPLY, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof Division a) {
        return binary(MergeExpr.Op.DIVIDE, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof IntegerDivision a) {
        return binary(MergeExpr.Op.INTEGER_DIVIDE, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof Modulo a) {
        return binary(MergeExpr.Op.MODULO, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof EqualsTo a) {
        return binary(MergeExpr.Op.EQUALS, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof NotEqualsTo a) {
        return binary(MergeExpr.Op.NOT_EQUALS, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof MinorThan a) {
        return binary(MergeExpr.Op.LESS, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof MinorThanEquals a) {
        return binary(MergeExpr.Op.LESS_OR_EQUAL, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof GreaterThan a) {
        return binary(MergeExpr.Op.GREATER, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof GreaterThanEquals a) {
        return binary(MergeExpr.Op.GREATER_OR_EQUAL, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof AndExpression a) {
        return binary(MergeExpr.Op.AND, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof OrExpression a) {
        return binary(MergeExpr.Op.OR, a.getLeftExpression(), a.getRightExpression());
      }
      if (x instanceof NotExpression n) {
        return new MergeExpr.Not(compile(n.getExpression(), null));
      }
      if (x instanceof IsNullExpression n) {
        return new MergeExpr.IsNull(compile(n.getLeftExpression(), null), n.isNot());
      }
      if (x instanceof SignedExpression s && s.getSign() == '-') {
        return new MergeExpr.Binary(MergeExpr.Op.SUBTRACT, new MergeExpr.Literal(0L), compile(s.getExpression(), null));
      }
      if (x instanceof Function f && ("COALESCE".equals(upper(f.getName())) || "IFNULL".equals(upper(f.getName()))) && f.getParameters() != null) {
        List<MergeExpr> operands = new ArrayList<>();
        for (Object operand : f.getParameters()) {
          operands.add(compile((Expression) operand, null));
        }
        return new MergeExpr.Coalesce(operands);
      }
      throw new Refused("the expression " + abbreviate(x.toString()) + " over aggregates cannot be merged across nodes (the driver merges"
          + " arithmetic, comparisons, AND/OR/NOT, IS NULL and COALESCE/IFNULL over COUNT, SUM, MIN, MAX and AVG)");
    }

    /** Whether {@code x} names a select item by its alias (HAVING n > 2): then it is compiled, not pushed. */
    private boolean mentionsOutputAlias(Expression x) {
      boolean[] found = {false};
      x.accept(new ExpressionVisitorAdapter<Void>() {
        @Override
        public <S> Void visit(Column column, S context) {
          Item item = aliased(column);
          if (item != null && outputItems.contains(item)) {
            found[0] = true;
          }
          return null;
        }

        @Override
        public <S> Void visit(ParenthesedSelect subquery, S context) {
          return null;
        }
      }, null);
      return found[0];
    }

    private MergeExpr binary(MergeExpr.Op op, Expression left, Expression right) throws Refused {
      return new MergeExpr.Binary(op, compile(left, null), compile(right, null));
    }

    private MergeExpr aggregate(Function f) throws Refused {
      String name = upper(f.getName());
      Expression argument = f.isAllColumns() || f.getParameters() == null || f.getParameters().isEmpty() ? null : (Expression) f.getParameters().get(0);
      if (f.getParameters() != null && f.getParameters().size() > 1) {
        throw new Refused(name + "() with several arguments cannot be merged across nodes");
      }
      boolean onShardKey = argument instanceof Column column && !scope.shardColumnOwners(column).isEmpty();
      if (f.isDistinct() && !onShardKey && !name.equals("MIN") && !name.equals("MAX")) {
        throw new Refused(name + "(DISTINCT ...) over rows of several nodes can only be merged on the shard column, whose values each live on"
            + " one node; " + abbreviate(f.toString()) + " is refused");
      }
      String call = deparsed(f);
      switch (name) {
        case "COUNT" -> {
          return partial(PartialKind.COUNT, call, false);
        }
        case "SUM" -> {
          return partial(PartialKind.SUM, call, false);
        }
        case "MIN" -> {
          return partial(PartialKind.MIN, call, true);
        }
        case "MAX" -> {
          return partial(PartialKind.MAX, call, true);
        }
        default -> {
          String arg = argument == null ? "*" : deparsed(argument);
          String distinctWord = f.isDistinct() ? "DISTINCT " : "";
          MergeExpr.Partial sum = partial(PartialKind.SUM, "SUM(" + distinctWord + arg + ")", false);
          MergeExpr.Partial count = partial(PartialKind.COUNT, "COUNT(" + distinctWord + arg + ")", false);
          return new MergeExpr.Average(sum.index(), count.index());
        }
      }
    }

    private MergeExpr.Partial partial(PartialKind kind, String call, boolean weighted) {
      int column = pushText(call);
      int weight = weighted ? pushText("WEIGHT_STRING(" + call + ")") : -1;
      partials.add(new Partial(kind, column, weight));
      return new MergeExpr.Partial(partials.size() - 1);
    }

    /** A value each node computes per group (a group key or a value the same across the group), with its weight. */
    private MergeExpr column(Expression x, Span text) throws Refused {
      String pushedText = text != null ? normalized(text) : x.toString().replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
      int known = pushedTexts.indexOf(pushedText);
      if (known >= 0) {
        return new MergeExpr.Column(pushedColumns.get(known));
      }
      int column;
      int weight;
      if (text != null) {
        column = push(text, false);
        weight = push(text, true);
      } else {
        String expression = deparsed(x);
        column = pushText(expression);
        weight = pushText("WEIGHT_STRING(" + expression + ")");
      }
      pushedTexts.add(pushedText);
      pushedColumns.add(column);
      weights.add(weight);
      return new MergeExpr.Column(column);
    }
  }

  // --- shared pieces ------------------------------------------------------------------------

  /** Pushes the original text of {@code span} (or its WEIGHT_STRING) as a column; returns its index. */
  private int push(Span span, boolean weight) {
    List<Object> pieces = new ArrayList<>();
    if (weight) {
      pieces.add("WEIGHT_STRING(");
    }
    pieces.add(span);
    if (weight) {
      pieces.add(")");
    }
    pushed.add(pieces);
    return pushed.size() - 1;
  }

  private int pushText(String text) {
    pushed.add(List.of(text));
    return pushed.size() - 1;
  }

  private void appendPushed(SqlTemplate.Builder template, boolean afterItems) {
    for (int k = 0; k < pushed.size(); k++) {
      template.text(k == 0 && !afterItems ? "" : ", ");
      for (Object piece : pushed.get(k)) {
        if (piece instanceof Span span) {
          template.original(span.start(), span.end());
        } else {
          template.text((String) piece);
        }
      }
    }
  }

  /** The parse tree's text of an expression pushed to the nodes; refused when it holds a {@code ?}, whose value the text would lose. */
  private static String deparsed(Expression e) throws Refused {
    boolean[] parameter = {false};
    e.accept(new ExpressionVisitorAdapter<Void>() {
      @Override
      public <S> Void visit(JdbcParameter p, S context) {
        parameter[0] = true;
        return null;
      }
    }, null);
    if (parameter[0]) {
      throw new Refused("a ? inside " + abbreviate(e.toString()) + " cannot be merged across nodes; write the value in the SQL");
    }
    return e.toString();
  }

  private Bound[] bounds() throws Refused {
    Limit l = select.getLimit();
    Bound count = null;
    Bound skip = null;
    if (l != null) {
      if (l.isLimitAll() || l.isLimitNull() || l.getRowCount() == null) {
        throw new Refused("this LIMIT form cannot be merged across nodes");
      }
      count = bound(l.getRowCount());
      if (l.getOffset() != null) {
        skip = bound(l.getOffset());
      }
    }
    if (select.getOffset() != null) {
      skip = bound(select.getOffset().getOffset());
    }
    if (select.getFetch() != null) {
      throw new Refused("FETCH FIRST cannot be merged across nodes; use LIMIT");
    }
    return new Bound[] {count, skip};
  }

  private static Bound bound(Expression e) throws Refused {
    if (e instanceof LongValue v) {
      return new Bound(v.getValue(), 0);
    }
    if (e instanceof JdbcParameter p && !p.isUseFixedIndex() && p.getIndex() != null) {
      return new Bound(0, p.getIndex());
    }
    throw new Refused("LIMIT " + e + " is not an integer or a ? marker");
  }

  private boolean hasWindowFunction() {
    boolean[] found = {false};
    ExpressionVisitorAdapter<Void> visitor = new ExpressionVisitorAdapter<>() {
      @Override
      public <S> Void visit(AnalyticExpression analytic, S context) {
        found[0] = true;
        return null;
      }

      @Override
      public <S> Void visit(ParenthesedSelect subquery, S context) {
        return null;
      }
    };
    List<Expression> all = new ArrayList<>(itemExpressions());
    all.addAll(orderExpressions());
    for (Expression e : all) {
      e.accept(visitor, null);
    }
    return found[0];
  }

  private List<Expression> orderExpressions() {
    List<Expression> out = new ArrayList<>();
    if (select.getOrderByElements() != null) {
      select.getOrderByElements().forEach(o -> out.add(o.getExpression()));
    }
    return out;
  }

  /** Whether an aggregate call appears in these expressions outside any subquery; window functions are refused by the caller. */
  private static boolean containsAggregate(List<Expression> expressions) {
    boolean[] found = {false};
    ExpressionVisitorAdapter<Void> visitor = new ExpressionVisitorAdapter<>() {
      @Override
      public <S> Void visit(Function function, S context) {
        String name = upper(function.getName());
        if (AGGREGATES.contains(name) || UNMERGEABLE.contains(name)) {
          found[0] = true;
        }
        return super.visit(function, context);
      }

      @Override
      public <S> Void visit(AnalyticExpression analytic, S context) {
        found[0] = true;
        return null;
      }

      @Override
      public <S> Void visit(MySQLGroupConcat concat, S context) {
        found[0] = true;
        return null;
      }

      @Override
      public <S> Void visit(JsonAggregateFunction json, S context) {
        found[0] = true;
        return null;
      }

      @Override
      public <S> Void visit(ParenthesedSelect subquery, S context) {
        return null; // a subquery's aggregates are its own
      }
    };
    for (Expression e : expressions) {
      if (e != null) {
        e.accept(visitor, null);
      }
    }
    return found[0];
  }

  private static boolean containsAggregate(Expression e) {
    return e != null && containsAggregate(List.of(e));
  }

  private static Expression unwrap(Expression e) {
    Expression x = e;
    while (x instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
      x = (Expression) list.get(0);
    }
    return x;
  }

  private static String upper(String name) {
    return name == null ? "" : name.toUpperCase(Locale.ROOT);
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 80 ? "`" + flat + "`" : "`" + flat.substring(0, 80) + "...`";
  }
}
