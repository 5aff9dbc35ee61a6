package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * readsNoRows() on the parse tree. It replaces EmptyResultProbe, a regular expression that also
 * matched a WHERE 0 inside a subquery, a UNION branch or a NOT EXISTS body, and then sent the
 * statement to one node as if it returned nothing.
 */
class ReadsNoRowsTest {

  @Test
  void emptyResultProbeMatchedWhereZeroInsideANotInSubquery() {
    StatementAnalysis a = analyze("SELECT COUNT(*) FROM posts WHERE user_id NOT IN (SELECT user_id FROM users WHERE 0)");
    assertFalse(a.readsNoRows(), a::toString);
    // the subquery reads no row anywhere, so it needs no key: the outer count is scattered and summed
    assertTrue(a.refusal().isEmpty(), a::toString);
    assertTrue(a.keys().isEmpty(), a::toString);
  }

  @Test
  void emptyResultProbeMatchedWhereZeroInAUnionBranch() {
    assertFalse(analyze("SELECT a FROM t WHERE 0 UNION SELECT a FROM u").readsNoRows());
    assertFalse(analyze("SELECT name FROM users WHERE 0 UNION ALL SELECT name FROM users").readsNoRows());
  }

  @Test
  void emptyResultProbeMatchedWhereZeroInANotExistsBody() {
    assertFalse(analyze("SELECT * FROM posts WHERE NOT EXISTS (SELECT 1 FROM users WHERE 0)").readsNoRows());
  }

  @Test
  void emptyResultProbeMatchedAConstantFalseUnderOr() {
    assertFalse(analyze("SELECT * FROM users WHERE 1=0 OR user_id=1").readsNoRows());
  }

  @Test
  void anAggregateOverNoRowsStillShowsAScalarSubquery() {
    assertFalse(analyze("SELECT COUNT(*), (SELECT COUNT(*) FROM users) FROM posts WHERE 1=0").readsNoRows());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM users WHERE 1=0",
      "SELECT * FROM users WHERE 0",
      "SELECT * FROM users WHERE false LIMIT 1",
      "select * from posts where 1=0",
      "SELECT * FROM users LIMIT 0",
      "SELECT * FROM users WHERE (1=0)",
      "SELECT * FROM users WHERE ((0))",
      "SELECT * FROM users WHERE 0=1",
      "SELECT * FROM users WHERE 1<>1",
      "SELECT * FROM users WHERE 1!=1",
      "SELECT * FROM users WHERE NULL",
      "SELECT * FROM users WHERE FALSE",
      "SELECT * FROM users WHERE -1 = 1",
      "SELECT * FROM users WHERE user_id = ? AND 1 = 0",
      "SELECT * FROM users WHERE a IN (1, 2) AND 1 = 0 AND b = ?",
      "SELECT * FROM users WHERE (x = 1 AND (0))",
      "SELECT * FROM users WHERE 1=0 FOR UPDATE",
      "SELECT * FROM users u JOIN posts p ON p.id = u.x WHERE 1 = 0",
      "SELECT COUNT(*) FROM users WHERE 1=0",
      "SELECT * FROM users WHERE 0 AND user_id IN (SELECT user_id FROM posts WHERE title = ?)",
      "SELECT * FROM users LIMIT 5, 0",
      "SELECT * FROM users LIMIT 0 OFFSET 3",
      "SELECT (SELECT COUNT(*) FROM users) FROM posts LIMIT 0",
      "(SELECT * FROM users WHERE 0)",
      "(SELECT * FROM users) LIMIT 0",
      "(SELECT a FROM t) UNION (SELECT a FROM u) LIMIT 0",
      "SELECT a FROM t UNION SELECT a FROM u ORDER BY a LIMIT 0",
      "WITH x AS (SELECT * FROM users) SELECT * FROM x WHERE 0",
      "WITH x AS (SELECT * FROM users) SELECT * FROM x LIMIT 0"})
  void readsNoRows(String sql) {
    StatementAnalysis a = analyze(sql);
    assertEquals(Kind.SELECT, a.kind(), a::toString);
    assertTrue(a.readsNoRows(), a::toString);
    assertTrue(a.refusal().isEmpty(), a::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM users",
      "SELECT * FROM users WHERE 1=1",
      "SELECT * FROM users WHERE 1",
      "SELECT * FROM users WHERE TRUE",
      "SELECT * FROM users WHERE user_id = 0",
      "SELECT * FROM users WHERE 0 = user_id",
      "SELECT * FROM users WHERE '0'",
      "SELECT * FROM users WHERE NOT 0",
      "SELECT * FROM users WHERE NOT (1 = 0)",
      "SELECT * FROM users WHERE (1 = 0 OR x = 1)",
      "SELECT * FROM users WHERE 1 = 0 XOR x = 1",
      "SELECT * FROM users WHERE CASE WHEN 1 = 0 THEN 1 END",
      "SELECT * FROM users LIMIT 1",
      "SELECT * FROM users LIMIT ?",
      "SELECT * FROM users LIMIT 0, 1",
      "SELECT * FROM users u JOIN posts p ON 1 = 0",
      "SELECT * FROM users u LEFT JOIN posts p ON p.user_id = u.user_id AND 0",
      "SELECT * FROM (SELECT * FROM users) d WHERE 0",
      "SELECT * FROM users WHERE 0 ORDER BY (SELECT MAX(id) FROM posts)",
      "SELECT user_id FROM users WHERE 0 GROUP BY (SELECT 1 FROM posts LIMIT 1)",
      "SELECT COUNT(*) FROM users WHERE 0 HAVING COUNT(*) < (SELECT COUNT(*) FROM posts)",
      "WITH x AS (SELECT * FROM users WHERE 0) SELECT * FROM x",
      "SELECT * FROM users WHERE user_id IN (SELECT user_id FROM posts WHERE 0)",
      "SELECT * FROM users WHERE 1 = 0 AND concat(a || b) = 'x'",
      "SELECT * FROM users WHERE created > now() - interval ? day and 1 = 0 or x = 1"})
  void readsRows(String sql) {
    StatementAnalysis a = analyze(sql);
    assertEquals(Kind.SELECT, a.kind(), a::toString);
    assertFalse(a.readsNoRows(), a::toString);
  }

  @Test
  void onlySelectsReadNoRows() {
    assertFalse(analyze("UPDATE users SET name = 'x' WHERE 0").readsNoRows());
    assertFalse(analyze("DELETE FROM users WHERE 1 = 0").readsNoRows());
    assertFalse(analyze("EXPLAIN SELECT * FROM users WHERE 0").readsNoRows());
  }

  @Test
  void aProbeNeedsNoKeyEvenWithAnUnkeyedSubqueryInItsWhere() {
    StatementAnalysis a = analyze("SELECT * FROM posts WHERE 1 = 0 AND id IN (SELECT post_id FROM comments)");
    assertTrue(a.readsNoRows(), a::toString);
    assertTrue(a.refusal().isEmpty(), a::toString);
  }
}
