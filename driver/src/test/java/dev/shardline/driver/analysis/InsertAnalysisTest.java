package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static dev.shardline.driver.analysis.Fixtures.lit;
import static dev.shardline.driver.analysis.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InsertAnalysisTest {

  private static StatementAnalysis accepted(String sql) {
    StatementAnalysis a = analyze(sql);
    assertTrue(a.refusal().isEmpty(), () -> "unexpected refusal: " + a);
    assertTrue(a.parseError().isEmpty(), () -> "unexpected parse error: " + a);
    assertTrue(a.insertRows().isPresent(), () -> "expected insert rows: " + a);
    return a;
  }

  private static String refusal(String sql) {
    StatementAnalysis a = analyze(sql);
    assertTrue(a.refusal().isPresent(), () -> "expected a refusal: " + a);
    assertTrue(a.insertRows().isEmpty(), () -> "a refused insert has no rows to route: " + a);
    return a.refusal().get();
  }

  @Test
  void singleRowWithParameters() {
    StatementAnalysis a = accepted("insert into users (user_id, name) values (?, ?)");
    assertEquals(Kind.INSERT, a.kind());
    assertTrue(a.isWrite());
    assertEquals(List.of(p(1)), a.keys());
    assertEquals(1, a.insertRows().get().rowCount());
    assertEquals(p(1), a.insertRows().get().key(0));
    assertEquals(2, a.parameterCount());
  }

  @Test
  void shardColumnNotFirst() {
    StatementAnalysis a = accepted("insert into posts (id, title, user_id, body) values (?, ?, ?, ?)");
    assertEquals(List.of(p(3)), a.keys());
  }

  @Test
  void multiRowLiterals() {
    StatementAnalysis a = accepted("insert into users (user_id, name) values (1, 'a'), (2, 'b'), (-3, 'c')");
    assertEquals(List.of(lit(1L), lit(2L), lit(-3L)), a.keys());
    assertEquals(3, a.insertRows().get().rowCount());
  }

  @Test
  void multiRowMixedLiteralsAndParameters() {
    StatementAnalysis a = accepted("insert into users (name, user_id) values (?, ?), ('x', 7), (?, 'abc'), (concat(?, ?), ?)");
    assertEquals(List.of(p(2), lit(7L), lit("abc"), p(6)), a.keys());
    assertEquals(6, a.parameterCount());
  }

  @Test
  void everyRowHasItsKeyEvenWhenRepeated() {
    // one KeyRef per row, not de-duplicated: row i is keys().get(i)
    assertEquals(List.of(lit(5L), lit(5L)), accepted("insert into users (user_id) values (5), (5)").keys());
  }

  @Test
  void singleColumnRows() {
    assertEquals(List.of(lit(1L), lit(2L), lit(3L)), accepted("insert into users (user_id) values (1), (2), (3)").keys());
    assertEquals(List.of(p(1)), accepted("insert into users (user_id) values (?)").keys());
  }

  @Test
  void modifiersAndSpellings() {
    assertEquals(List.of(p(1)), accepted("insert ignore into users (user_id, name) values (?, ?)").keys());
    assertEquals(List.of(p(1)), accepted("INSERT LOW_PRIORITY IGNORE INTO users (user_id, name) VALUES (?, ?)").keys());
    assertEquals(List.of(p(1)), accepted("insert users (user_id, name) values (?, ?)").keys());
    assertEquals(List.of(lit(1L)), accepted("insert into users (user_id, name) value (1, 'a')").keys());
    assertEquals(List.of(lit(1L), p(1)), accepted("insert into users (user_id, name) values row(1, 'a'), row(?, 'b')").keys());
  }

  @Test
  void backticksSchemaAndCase() {
    StatementAnalysis a = accepted("INSERT INTO `shop`.`Users` (`NAME`, `User_Id`) VALUES (?, ?)");
    assertEquals(List.of(p(2)), a.keys());
    assertEquals(Set.of("users"), a.tables());
  }

  @Test
  void setForm() {
    StatementAnalysis a = accepted("insert into users set name = ?, user_id = ?");
    assertEquals(List.of(p(2)), a.keys());
    assertEquals(1, a.insertRows().get().rowCount());
  }

  @Test
  void onDuplicateKeyUpdateKeepsTheKeyAndCountsItsParameters() {
    StatementAnalysis a = accepted("insert into users (user_id, name) values (?, ?) on duplicate key update name = ?, visits = visits + ?");
    assertEquals(List.of(p(1)), a.keys());
    assertEquals(4, a.parameterCount());
  }

  @Test
  void onDuplicateKeyUpdateMayRepeatTheKey() {
    accepted("insert into users (user_id, name) values (?, ?) on duplicate key update user_id = values(user_id), name = values(name)");
    accepted("insert into users (user_id, name) values (?, ?) on duplicate key update user_id = user_id");
  }

  @Test
  void onDuplicateKeyUpdateMustNotChangeTheKey() {
    StatementAnalysis a = analyze("insert into users (user_id, name) values (?, ?) on duplicate key update user_id = ?");
    assertEquals(
        "INSERT ... ON DUPLICATE KEY UPDATE of users.user_id would move the row to another node; move the key with `shardline move` instead",
        a.refusal().orElseThrow());
  }

  @Test
  void replace() {
    StatementAnalysis a = accepted("replace into users (user_id, name) values (?, ?), (?, ?)");
    assertEquals(Kind.REPLACE, a.kind());
    assertTrue(a.isWrite());
    assertEquals(List.of(p(1), p(3)), a.keys());
    StatementAnalysis set = accepted("REPLACE INTO users SET user_id = 9, name = 'x'");
    assertEquals(Kind.REPLACE, set.kind());
    assertEquals(List.of(lit(9L)), set.keys());
  }

  @Test
  void insertIntoUnshardedTablesHasNoRows() {
    for (String sql : List.of("insert into countries (id, name) values (?, ?)", "insert into settings (k, v) values (?, ?)",
        "insert into audit_log (msg) values (?)", "insert into countries select * from staging")) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.INSERT, a.kind(), sql);
      assertTrue(a.insertRows().isEmpty(), sql);
      assertTrue(a.keys().isEmpty(), sql);
      assertTrue(a.refusal().isEmpty(), sql);
      assertTrue(a.shardedTables().isEmpty(), sql);
    }
  }

  @Test
  void insertSelectIntoAShardedTableIsRefused() {
    String why = refusal("insert into posts (user_id, title) select user_id, title from drafts where id = ?");
    assertTrue(why.startsWith("INSERT ... SELECT into sharded table posts cannot be routed"), why);
    assertTrue(why.contains("user_id"), why);
    assertTrue(refusal("replace into users (user_id, name) select user_id, name from old").startsWith("REPLACE ... SELECT into sharded table users"));
    refusal("insert into users (user_id, name) (select user_id, name from old)");
    refusal("insert into users (user_id, name) select 1, 'a' union select 2, 'b'");
  }

  @Test
  void missingShardColumnIsRefused() {
    String why = refusal("insert into posts (title, body) values (?, ?)");
    assertTrue(why.startsWith("INSERT into sharded table posts must give the shard column user_id"), why);
    assertTrue(refusal("insert into users set name = 'x'").contains("must give the shard column user_id"));
    assertTrue(refusal("insert into accounts (user_id) values (1)").contains("shard column owner_id"));
  }

  @Test
  void missingColumnListIsRefused() {
    String why = refusal("insert into users values (1, 'x')");
    assertTrue(why.startsWith("INSERT into sharded table users has no column list"), why);
    assertTrue(why.contains("user_id"), why);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "insert into users (user_id, name) values (now(), ?)",
      "insert into users (user_id, name) values ((select max(user_id) + 1 from users), ?)",
      "insert into users (user_id, name) values (default, ?)",
      "insert into users (user_id, name) values (null, ?)",
      "insert into users (user_id, name) values (? + 1, ?)",
      "insert into users (user_id, name) values (1.5, ?)",
      "insert into users (user_id, name) values (@next_id, ?)",
      "insert into users (user_id, name) values (\"5\", ?)",
      "insert into users (user_id, name) values (1, 'a'), (uuid(), 'b')"})
  void shardKeyThatIsNotALiteralOrParameterIsRefused(String sql) {
    String why = refusal(sql);
    assertTrue(why.startsWith("INSERT into users gives the shard column user_id as "), why);
    assertTrue(why.contains("? parameter"), why);
  }

  @Test
  void refusalNamesTheRowOfAMultiRowInsert() {
    String why = refusal("insert into users (user_id, name) values (1, 'a'), (now(), 'b')");
    assertTrue(why.contains("in row 2"), why);
  }

  @Test
  void hintDoesNotExcuseAMissingShardColumn() {
    StatementAnalysis a = analyze("/* shard_key=42 */ insert into posts (title) values (?)");
    assertEquals("42", a.hintKey().orElseThrow());
    assertTrue(a.refusal().isPresent());
  }

  @Test
  void insertWithRowAliasIsAParseErrorInJSqlParser53() {
    // MySQL 8.0.19+ syntax; JSqlParser 5.3 rejects it, so the statement needs a hint
    StatementAnalysis a = analyze("insert into users (user_id, name) values (?, ?) as new on duplicate key update name = new.name");
    assertEquals(Kind.OTHER, a.kind());
    assertTrue(a.parseError().isPresent());
    assertEquals(2, a.parameterCount());
    assertFalse(a.insertRows().isPresent());
  }
}
