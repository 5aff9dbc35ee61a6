package dev.shardline.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.SqlLexer.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlLexerTest {

  private static int markers(String sql) {
    return SqlLexer.lex(sql).parameterCount();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "select ?|1",
      "select ? , ?|2",
      "select '?' , ?|1",
      "select \"?\" , ?|1",
      "select `?` from t where a = ?|1",
      "select 'it''s ?' , ?|1",
      "select 'a\\' ?' , ?|1",
      "select 'a\\\\' , ?|1",
      "select /* ? */ ?|1",
      "select ? -- ?|1",
      "select ? # ?|1",
      "select 1--?|1",
      "select /*+ hint(?) */ ?|1",
      "select ?,?,?|3",
      "insert into t values (?, ?), (?, ?) on duplicate key update a = ?|5"})
  void countsMarkersOutsideStringsNamesAndComments(String sql, int expected) {
    assertEquals(expected, markers(sql));
  }

  @Test
  void markerOffsets() {
    assertArrayEquals(new int[] {7, 22}, SqlLexer.lex("select ? from t where ?").paramOffsets);
  }

  @Test
  void dashDashNeedsWhitespaceToStartAComment() {
    LexedSql comment = SqlLexer.lex("select 1 -- x");
    assertEquals(Type.COMMENT, comment.tokens.get(comment.tokens.size() - 1).type());
    LexedSql arithmetic = SqlLexer.lex("select 1--1");
    assertTrue(arithmetic.tokens.stream().noneMatch(t -> t.type() == Type.COMMENT));
    LexedSql atEnd = SqlLexer.lex("select 1 --");
    assertEquals(Type.COMMENT, atEnd.tokens.get(atEnd.tokens.size() - 1).type());
  }

  @Test
  void significantTokensSkipComments() {
    LexedSql lexed = SqlLexer.lex("/* a */ SELECT -- b\n x # c\n FROM `t`");
    assertEquals(4, lexed.significant.size());
    assertEquals("SELECT", lexed.word(0));
    assertEquals("X", lexed.word(1));
    assertEquals(Type.QUOTED_ID, lexed.significant.get(3).type());
    assertNull(lexed.word(3));
    assertNull(lexed.word(99));
  }

  @Test
  void flags() {
    assertTrue(SqlLexer.lex("select 1 # x").hashComment);
    assertFalse(SqlLexer.lex("select '#'").hashComment);
    assertTrue(SqlLexer.lex("select a || b").pipes);
    assertFalse(SqlLexer.lex("select 'a || b', a | b").pipes);
    assertTrue(SqlLexer.lex("select ?1").numberedParam);
    assertFalse(SqlLexer.lex("select ?, 1").numberedParam);
    assertTrue(SqlLexer.lex("select 'abc").unterminated);
    assertTrue(SqlLexer.lex("select /* abc").unterminated);
    assertTrue(SqlLexer.lex("select `abc").unterminated);
    assertFalse(SqlLexer.lex("select 'abc'").unterminated);
  }

  @Test
  void statementLength() {
    assertEquals(2, SqlLexer.lex("select 1").statementLength());
    assertEquals(2, SqlLexer.lex("select 1 ;").statementLength());
    assertEquals(2, SqlLexer.lex("select 1;; ; -- done").statementLength());
    assertEquals(-1, SqlLexer.lex("select 1; select 2").statementLength());
    assertEquals(3, SqlLexer.lex("select ';' x").statementLength());
    assertEquals(0, SqlLexer.lex("  ").statementLength());
    assertEquals(0, SqlLexer.lex("/* x */").statementLength());
  }

  @Test
  void blankingKeepsOffsets() {
    LexedSql lexed = SqlLexer.lex("select 1 # c\nfrom t");
    String blanked = lexed.blank(lexed.hashComments());
    assertEquals(lexed.sql.length(), blanked.length());
    assertEquals("select 1    \nfrom t", blanked);
  }

  @Test
  void unicodeIdentifiersAreWords() {
    LexedSql lexed = SqlLexer.lex("select * from tablé where ü = ?");
    assertEquals("TABLÉ", lexed.word(3));
    assertEquals(1, lexed.parameterCount());
  }
}
