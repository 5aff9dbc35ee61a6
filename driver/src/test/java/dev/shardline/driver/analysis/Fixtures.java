package dev.shardline.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Table rules shared by the analysis tests: the social-site schema of the design brief. */
final class Fixtures {
  /** users, posts, comments sharded on user_id; accounts on owner_id; countries global; settings broadcast. */
  static final TableRules RULES = new TableRules(
      Map.of("users", "user_id", "posts", "user_id", "comments", "user_id", "accounts", "owner_id"),
      Set.of("countries"),
      Set.of("settings"));

  static final SqlAnalyzer ANALYZER = new SqlAnalyzer(RULES);

  private Fixtures() {}

  static StatementAnalysis analyze(String sql) {
    return ANALYZER.analyze(sql);
  }

  static KeyRef p(int index) {
    return KeyRef.ofParameter(index);
  }

  static KeyRef lit(Object value) {
    return KeyRef.ofLiteral(value);
  }

  static void assertKeys(String sql, KeyRef... expected) {
    StatementAnalysis analysis = analyze(sql);
    assertEquals(List.of(expected), analysis.keys(), () -> "keys of: " + sql + " -> " + analysis);
  }

  static void assertNoKeys(String sql) {
    StatementAnalysis analysis = analyze(sql);
    assertTrue(analysis.keys().isEmpty(), () -> "expected no keys for: " + sql + " -> " + analysis);
  }
}
