package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The keys a statement gives explicitly: comment hints and {@code SET @@shardline.key}. */
class ExplicitKeyTest {

  @Nested
  class Hints {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "/* shard_key=42 */ select * from users|42",
        "select /* shard_key=42 */ * from users|42",
        "select * from users where name = ? /* shard_key=42 */|42",
        "/* shard_key = 42 */ select 1|42",
        "/*shard_key=-3*/ select 1|-3",
        "/* shard_key=+007 */ select 1|7",
        "/* shard_key='abc' */ select * from users|abc",
        "/* shard_key=\"abc\" */ select * from users|abc",
        "/* shard_key='it''s' */ select 1|it's",
        "/* shard_key='a\\'b' */ select 1|a'b",
        "/* SHARD_KEY=5 */ select 1|5",
        "/* app=blog, shard_key=77, route=primary */ select 1|77",
        "/* first */ select /* shard_key=8 */ * /* last */ from users|8",
        "select * from users -- shard_key=9\\n where id = 1|9",
        "select * from users # shard_key=10\\n where id = 1|10",
        "/* shard_key=1 */ /* shard_key=01 */ select 1|1"})
    void hintValues(String sql, String key) {
      assertEquals(key, analyze(sql.replace("\\n", "\n")).hintKey().orElseThrow());
    }

    @Test
    void hintIsFoundEvenWhenTheSqlDoesNotParse() {
      StatementAnalysis a = analyze("/* shard_key=42 */ LOCK TABLES users WRITE");
      assertEquals(Kind.OTHER, a.kind());
      assertTrue(a.parseError().isPresent());
      assertEquals("42", a.hintKey().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select * from users where note = '/* shard_key=5 */'",
        "select 'shard_key=5' from users",
        "/* my_shard_key=5 */ select 1",
        "/* the shard_key column */ select 1",
        "select * from users"})
    void notHints(String sql) {
      StatementAnalysis a = analyze(sql);
      assertTrue(a.hintKey().isEmpty(), a::toString);
      assertTrue(a.refusal().isEmpty(), a::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/* shard_key=${userId} */ select 1", "/* shard_key= */ select 1", "/* shard_key=4.5 */ select 1",
        "/* shard_key=12abc */ select 1", "/* shard_key='' */ select 1"})
    void unreadableHintsAreRefused(String sql) {
      StatementAnalysis a = analyze(sql);
      assertTrue(a.hintKey().isEmpty());
      assertTrue(a.refusal().orElseThrow().contains("shard_key hint"), a::toString);
    }

    /** Defect: {@code /* shard_key=1; DROP TABLE users *}{@code /} was read as key 1. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/* shard_key=1; DROP TABLE users */ select * from users",
        "/* shard_key=42 or 43 */ select 1",
        "/* shard_key=42 43 */ select 1",
        "/* shard_key='a'b */ select 1",
        "/* shard_key='a' 'b' */ select 1",
        "/* shard_key=5; */ select 1",
        "select * from users -- shard_key=9 and more\\n where id = 1",
        "select * from users # shard_key=10) x\\n where id = 1"})
    void malformedHintWithTextAfterTheKeyIsRefused(String sql) {
      StatementAnalysis a = analyze(sql.replace("\\n", "\n"));
      assertTrue(a.hintKey().isEmpty(), a::toString);
      String why = a.refusal().orElseThrow();
      assertTrue(why.startsWith("the shard_key hint in `"), why);
      assertTrue(why.contains("shard_key="), why);
    }

    @Test
    void malformedHintRefusalNamesTheComment() {
      assertEquals("the shard_key hint in `/* shard_key=1; DROP TABLE users */` has text after the key; only a comma and further"
              + " comment text may follow it, as in /* shard_key=42, app=blog */",
          analyze("/* shard_key=1; DROP TABLE users */ select * from users").refusal().orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "/* shard_key=42, app=blog */ select 1|42",
        "/* shard_key='abc',route=primary */ select 1|abc",
        "/* shard_key=42 , x */ select 1|42",
        "/* shard_key=42,*/ select 1|42",
        "/*   shard_key=42   */ select 1|42",
        "/* shard_key=42\\n */ select 1|42",
        "/* route this, shard_key=42 */ select 1|42"})
    void commaOrWhitespaceAfterTheKeyIsFine(String sql, String key) {
      StatementAnalysis a = analyze(sql.replace("\\n", "\n"));
      assertEquals(key, a.hintKey().orElseThrow(), a::toString);
      assertTrue(a.refusal().isEmpty(), a::toString);
    }

    @Test
    void conflictingHintsAreRefused() {
      StatementAnalysis a = analyze("/* shard_key=1 */ select /* shard_key=2 */ 1");
      assertEquals("the statement has two different shard_key hints, 1 and 2; give one", a.refusal().orElseThrow());
    }

    @Test
    void hintAndSqlKeyAreBothReported() {
      StatementAnalysis a = analyze("/* shard_key=5 */ select * from users where user_id = ?");
      assertEquals("5", a.hintKey().orElseThrow());
      assertEquals(1, a.keys().size());
    }
  }

  @Nested
  class SetShardKey {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "SET @@shardline.key = 42|42",
        "set @@shardline.key=42|42",
        "SET @@SHARDLINE.KEY = 42;|42",
        "  set   @@shardline.key   =   'abc'  ;  |abc",
        "SET @@shardline.key = \"abc\"|abc",
        "SET @@shardline.key = 'it''s'|it's",
        "SET @@shardline.key = -12|-12",
        "SET @@shardline.key = 007|7",
        "SET @@shardline.key := 5|5",
        "SET @@session.shardline.key = 5|5",
        "SET SESSION shardline.key = 5|5",
        "/* from the pool */ SET @@shardline.key = 5 -- user 5|5"})
    void setsTheSessionKey(String sql, String key) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.SET_SHARD_KEY, a.kind(), a::toString);
      assertEquals(key, a.sessionShardKey().orElseThrow());
      assertFalse(a.clearsSessionShardKey());
      assertFalse(a.isWrite());
      assertTrue(a.refusal().isEmpty());
      assertTrue(a.parseError().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET @@shardline.key = NULL", "set @@shardline.key = null;", "SET @@shardline.key = DEFAULT",
        "SET @@shardline.key=default"})
    void clearsTheSessionKey(String sql) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.SET_SHARD_KEY, a.kind(), a::toString);
      assertTrue(a.clearsSessionShardKey());
      assertTrue(a.sessionShardKey().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET @@shardline.key = ?",
        "SET @@shardline.key = 1 + 1",
        "SET @@shardline.key = 42, autocommit = 0",
        "SET autocommit = 0, @@shardline.key = 42",
        "SET @@shardline.key = ''",
        "SET @@shardline.key",
        "SET @@global.shardline.key = 5",
        "SET @shardline.key = 5",
        "SET @@shardline.node = 5"})
    void malformedShardKeyStatementsAreRefusedNotSentToMySql(String sql) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.OTHER, a.kind(), a::toString);
      assertTrue(a.refusal().orElseThrow().contains("SET @@shardline.key = 42"), a::toString);
      assertTrue(a.sessionShardKey().isEmpty());
    }

    @Test
    void otherUserVariablesAreSessionStatements() {
      assertEquals(Kind.SESSION, analyze("SET @shardline_key = 5").kind());
      assertEquals(Kind.SESSION, analyze("SET @x = 'shardline.key'").kind());
    }

    @Test
    void shardKeyStatementFollowedByAnotherIsAParseError() {
      StatementAnalysis a = analyze("SET @@shardline.key = 5; select 1");
      assertEquals(Kind.OTHER, a.kind());
      assertTrue(a.parseError().isPresent());
    }
  }
}
