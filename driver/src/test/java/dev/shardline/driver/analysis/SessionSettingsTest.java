package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.SessionSetting.Kind;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Defects 5 and 12: session SET statements as settings with a canonical variable, so the last value per variable can be kept. */
class SessionSettingsTest {

  private static List<SessionSetting> settings(String sql) {
    StatementAnalysis a = analyze(sql);
    assertEquals(StatementAnalysis.Kind.SESSION, a.kind(), a::toString);
    assertTrue(a.refusal().isEmpty(), a::toString);
    return a.sessionSettings();
  }

  private static SessionSetting only(String sql) {
    List<SessionSetting> all = settings(sql);
    assertEquals(1, all.size(), all::toString);
    return all.get(0);
  }

  private static String refusal(String sql) {
    StatementAnalysis a = analyze(sql);
    assertEquals(StatementAnalysis.Kind.OTHER, a.kind(), a::toString);
    assertTrue(a.sessionSettings().isEmpty(), a::toString);
    return a.refusal().orElseThrow(() -> new AssertionError("expected a refusal: " + a));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "SET SESSION sql_mode = 'ANSI'|sql_mode|SET SESSION sql_mode = 'ANSI'",
      "SET @@session.sql_mode='ANSI'|sql_mode|SET SESSION sql_mode = 'ANSI'",
      "set @@SESSION.SQL_MODE = 'ANSI';|sql_mode|SET SESSION SQL_MODE = 'ANSI'",
      "SET @@local.sql_mode = 'ANSI'|sql_mode|SET SESSION sql_mode = 'ANSI'",
      "SET LOCAL sql_mode = 'ANSI'|sql_mode|SET SESSION sql_mode = 'ANSI'",
      "SET @@sql_mode = 'ANSI'|sql_mode|SET SESSION sql_mode = 'ANSI'",
      "SET sql_mode := 'ANSI'|sql_mode|SET SESSION sql_mode = 'ANSI'",
      "/* mysql-connector-j */ SET sql_mode='STRICT_TRANS_TABLES'|sql_mode|SET SESSION sql_mode = 'STRICT_TRANS_TABLES'",
      "SET `time_zone` = '+00:00'|time_zone|SET SESSION `time_zone` = '+00:00'",
      "SET sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')|sql_mode|SET SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')",
      "set character_set_results = null|character_set_results|SET SESSION character_set_results = null",
      "SET SESSION tx_read_only = 1|transaction_read_only|SET SESSION tx_read_only = 1",
      "SET max_execution_time = 1000 /* ms */|max_execution_time|SET SESSION max_execution_time = 1000",
      "SET max_execution_time = /* ms */ 1000 + 0|max_execution_time|SET SESSION max_execution_time = 1000 + 0",
      "SET @x = 1|@x|SET @x = 1",
      "SET @MyVar := 'a'|@myvar|SET @MyVar = 'a'",
      "SET @`odd name` = 2|@odd name|SET @`odd name` = 2",
      "SET @'q' = 3|@q|SET @'q' = 3",
      "SET @a.b = 4|@a.b|SET @a.b = 4",
      "SET NAMES utf8mb4|names|SET NAMES utf8mb4",
      "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci|names|SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci",
      "SET NAMES 'latin1'|names|SET NAMES 'latin1'",
      "SET CHARACTER SET utf8mb4|names|SET CHARACTER SET utf8mb4",
      "SET CHARSET utf8mb4|names|SET CHARSET utf8mb4",
      "SET ROLE ALL|role|SET ROLE ALL",
      "SET SESSION TRANSACTION READ ONLY|transaction_read_only|SET SESSION TRANSACTION READ ONLY",
      "set local transaction read write|transaction_read_only|SET SESSION TRANSACTION read write"})
  void variableAssignments(String sql, String variable, String standalone) {
    SessionSetting setting = only(sql);
    assertEquals(new SessionSetting(Kind.VARIABLE, variable, standalone, null, null), setting);
  }

  @Test
  void severalAssignmentsInOneStatement() {
    assertEquals(List.of(
        SessionSetting.variable("@a", "SET @a = 1"),
        SessionSetting.variable("sql_mode", "SET SESSION sql_mode = 'x'"),
        SessionSetting.variable("names", "SET NAMES utf8mb4")), settings("SET @a=1, sql_mode='x', NAMES utf8mb4"));
    assertEquals(List.of(
        SessionSetting.variable("@x", "SET @x = 1"),
        SessionSetting.variable("sql_mode", "SET SESSION sql_mode = 'ANSI'")), settings("SET @x = 1, @@session.sql_mode = 'ANSI'"));
  }

  @Test
  void commasInsideParenthesesAndStringsDoNotSplit() {
    assertEquals(List.of(
        SessionSetting.variable("@a", "SET @a = concat('x,y', (1, 2) in ((1, 2)))"),
        SessionSetting.variable("@b", "SET @b = 'p,q'")), settings("SET @a = concat('x,y', (1, 2) in ((1, 2))), @b = 'p,q'"));
  }

  /** "200 borrows each running SET SESSION sql_mode": every spelling must be one variable, so the caller keeps one value. */
  @Test
  void everySpellingOfOneVariableGivesTheSameName() {
    String[] spellings = {"SET SESSION sql_mode = 'A'", "SET @@session.sql_mode = 'B'", "SET @@local.sql_mode = 'C'", "SET LOCAL sql_mode = 'D'",
        "SET @@sql_mode = 'E'", "SET sql_mode = 'F'", "set SQL_MODE = 'G'", "SET `sql_mode` = 'H'"};
    for (String sql : spellings) {
      assertEquals("sql_mode", only(sql).variable(), sql);
    }
    assertEquals(only("SET @Counter = 1").variable(), only("SET @counter := 2").variable());
    assertEquals(only("SET NAMES utf8mb4").variable(), only("SET CHARACTER SET latin1").variable());
    assertEquals(only("SET SESSION TRANSACTION READ ONLY").variable(), only("SET tx_read_only = 0").variable());
    assertEquals(only("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE").variable(), only("SET tx_isolation = 'READ-COMMITTED'").variable());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "set autocommit = 0|false", "SET autocommit=1|true", "SET SESSION autocommit = ON|true", "SET @@autocommit = off|false",
      "SET @@session.autocommit = TRUE|true", "set local autocommit = false|false", "SET AUTOCOMMIT := 1|true"})
  void autocommit(String sql, boolean value) {
    SessionSetting setting = only(sql);
    assertEquals(Kind.AUTOCOMMIT, setting.kind());
    assertEquals("autocommit", setting.variable());
    assertEquals(value, setting.autocommit());
    assertTrue(setting.sql().startsWith("SET SESSION "), setting::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SET autocommit = @x", "SET autocommit = 1 + 0", "SET autocommit = 2", "SET autocommit = DEFAULT", "SET autocommit = 'ON'"})
  void autocommitToAnythingElseIsRefused(String sql) {
    String why = refusal(sql);
    assertTrue(why.startsWith("SET autocommit = "), why);
    assertTrue(why.endsWith(": use 0 or 1, or Connection.setAutoCommit"), why);
  }

  @Test
  void autocommitRefusalNamesTheExpression() {
    assertEquals("SET autocommit = @x: use 0 or 1, or Connection.setAutoCommit", refusal("SET autocommit = @x"));
    assertTrue(refusal("SET @a = 1, autocommit = @x").startsWith("SET autocommit = @x"), "the whole statement is refused");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED|2|SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
      "set session transaction isolation level read uncommitted|1|SET SESSION TRANSACTION isolation level read uncommitted",
      "SET LOCAL TRANSACTION ISOLATION LEVEL REPEATABLE READ|4|SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
      "SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE|8|SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE",
      "SET SESSION transaction_isolation = 'READ-COMMITTED'|2|SET SESSION transaction_isolation = 'READ-COMMITTED'",
      "SET transaction_isolation = 'read-committed'|2|SET SESSION transaction_isolation = 'read-committed'",
      "SET @@tx_isolation = 'REPEATABLE-READ'|4|SET SESSION tx_isolation = 'REPEATABLE-READ'",
      "SET @@session.tx_isolation = \"SERIALIZABLE\"|8|SET SESSION tx_isolation = \"SERIALIZABLE\"",
      "SET tx_isolation = SERIALIZABLE|8|SET SESSION tx_isolation = SERIALIZABLE"})
  void isolation(String sql, int level, String standalone) {
    assertEquals(new SessionSetting(Kind.ISOLATION, "transaction_isolation", standalone, level, null), only(sql));
  }

  @Test
  void isolationConstantsAreJdbcs() {
    assertEquals(Connection.TRANSACTION_READ_COMMITTED, only("SET tx_isolation = 'READ-COMMITTED'").isolation());
    assertEquals(Connection.TRANSACTION_SERIALIZABLE, only("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE").isolation());
  }

  @Test
  void sessionTransactionWithTwoCharacteristicsGivesTwoSettings() {
    assertEquals(List.of(
        SessionSetting.isolation(Connection.TRANSACTION_READ_COMMITTED, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"),
        SessionSetting.variable("transaction_read_only", "SET SESSION TRANSACTION READ ONLY")),
        settings("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SET transaction_isolation = 'READ COMMITTED'", "SET tx_isolation = @level", "SET transaction_isolation = DEFAULT"})
  void isolationToAnythingElseIsRefused(String sql) {
    assertTrue(refusal(sql).contains("use 'READ-UNCOMMITTED', 'READ-COMMITTED', 'REPEATABLE-READ' or 'SERIALIZABLE'"), sql);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SET TRANSACTION READ ONLY", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
      "set transaction isolation level read committed, read write"})
  void transactionWithoutScopeAppliesToTheNextTransactionOnly(String sql) {
    assertEquals(new SessionSetting(Kind.NEXT_TRANSACTION, null, sql, null, null), only(sql));
  }

  @Test
  void nextTransactionSqlIsTheStatementAsWritten() {
    assertEquals("SET  TRANSACTION /* why */ READ ONLY", only("/* pool */ SET  TRANSACTION /* why */ READ ONLY ;").sql());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SET",
      "SET x",
      "SET x =",
      "SET = 1",
      "SET x = 1,",
      "SET , x = 1",
      "SET x 1",
      "SET @ = 1",
      "SET @ a = 1",
      "SET @@ x = 1",
      "SET SESSION",
      "SET SESSION TRANSACTION",
      "SET TRANSACTION READ",
      "SET TRANSACTION ISOLATION LEVEL CHAOS",
      "SET TRANSACTION READ ONLY, ",
      "SET TRANSACTION READ ONLY READ WRITE",
      "SET NAMES",
      "SET CHARACTER SET",
      "SET ROLE",
      "SET OPTION x = 1"})
  void unreadableSetIsRefusedNamingTheStatement(String sql) {
    String why = refusal(sql);
    assertTrue(why.startsWith("cannot read the SET statement `" + sql.strip() + "`"), why);
  }

  @Test
  void aValueFromAQueryIsRefused() {
    String why = refusal("SET @n = (SELECT COUNT(*) FROM users)");
    assertTrue(why.startsWith("the SET statement `SET @n = (SELECT COUNT(*) FROM users)` takes a value from a query"), why);
  }

  @Test
  void aParameterIsRefused() {
    String why = refusal("SET @n = ?");
    assertTrue(why.startsWith("the SET statement `SET @n = ?` has a ? parameter"), why);
    assertEquals(1, analyze("SET sql_mode = ?").parameterCount());
  }

  @Test
  void otherStatementsHaveNoSettings() {
    assertTrue(analyze("USE shop").sessionSettings().isEmpty());
    assertTrue(analyze("select * from users").sessionSettings().isEmpty());
    assertTrue(analyze("SET @@shardline.key = 5").sessionSettings().isEmpty());
    assertTrue(analyze("SET GLOBAL max_connections = 5").sessionSettings().isEmpty());
  }

  @Test
  void settingsAreImmutableAndChecked() {
    assertThrows(UnsupportedOperationException.class, () -> analyze("SET @a = 1").sessionSettings().clear());
    assertThrows(IllegalArgumentException.class, () -> new SessionSetting(Kind.VARIABLE, null, "SET x = 1", null, null));
    assertThrows(IllegalArgumentException.class, () -> new SessionSetting(Kind.AUTOCOMMIT, "autocommit", "SET autocommit = 1", null, null));
    assertThrows(IllegalArgumentException.class, () -> new SessionSetting(Kind.VARIABLE, "x", "SET x = 1", 2, null));
    assertThrows(NullPointerException.class, () -> new SessionSetting(Kind.VARIABLE, "x", null, null, null));
  }
}
