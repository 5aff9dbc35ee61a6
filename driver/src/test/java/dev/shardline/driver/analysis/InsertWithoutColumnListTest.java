package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static dev.shardline.driver.analysis.Fixtures.analyzeWithSchema;
import static dev.shardline.driver.analysis.Fixtures.lit;
import static dev.shardline.driver.analysis.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defect 11: INSERT INTO warehouse VALUES (...) into a sharded table was refused even with the columns known. */
class InsertWithoutColumnListTest {
  private static final String WAREHOUSE_COLUMNS =
      "(`w_id`, `w_name`, `w_street_1`, `w_street_2`, `w_city`, `w_state`, `w_zip`, `w_tax`, `w_ytd`)";

  private static StatementAnalysis accepted(String sql) {
    StatementAnalysis a = analyzeWithSchema(sql);
    assertTrue(a.refusal().isEmpty(), () -> "unexpected refusal: " + a);
    assertTrue(a.parseError().isEmpty(), () -> "unexpected parse error: " + a);
    assertTrue(a.insertRows().isPresent(), () -> "expected insert rows: " + a);
    return a;
  }

  @Test
  void insertWithoutColumnListIsMappedByPositionAndRewritten() {
    String sql = "INSERT INTO warehouse VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    StatementAnalysis a = accepted(sql);
    assertEquals(Kind.INSERT, a.kind());
    assertEquals(List.of(p(1)), a.keys());
    assertEquals(9, a.parameterCount());
    String rewritten = "INSERT INTO warehouse " + WAREHOUSE_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    assertEquals(rewritten, a.rewrittenSql().orElseThrow());
    NodeSql all = a.insertRows().orElseThrow().split(List.of(0));
    assertEquals(rewritten, all.sql());
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, all.parameterMapping());
  }

  @Test
  void splitsAreCutFromTheRewrittenText() {
    String sql = "insert into warehouse values (1, 'a', 's1', 's2', 'c', 'st', 'z', 0.1, 0), (2, ?, 's1', 's2', 'c', 'st', 'z', ?, 0)";
    StatementAnalysis a = accepted(sql);
    assertEquals(List.of(lit(1L), lit(2L)), a.keys());
    NodeSql second = a.insertRows().orElseThrow().split(List.of(1));
    assertEquals("insert into warehouse " + WAREHOUSE_COLUMNS + " values (2, ?, 's1', 's2', 'c', 'st', 'z', ?, 0)", second.sql());
    assertArrayEquals(new int[] {1, 2}, second.parameterMapping());
  }

  @Test
  void shardColumnInTheMiddleOfTheTable() {
    StatementAnalysis a = accepted("insert into accounts values (?, ?, ?), (7, 8, 9)");
    assertEquals(List.of(p(2), lit(8L)), a.keys());
    assertEquals("insert into accounts (`id`, `owner_id`, `balance`) values (?, ?, ?), (7, 8, 9)", a.rewrittenSql().orElseThrow());
  }

  @Test
  void modifiersQualifiersCommentsAndOnDuplicateKeyUpdateAreKept() {
    StatementAnalysis a = accepted("/* app */ INSERT LOW_PRIORITY IGNORE INTO `app`.`users` /* x */ VALUES (?, ?, ?) "
        + "ON DUPLICATE KEY UPDATE name = ?");
    assertEquals("/* app */ INSERT LOW_PRIORITY IGNORE INTO `app`.`users` (`user_id`, `name`, `score`) /* x */ VALUES (?, ?, ?) "
        + "ON DUPLICATE KEY UPDATE name = ?", a.rewrittenSql().orElseThrow());
    assertEquals(List.of(p(1)), a.keys());
    assertEquals(4, a.parameterCount());
    assertArrayEquals(new int[] {1, 2, 3, 4}, a.insertRows().orElseThrow().split(List.of(0)).parameterMapping());
  }

  @Test
  void replaceAndValueAndRowForms() {
    StatementAnalysis replace = accepted("REPLACE INTO users VALUES (?, ?, ?)");
    assertEquals(Kind.REPLACE, replace.kind());
    assertEquals("REPLACE INTO users (`user_id`, `name`, `score`) VALUES (?, ?, ?)", replace.rewrittenSql().orElseThrow());
    assertEquals(List.of(lit(1L)), accepted("insert users value (1, 'a', 2)").keys());
    assertEquals(List.of(lit(1L), p(1)), accepted("insert into users values row(1, 'a', 2), row(?, 'b', 3)").keys());
  }

  @Test
  void wrongNumberOfValuesIsRefusedNamingBothCounts() {
    StatementAnalysis a = analyzeWithSchema("INSERT INTO warehouse VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    assertEquals("INSERT into warehouse has 8 values per row but table warehouse has 9 columns; name the columns", a.refusal().orElseThrow());
    assertTrue(a.insertRows().isEmpty());
    assertTrue(a.rewrittenSql().isEmpty());
    assertEquals("INSERT into users has 2 values in row 2 but table users has 3 columns; name the columns",
        analyzeWithSchema("insert into users values (1, 'a', 2), (3, 'b')").refusal().orElseThrow());
  }

  @Test
  void unknownColumnsKeepTheRefusal() {
    String why = analyzeWithSchema("insert into posts values (1, 2, 'x')").refusal().orElseThrow();
    assertTrue(why.startsWith("INSERT into sharded table posts has no column list"), why);
    String withoutSchema = analyze("insert into users values (1, 'a', 2)").refusal().orElseThrow();
    assertTrue(withoutSchema.startsWith("INSERT into sharded table users has no column list"), withoutSchema);
  }

  @Test
  void schemaWithoutTheShardColumnIsRefused() {
    String why = analyzeWithSchema("insert into comments values (1, 'x')").refusal().orElseThrow();
    assertEquals("INSERT into sharded table comments has no column list, and the table's columns [id, body] do not include its shard column "
        + "user_id; name the columns", why);
  }

  @Test
  void anExplicitColumnListIsNotRewritten() {
    StatementAnalysis a = accepted("insert into users (user_id, name) values (?, ?)");
    assertTrue(a.rewrittenSql().isEmpty());
    assertEquals(List.of(p(1)), a.keys());
  }

  @Test
  void unshardedTablesAreNotRewritten() {
    StatementAnalysis a = analyzeWithSchema("insert into countries values (1, 'fr', 'France')");
    assertTrue(a.refusal().isEmpty(), a::toString);
    assertTrue(a.rewrittenSql().isEmpty());
    assertTrue(a.insertRows().isEmpty());
  }
}
