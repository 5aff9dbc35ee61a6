package dev.shardline.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.TableRules.ColumnInfo;
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

  /**
   * The same tables plus warehouse (sharded on w_id, the TPC-C table with 9 columns), with schema
   * facts: the logical database "app" and the columns of warehouse, users, accounts, countries and
   * (wrongly, without its shard column) comments. posts has unknown columns.
   */
  static final TableRules SCHEMA_RULES = new TableRules(
      Map.of("users", "user_id", "posts", "user_id", "comments", "user_id", "accounts", "owner_id", "warehouse", "w_id"),
      Set.of("countries"),
      Set.of("settings"))
      .withSchema("app", Map.of(
          "warehouse", List.of(column("w_id", "int"), column("w_name", "varchar"), column("w_street_1", "varchar"),
              column("w_street_2", "varchar"), column("w_city", "varchar"), column("w_state", "char"), column("w_zip", "char"),
              column("w_tax", "decimal"), column("w_ytd", "decimal")),
          "users", List.of(column("user_id", "bigint"), column("name", "varchar"), column("score", "int")),
          "accounts", List.of(column("id", "bigint"), column("owner_id", "bigint"), column("balance", "decimal")),
          "comments", List.of(column("id", "bigint"), column("body", "varchar")),
          "countries", List.of(column("id", "int"), column("code", "char"), column("name", "varchar"))));

  static final SqlAnalyzer SCHEMA_ANALYZER = new SqlAnalyzer(SCHEMA_RULES);

  private Fixtures() {}

  static StatementAnalysis analyze(String sql) {
    return ANALYZER.analyze(sql);
  }

  /** Analysis with {@link #SCHEMA_RULES}. */
  static StatementAnalysis analyzeWithSchema(String sql) {
    return SCHEMA_ANALYZER.analyze(sql);
  }

  static ColumnInfo column(String name, String dataType) {
    boolean text = dataType.equals("varchar") || dataType.equals("char");
    return new ColumnInfo(name, dataType, dataType, text ? "utf8mb4_unicode_ci" : null);
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
