package dev.shardline.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.statement.upsert.UpsertType;
import net.sf.jsqlparser.util.TablesNamesFinder;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import net.sf.jsqlparser.util.deparser.StatementDeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins the JSqlParser 5.3 behaviour the analysis is built around. A failure here after a
 * JSqlParser upgrade means a work-around may be obsolete (or a new one needed): read the class
 * named in the test before deleting it.
 */
class JSqlParserQuirksTest {

  private static Statement parse(String sql) throws ParseException {
    return CCJSqlParserUtil.newParser(sql).withBackslashEscapeCharacter(true).Statement();
  }

  /** The getIndex() of every ? in the order the deparser writes them back, i.e. textual order. */
  private static List<Integer> indexesInTextOrder(Statement statement) {
    StringBuilder buffer = new StringBuilder();
    List<Integer> seen = new ArrayList<>();
    ExpressionDeParser expressions = new ExpressionDeParser() {
      @Override
      public <S> StringBuilder visit(JdbcParameter parameter, S context) {
        seen.add(parameter.getIndex());
        return super.visit(parameter, context);
      }
    };
    SelectDeParser selects = new SelectDeParser(expressions, buffer);
    expressions.setSelectVisitor(selects);
    expressions.setBuilder(buffer);
    statement.accept(new StatementDeParser(expressions, selects, buffer));
    return seen;
  }

  /** SqlParsing trusts getIndex() (checked against the lexer's count); this shows why it may. */
  @ParameterizedTest
  @ValueSource(strings = {
      "select ?, a from users u join posts p on p.user_id = u.user_id and p.x = ? where u.user_id = ? and (select count(*) from c where c.k = ?) > ? order by field(a, ?) limit ?, ?",
      "select case when a = ? then ? else ? end, cast(? as signed) from users where user_id = ? and b between ? and ?",
      "insert into users (user_id, name) values (?, ?), (?, concat(?, 'x')) on duplicate key update name = ?, n = n + ?",
      "update users set name = ?, c = c + ? where user_id = ? order by id limit ?",
      "delete from users where user_id in (?, ?, ?) order by id limit ?",
      "with x as (select * from users where user_id = ?) select * from x where a = ? union all select * from x where b = ?",
      "select * from users where a in (?) and b = ? and c in (?, ?)"})
  void jdbcParametersAreNumberedInTextualOrder(String sql) throws ParseException {
    int markers = SqlLexer.lex(sql).parameterCount();
    assertEquals(IntStream.rangeClosed(1, markers).boxed().toList(), indexesInTextOrder(parse(sql)));
  }

  /** Conditions repairs this; fixed in JSqlParser 5.4 (issues #2244, #2282). */
  @Test
  void inListSwallowsTheRestOfTheCondition() throws ParseException {
    PlainSelect select = (PlainSelect) parse("select * from t where a in (1, 2) and b = 3");
    InExpression in = assertInstanceOf(InExpression.class, select.getWhere(), "5.3 makes IN the root of the condition");
    assertEquals("(1, 2) AND b = 3", in.getRightExpression().toString());
  }

  /** Misassociation catches this one. */
  @Test
  void intervalWithAParameterSwallowsTheRestOfTheCondition() throws ParseException {
    PlainSelect select = (PlainSelect) parse("select * from t where c > now() - interval ? day and b = 3");
    assertTrue(select.getWhere().toString().endsWith("INTERVAL ? day AND b = 3"));
    assertTrue(Misassociation.in(select.getWhere()));
  }

  /** SqlAnalyzer treats "||" (OR in MySQL's default mode) as making conditions untrustworthy. */
  @Test
  void pipesAreConcatenation() throws ParseException {
    PlainSelect select = (PlainSelect) parse("select * from t where a = 1 || b");
    EqualsTo equals = assertInstanceOf(EqualsTo.class, select.getWhere());
    assertInstanceOf(Concat.class, equals.getRightExpression());
  }

  /**
   * Ordinary MySQL table names parse. JSqlParser 5.4 made SETTINGS a reserved word, so
   * {@code SELECT * FROM settings} no longer parses and {@code CREATE TABLE settings} comes back as
   * an UnsupportedStatement naming no table: the reason the project stays on 5.3 (docs/driver.md,
   * "Dependencies").
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "select * from settings where k = ?",
      "insert into settings (k, v) values (?, ?)",
      "create table settings (k varchar(20) primary key, v varchar(20))"})
  void aTableNamedSettingsParses(String sql) throws ParseException {
    assertTrue(new TablesNamesFinder<Void>().getTables(parse(sql)).contains("settings"), sql);
  }

  /** SqlAnalyzer rejects several statements itself; Statement() silently reads only the first. */
  @Test
  void statementStopsAfterTheFirstStatement() throws ParseException {
    assertEquals("SELECT * FROM users", parse("select * from users; delete from users").toString());
  }

  /** SqlParsing guards against the null parser. */
  @Test
  void newParserOfAnEmptyStringIsNull() {
    assertNull(CCJSqlParserUtil.newParser(""));
  }

  /** SqlParsing blanks a trailing LOCK IN SHARE MODE, the lexer handles # comments, KeywordClassifier the rest. */
  @ParameterizedTest
  @ValueSource(strings = {
      "select * from t where a = 1 lock in share mode",
      "select * from t # comment",
      "begin",
      "start transaction",
      "release savepoint s",
      "commit work",
      "set transaction isolation level read committed",
      "drop table if exists a, b",
      "insert into t (a) values (?) as new on duplicate key update a = new.a",
      "select * from t where a = 'it''s \\' ?'",
      "select * from t where a = 0x1F and b = 1"})
  void mysqlSyntaxThatDoesNotParse(String sql) {
    assertThrows(ParseException.class, () -> parse(sql));
  }

  /** InsertAnalyzer reads REPLACE ... SET from getUpdateSets() whatever the type says. */
  @Test
  void replaceSetIsTypeReplaceWithUpdateSets() throws ParseException {
    Upsert upsert = (Upsert) parse("replace into t set a = 1");
    assertEquals(UpsertType.REPLACE, upsert.getUpsertType());
    assertEquals(1, upsert.getUpdateSets().size());
  }

  /** InsertAnalyzer uses getSelect() with instanceof, never getValues(). */
  @Test
  void insertGetValuesThrowsForInsertSelect() throws ParseException {
    Insert insert = (Insert) parse("insert into t (a) select a from u");
    assertThrows(ClassCastException.class, insert::getValues);
  }

  /** TableCollector corrects both. */
  @Test
  void tablesNamesFinderCteAndDropIndex() throws ParseException {
    // a CTE declared "Cte" and used as "cte" is taken for a table
    assertEquals(Set.of("cte"), new TablesNamesFinder<Void>().getTables(parse("with Cte as (select 1) select * from cte")));
    // the CTE name is registered before its body is walked, so the real table the body reads is lost
    assertTrue(new TablesNamesFinder<Void>().getTables(parse("with users as (select * from users) select * from users")).isEmpty());
    assertEquals(Set.of("ix"), new TablesNamesFinder<Void>().getTables(parse("drop index ix on posts")));
  }

  /**
   * NoRows only trusts a set operation's own LIMIT: without ORDER BY, 5.3 hangs a trailing LIMIT
   * on the last branch, though MySQL applies it to the whole UNION (so we miss a LIMIT 0 probe,
   * which is safe); with ORDER BY it is the set operation's.
   */
  @Test
  void trailingLimitOfAUnionWithoutOrderByBelongsToTheLastBranch() throws ParseException {
    SetOperationList plain = (SetOperationList) parse("select a from t union select a from u limit 0");
    assertNull(plain.getLimit());
    assertEquals("LIMIT 0", ((PlainSelect) plain.getSelects().get(1)).getLimit().toString().strip());
    SetOperationList ordered = (SetOperationList) parse("select a from t union select a from u order by a limit 0");
    assertEquals("LIMIT 0", ordered.getLimit().toString().strip());
  }

  /** SubqueryFinder handles it; ExpressionVisitorAdapter does not look into = ANY (SELECT ...). */
  @Test
  void anyComparisonHoldsItsSubqueryOutsideTheExpressionTree() throws ParseException {
    PlainSelect select = (PlainSelect) parse("select * from users where x = any (select user_id from posts)");
    EqualsTo equals = (EqualsTo) select.getWhere();
    assertInstanceOf(AnyComparisonExpression.class, equals.getRightExpression());
    List<Object> seen = new ArrayList<>();
    select.getWhere().accept(new ExpressionVisitorAdapter<Void>() {
      @Override
      public <S> Void visit(ParenthesedSelect subquery, S context) {
        seen.add(subquery);
        return null;
      }
    }, null);
    assertTrue(seen.isEmpty());
    assertEquals(1, SubqueryFinder.in(List.of(select.getWhere())).size());
  }
}
