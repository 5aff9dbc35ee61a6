package dev.shardline.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How SELECTs without a key are cut into per-node statements and a merge. */
class ScatterQueryTest {
  private static ScatterQuery scatter(String sql) {
    StatementAnalysis analysis = Fixtures.analyze(sql);
    assertTrue(analysis.scatter().isPresent(), () -> sql + " -> " + analysis + " / " + analysis.scatterRefusal().orElse(""));
    return analysis.scatter().get();
  }

  private static String refusal(String sql) {
    StatementAnalysis analysis = Fixtures.analyze(sql);
    assertTrue(analysis.scatter().isEmpty(), () -> sql + " was not refused: " + analysis.scatter());
    return analysis.scatterRefusal().orElseGet(() -> analysis.refusal().orElse(""));
  }

  private static String nodeSql(ScatterQuery q, Object... parameters) throws SQLException {
    return q.nodeSql(Arrays.asList(parameters), null).sql();
  }

  @Test
  void aPlainSelectRunsAsWrittenOnEveryNode() throws SQLException {
    ScatterQuery q = scatter("SELECT name FROM users WHERE name LIKE 'a%'");
    assertEquals(ScatterQuery.Mode.ROWS, q.mode());
    assertEquals("SELECT name FROM users WHERE name LIKE 'a%'", nodeSql(q));
    assertEquals(0, q.hiddenColumns());
  }

  @Test
  void commentsAndHintsReachEveryNode() throws SQLException {
    assertEquals("/* tag */ SELECT /*+ MAX_EXECUTION_TIME(1000) */ name FROM users /* mid */ WHERE score > 1 /* end */",
        nodeSql(scatter("/* tag */ SELECT /*+ MAX_EXECUTION_TIME(1000) */ name FROM users /* mid */ WHERE score > 1 /* end */")));
    String ordered = nodeSql(scatter("SELECT COUNT(*) FROM users WHERE SLEEP(1) = 0 /* probe */"));
    assertTrue(ordered.endsWith("/* probe */"), ordered);
    // Without GROUP BY, HAVING, ORDER BY and LIMIT still stay with the driver; only the comment goes along.
    assertEquals("SELECT COUNT(*) FROM users /* end */", nodeSql(scatter("SELECT COUNT(*) AS n FROM users HAVING n > 5 ORDER BY n LIMIT 1 /* end */")));
  }

  @Test
  void orderByAndLimitArePushedDownWithTheSortKeysWeights() throws SQLException {
    ScatterQuery q = scatter("SELECT post_id, title FROM posts ORDER BY created_at DESC, post_id LIMIT 20 OFFSET 40");
    assertEquals("SELECT post_id, title, created_at, WEIGHT_STRING(created_at), post_id, WEIGHT_STRING(post_id) FROM posts"
        + " ORDER BY created_at DESC, post_id LIMIT 60", nodeSql(q));
    assertEquals(4, q.hiddenColumns());
    assertEquals(2, q.order().size());
    assertEquals(false, q.order().get(0).ascending());
    assertEquals(40, q.offset().value(List.of()));
  }

  @Test
  void limitParametersAreComputedPerExecutionAndDropped() throws SQLException {
    ScatterQuery q = scatter("select p.title from posts p where p.title like ? order by p.post_id limit ?, ?");
    NodeSql node = q.nodeSql(List.of("x%", 100, 10), null);
    assertEquals("select p.title, p.post_id, WEIGHT_STRING(p.post_id) from posts p where p.title like ? order by p.post_id LIMIT 110", node.sql());
    assertEquals(List.of(1), Arrays.stream(node.parameterMapping()).boxed().toList());
  }

  @Test
  void aggregatesArePartialPerNodeAndCombined() throws SQLException {
    ScatterQuery q = scatter("SELECT COUNT(*), SUM(score), AVG(score), MAX(name) FROM users WHERE score > 3");
    assertEquals(ScatterQuery.Mode.GROUPS, q.mode());
    assertEquals("SELECT COUNT(*), SUM(score), SUM(score), COUNT(score), MAX(name), WEIGHT_STRING(MAX(name)) FROM users WHERE score > 3", nodeSql(q));
    assertEquals(List.of("COUNT(*)", "SUM(score)", "AVG(score)", "MAX(name)"), q.outputs().stream().map(ScatterQuery.Output::label).toList());
  }

  @Test
  void groupsThatSpanNodesAreCombinedAndHavingOrderLimitApplyAfter() throws SQLException {
    ScatterQuery q = scatter("SELECT country, COUNT(*) AS n FROM users GROUP BY country HAVING n > 2 ORDER BY n DESC LIMIT 5");
    assertEquals(ScatterQuery.Mode.GROUPS, q.mode());
    assertEquals("SELECT country, WEIGHT_STRING(country), COUNT(*) FROM users GROUP BY country", nodeSql(q));
    assertTrue(q.having() != null);
    assertEquals(1, q.order().size());
  }

  @Test
  void groupsOnTheShardKeyStayOnTheirNodeAndStream() throws SQLException {
    ScatterQuery q = scatter("SELECT user_id, COUNT(*) c FROM posts GROUP BY user_id HAVING c > 1 ORDER BY c DESC LIMIT 3");
    assertEquals(ScatterQuery.Mode.ROWS, q.mode());
    assertEquals("SELECT user_id, COUNT(*) c, COUNT(*), WEIGHT_STRING(COUNT(*)) FROM posts GROUP BY user_id HAVING c > 1 ORDER BY c DESC LIMIT 3",
        nodeSql(q));
  }

  @Test
  void anInListIsCutPerNode() throws SQLException {
    ScatterQuery q = scatter("SELECT name FROM users WHERE user_id IN (?, 5, ?) ORDER BY name");
    NodeSql node = q.nodeSql(List.of(1L, 9L), Set.of(0, 2));
    assertEquals("SELECT name, name, WEIGHT_STRING(name) FROM users WHERE user_id IN (?, ?) ORDER BY name", node.sql());
    assertEquals(List.of(1, 2), Arrays.stream(node.parameterMapping()).boxed().toList());
  }

  @Test
  void whatCannotBeMergedIsRefusedNamingTheConstruct() {
    assertTrue(refusal("SELECT COUNT(DISTINCT name) FROM users").contains("DISTINCT"));
    assertTrue(refusal("SELECT GROUP_CONCAT(name) FROM users").contains("GROUP_CONCAT"));
    assertTrue(refusal("SELECT name, ROW_NUMBER() OVER (ORDER BY name) FROM users").contains("window"));
    assertTrue(refusal("SELECT * FROM users u JOIN posts p ON p.post_id = u.user_id").contains("without tying"));
    assertTrue(refusal("SELECT name FROM users UNION SELECT title FROM posts").contains("plain SELECT"));
  }

  @Test
  void countDistinctOfTheShardKeyAddsUp() throws SQLException {
    ScatterQuery q = scatter("SELECT COUNT(DISTINCT user_id) FROM posts");
    assertEquals(ScatterQuery.PartialKind.COUNT, q.partials().get(0).kind());
  }
}
