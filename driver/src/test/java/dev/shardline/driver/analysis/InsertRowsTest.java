package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static dev.shardline.driver.analysis.Fixtures.lit;
import static dev.shardline.driver.analysis.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InsertRowsTest {

  private static InsertRows rows(String sql) {
    return analyze(sql).insertRows().orElseThrow(() -> new AssertionError("no insert rows for " + sql + ": " + analyze(sql)));
  }

  @Test
  void splitKeepsOnlyTheChosenRowsAndMapsTheirParameters() {
    InsertRows rows = rows("insert into users (user_id, name) values (?, ?), (?, ?), (?, ?)");
    NodeSql split = rows.split(List.of(1));
    assertEquals("insert into users (user_id, name) values (?, ?)", split.sql());
    assertArrayEquals(new int[] {3, 4}, split.parameterMapping());
    NodeSql outer = rows.split(List.of(0, 2));
    assertEquals("insert into users (user_id, name) values (?, ?), (?, ?)", outer.sql());
    assertArrayEquals(new int[] {1, 2, 5, 6}, outer.parameterMapping());
  }

  @Test
  void rowsComeOutInTheOrderGiven() {
    NodeSql split = rows("insert into users (user_id, name) values (?, 'a'), (2, ?)").split(List.of(1, 0));
    assertEquals("insert into users (user_id, name) values (2, ?), (?, 'a')", split.sql());
    assertArrayEquals(new int[] {2, 1}, split.parameterMapping());
  }

  @Test
  void onDuplicateKeyUpdateParametersFollowTheRows() {
    InsertRows rows = rows("insert into users (user_id, name) values (?, ?), (?, ?) on duplicate key update name = ?, n = n + ?");
    NodeSql split = rows.split(List.of(1));
    assertEquals("insert into users (user_id, name) values (?, ?) on duplicate key update name = ?, n = n + ?", split.sql());
    assertArrayEquals(new int[] {3, 4, 5, 6}, split.parameterMapping());
  }

  @Test
  void modifiersBackticksAndCommentsAreKeptVerbatim() {
    String sql = "/* app=blog */ INSERT IGNORE INTO `shop`.`users` (`user_id`, `name`) VALUES (1, 'a'), (2, 'b') ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)";
    NodeSql split = rows(sql).split(List.of(1));
    assertEquals(
        "/* app=blog */ INSERT IGNORE INTO `shop`.`users` (`user_id`, `name`) VALUES (2, 'b') ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)",
        split.sql());
    assertEquals(0, split.parameterMapping().length);
  }

  @Test
  void stringsWithParenthesesCommasAndQuestionMarksDoNotConfuseTheSplit() {
    InsertRows rows = rows("insert into posts (user_id, title) values (?, 'a), (b ?'), (?, concat(?, ')'))");
    assertEquals(List.of(p(1), p(2)), rows.keys());
    NodeSql split = rows.split(List.of(1));
    assertEquals("insert into posts (user_id, title) values (?, concat(?, ')'))", split.sql());
    assertArrayEquals(new int[] {2, 3}, split.parameterMapping());
    NodeSql first = rows.split(List.of(0));
    assertEquals("insert into posts (user_id, title) values (?, 'a), (b ?')", first.sql());
    assertArrayEquals(new int[] {1}, first.parameterMapping());
  }

  @Test
  void parameterInARowSubqueryBelongsToThatRow() {
    InsertRows rows = rows("insert into posts (user_id, title) values (?, (select t from titles where id = ?)), (?, ?)");
    NodeSql split = rows.split(List.of(0));
    assertEquals("insert into posts (user_id, title) values (?, (select t from titles where id = ?))", split.sql());
    assertArrayEquals(new int[] {1, 2}, split.parameterMapping());
  }

  @Test
  void replaceAndRowConstructorsSplit() {
    NodeSql replace = rows("REPLACE INTO users (user_id, name) VALUES (?, ?), (?, ?)").split(List.of(1));
    assertEquals("REPLACE INTO users (user_id, name) VALUES (?, ?)", replace.sql());
    assertArrayEquals(new int[] {3, 4}, replace.parameterMapping());
    NodeSql row = rows("insert into users (user_id, name) values row(1, ?), row(2, ?)").split(List.of(1));
    assertEquals("insert into users (user_id, name) values row(2, ?)", row.sql());
    assertArrayEquals(new int[] {2}, row.parameterMapping());
  }

  @Test
  void multiLineSqlAndTrailingSemicolon() {
    NodeSql split = rows("insert into users (user_id, name)\nvalues\n  (1, ?),\n  (2, ?);").split(List.of(1));
    assertEquals("insert into users (user_id, name)\nvalues\n  (2, ?);", split.sql());
    assertArrayEquals(new int[] {2}, split.parameterMapping());
  }

  @Test
  void aTableNamedValueIsNotMistakenForTheRows() {
    TableRules rules = new TableRules(Map.of("value", "user_id"), Set.of(), Set.of());
    StatementAnalysis a = new SqlAnalyzer(rules).analyze("insert into value (user_id, v) values (1, 'a'), (2, 'b')");
    NodeSql split = a.insertRows().orElseThrow(() -> new AssertionError(a.toString())).split(List.of(1));
    assertEquals("insert into value (user_id, v) values (2, 'b')", split.sql());
  }

  @Test
  void setFormIsOneRowThatSplitsToItself() {
    InsertRows rows = rows("insert into users set user_id = ?, name = ? on duplicate key update name = ?");
    assertEquals(1, rows.rowCount());
    NodeSql split = rows.split(List.of(0));
    assertEquals("insert into users set user_id = ?, name = ? on duplicate key update name = ?", split.sql());
    assertArrayEquals(new int[] {1, 2, 3}, split.parameterMapping());
  }

  @Test
  void allRowsInOrderReproduceTheStatement() {
    String sql = "insert into users (user_id, name) values (?, ?),(?, ?) , (?, ?)";
    NodeSql split = rows(sql).split(List.of(0, 1, 2));
    assertEquals("insert into users (user_id, name) values (?, ?), (?, ?), (?, ?)", split.sql());
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, split.parameterMapping());
  }

  @Test
  void largeInsertSplitsEveryRowCorrectly() {
    StringBuilder sql = new StringBuilder("insert into users (name, user_id) values ");
    int rowsCount = 500;
    for (int r = 0; r < rowsCount; r++) {
      sql.append(r == 0 ? "" : ", ").append(r % 3 == 0 ? "('n', " + r + ")" : "(?, ?)");
    }
    InsertRows rows = rows(sql.toString());
    assertEquals(rowsCount, rows.rowCount());
    int parameter = 0;
    for (int r = 0; r < rowsCount; r++) {
      if (r % 3 == 0) {
        assertEquals(lit((long) r), rows.key(r));
        assertEquals(0, rows.split(List.of(r)).parameterMapping().length);
      } else {
        parameter += 2;
        assertEquals(p(parameter), rows.key(r), "row " + r);
        assertArrayEquals(new int[] {parameter - 1, parameter}, rows.split(List.of(r)).parameterMapping(), "row " + r);
      }
    }
  }

  @Test
  void keyAccessors() {
    InsertRows rows = rows("insert into users (user_id) values (?), (5)");
    assertEquals(List.of(p(1), lit(5L)), rows.keys());
    assertThrows(IndexOutOfBoundsException.class, () -> rows.key(2));
    assertThrows(IndexOutOfBoundsException.class, () -> rows.key(-1));
  }

  @Test
  void invalidSplitsAreRejected() {
    InsertRows rows = rows("insert into users (user_id) values (1), (2)");
    assertThrows(IllegalArgumentException.class, () -> rows.split(List.of()));
    assertThrows(IllegalArgumentException.class, () -> rows.split(List.of(2)));
    assertThrows(IllegalArgumentException.class, () -> rows.split(List.of(-1)));
    assertThrows(IllegalArgumentException.class, () -> rows.split(List.of(0, 0)));
    assertThrows(IllegalArgumentException.class, () -> rows.split(Arrays.asList(0, null)));
    assertThrows(NullPointerException.class, () -> rows.split(null));
  }

  @Test
  void splitInsertEqualityUsesTheArrayContent() {
    NodeSql a = new NodeSql("x", new int[] {1, 2});
    assertEquals(a, new NodeSql("x", new int[] {1, 2}));
    assertEquals(a.hashCode(), new NodeSql("x", new int[] {1, 2}).hashCode());
    assertNotEquals(a, new NodeSql("x", new int[] {2, 1}));
    assertEquals("NodeSql[sql=x, parameterMapping=[1, 2]]", a.toString());
  }

  @Test
  void eachSplitReturnsAFreshMapping() {
    InsertRows rows = rows("insert into users (user_id) values (?), (?)");
    int[] first = rows.split(List.of(0)).parameterMapping();
    first[0] = 99;
    assertArrayEquals(new int[] {1}, rows.split(List.of(0)).parameterMapping());
    List<Integer> order = new ArrayList<>(List.of(1, 0));
    NodeSql split = rows.split(order);
    order.clear();
    assertEquals("insert into users (user_id) values (?), (?)", split.sql());
    assertArrayEquals(new int[] {2, 1}, split.parameterMapping());
  }
}
