package dev.shardline.driver.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.NodeState;
import dev.shardline.driver.ShardlineKeyMovingException;
import dev.shardline.driver.analysis.SqlAnalyzer;
import dev.shardline.driver.analysis.TableRules;
import dev.shardline.driver.cluster.EndpointRole;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The routing rules against an in-memory directory: where each statement goes, and what is refused. */
@Timeout(10)
class StatementRouterTest {
  private static final TableRules TABLES = new TableRules(
      Map.of("users", "user_id", "posts", "user_id", "comments", "user_id", "handles", "handle"), Set.of("countries"), Set.of("settings"));
  private static final RoutingRules RULES = new RoutingRules(TABLES, Map.of(
      "users", KeyType.of("bigint", "bigint(20)", null),
      "posts", KeyType.of("bigint", "bigint(20)", null),
      "comments", KeyType.of("bigint", "bigint(20)", null),
      "handles", KeyType.of("varchar", "varchar(64)", "utf8mb4_general_ci")));
  private static final SqlAnalyzer ANALYZER = new SqlAnalyzer(TABLES);

  private InMemoryPlacements directory;
  private NodeInfo node1;
  private NodeInfo node2;
  private NodeInfo node3;
  private StatementRouter router;

  @BeforeEach
  void cluster() {
    directory = new InMemoryPlacements();
    node1 = directory.addNode("node1", NodeState.ACTIVE);
    node2 = directory.addNode("node2", NodeState.ACTIVE);
    node3 = directory.addNode("node3", NodeState.OFFLINE);
    directory.place(1L, node1);
    directory.place(2L, node2);
    router = new StatementRouter(directory, 300);
  }

  private static RoutingContext autocommit() {
    return new RoutingContext(null, false, false, null, id -> false, false);
  }

  private static RoutingContext withKey(Object key) {
    return new RoutingContext(key, false, false, null, id -> false, false);
  }

  private static RoutingContext inTransactionOn(NodeInfo node) {
    return new RoutingContext(null, true, false, node, id -> false, false);
  }

  private RoutePlan plan(String sql, RoutingContext context, Object... parameters) throws SQLException {
    return router.plan(sql, ANALYZER.analyze(sql), Arrays.asList(parameters), context, RULES, false);
  }

  private SQLException refused(String sql, RoutingContext context, Object... parameters) {
    return assertThrows(SQLException.class, () -> plan(sql, context, parameters));
  }

  @Test
  void aPointSelectGoesToItsKeysReplica() throws SQLException {
    RoutePlan plan = plan("SELECT name FROM users WHERE user_id = ?", autocommit(), 2L);
    assertEquals(node2, plan.first().node());
    assertEquals(EndpointRole.REPLICA, plan.first().role());
  }

  @Test
  void stringAndNumberOfOneBigintKeyAreOneKey_defect8() throws SQLException {
    assertEquals(node1, plan("SELECT * FROM users WHERE user_id = '0001'", autocommit()).first().node());
    assertEquals(node1, plan("SELECT * FROM users WHERE user_id = ?", autocommit(), " 1").first().node());
    plan("INSERT INTO users (user_id, name) VALUES ('0950001', 'a')", autocommit());
    plan("INSERT INTO users (user_id, name) VALUES (950001, 'b')", autocommit());
    assertEquals(List.of("950001"), directory.assigned, "one key, assigned once");
  }

  @Test
  void aValueTheColumnCannotHoldIsRefusedBeforeAnythingIsAssigned_defect8() {
    SQLException abc = refused("INSERT INTO users (user_id, name) VALUES (?, 'x')", autocommit(), "abc");
    assertEquals("22023", abc.getSQLState());
    SQLException tooBig = refused("INSERT INTO users (user_id, name) VALUES (?, 'x')", autocommit(), new java.math.BigInteger("9223372036854775808"));
    assertEquals("22023", tooBig.getSQLState(), tooBig.getMessage());
    SQLException laterRow = refused("INSERT INTO users (user_id, name) VALUES (5, 'x'), ('bad', 'y')", autocommit());
    assertEquals("22023", laterRow.getSQLState());
    assertEquals(List.of(), directory.assigned, "nothing assigned for refused INSERTs");
  }

  @Test
  void caseInsensitiveStringKeysFoldAndNonAsciiIsRefused() throws SQLException {
    plan("INSERT INTO handles (handle) VALUES ('Alice ')", autocommit());
    plan("INSERT INTO handles (handle) VALUES ('alice')", autocommit());
    assertEquals(List.of("alice"), directory.assigned);
    assertEquals("22023", refused("SELECT * FROM handles WHERE handle = 'Zoë'", autocommit()).getSQLState());
    assertEquals("22023", refused("SELECT * FROM handles WHERE handle = ?", autocommit(), 42L).getSQLState(), "a number for a string column");
  }

  @Test
  void anUnknownExplicitKeyNeverWidensAStatement_defect7() throws SQLException {
    assertEquals(RoutePlan.Shape.NO_ROWS, plan("DELETE FROM posts", withKey("77")).shape());
    assertEquals(RoutePlan.Shape.NO_ROWS, plan("UPDATE users SET name = name", withKey(77L)).shape());
    assertEquals(RoutePlan.Shape.NO_ROWS, plan("SELECT * FROM posts", withKey(77L)).shape());
    assertEquals(RoutePlan.Shape.NO_ROWS, plan("/* shard_key=77 */ DELETE FROM posts", autocommit()).shape());
    assertEquals("22023", refused("DELETE FROM posts", withKey("typo")).getSQLState(), "'typo' cannot be a BIGINT key");
  }

  @Test
  void aKnownExplicitKeyRoutesKeylessSql() throws SQLException {
    RoutePlan plan = plan("DELETE FROM posts WHERE title = 'x'", withKey(2L));
    assertEquals(RoutePlan.Shape.SINGLE, plan.shape());
    assertEquals(node2, plan.first().node());
    assertEquals(EndpointRole.MASTER, plan.first().role());
  }

  @Test
  void anExplicitKeyThatContradictsAWritesKeysIsRefused_defect2() {
    SQLException e = refused("INSERT INTO users (user_id, name) VALUES (2, 'x')", withKey(1L));
    assertEquals(StatementRouter.UNROUTABLE, e.getSQLState());
    assertTrue(e.getMessage().contains("contradicts"), e.getMessage());
    assertEquals(List.of(), directory.assigned);
  }

  @Test
  void aReadWhoseSqlNamesAKeyFollowsItsSqlNotTheSessionKey() throws SQLException {
    assertEquals(node2, plan("SELECT * FROM users WHERE user_id = 2", withKey(1L)).first().node());
  }

  @Test
  void aWriteToAMovingKeyWaitsForTheSwitchAndGoesToTheNewNode_defect6() throws Exception {
    directory.moving(1L);
    CompletableFuture<Void> mover = CompletableFuture.runAsync(() -> {
      sleep(100);
      directory.switchTo(1L, node2);
    });
    RoutePlan plan = plan("UPDATE users SET name = 'x' WHERE user_id = 1", autocommit());
    mover.get(5, TimeUnit.SECONDS);
    assertEquals(node2, plan.first().node(), "the write waited and followed the move");
  }

  @Test
  void aWriteToAKeyThatStaysMovingFailsRetryablyAndAReadDoesNotWait_defect6() throws SQLException {
    directory.moving(1L);
    ShardlineKeyMovingException e = assertThrows(ShardlineKeyMovingException.class,
        () -> plan("UPDATE users SET name = 'x' WHERE user_id = 1", autocommit()));
    assertEquals("40S01", e.getSQLState());
    assertEquals("1", e.key());
    assertEquals(node1, plan("SELECT * FROM users WHERE user_id = 1", autocommit()).first().node(), "reads go to the current node");
  }

  @Test
  void ddlAndBroadcastWritesGoToEveryNodeThatHoldsDataNeverOffline_defect3() throws SQLException {
    RoutePlan ddl = plan("ALTER TABLE posts ADD COLUMN x INT", autocommit());
    assertEquals(List.of(node1, node2), ddl.targets().stream().map(Target::node).toList());
    NodeInfo draining = directory.addNode("node4", NodeState.DRAINING);
    RoutePlan broadcast = plan("INSERT INTO settings (k, v) VALUES ('a', 'b')", autocommit());
    assertEquals(List.of(node1, node2, draining), broadcast.targets().stream().map(Target::node).toList());
    assertTrue(ddl.targets().stream().noneMatch(t -> t.node().equals(node3)));
  }

  @Test
  void theGlobalNodeIsTheDirectorysPinnedOne_defect3() throws SQLException {
    directory.global(node2);
    assertEquals(node2, plan("SELECT * FROM countries", autocommit()).first().node());
  }

  @Test
  void aBroadcastReadInATransactionReadsTheTransactionsNode_defect11() throws SQLException {
    RoutePlan plan = plan("SELECT * FROM settings", inTransactionOn(node2));
    assertEquals(node2, plan.first().node());
    assertEquals(EndpointRole.MASTER, plan.first().role());
    assertEquals(node2, plan("SELECT 1", inTransactionOn(node2)).first().node());
  }

  @Test
  void aJoinOfShardedAndGlobalTablesRunsOnlyOnTheGlobalNode() throws SQLException {
    assertEquals(node1, plan("SELECT * FROM users u JOIN countries c ON c.id = u.country WHERE u.user_id = 1", autocommit()).first().node());
    SQLException e = refused("SELECT * FROM users u JOIN countries c ON c.id = u.country WHERE u.user_id = 2", autocommit());
    assertTrue(e.getMessage().contains("global table"), e.getMessage());
  }

  @Test
  void aKeylessSelectRunsOnEveryNodeThatHoldsDataAndAProbeOnOneNode_defect1() throws SQLException {
    directory.addNode("node4", NodeState.DRAINING);
    RoutePlan scatter = plan("SELECT COUNT(*) FROM posts", autocommit());
    assertEquals(RoutePlan.Shape.SCATTER, scatter.shape());
    assertEquals(List.of("node1", "node2", "node4"), scatter.targets().stream().map(t -> t.node().name()).toList(), "never the OFFLINE node3");
    assertTrue(scatter.targets().stream().allMatch(t -> t.role() == EndpointRole.REPLICA));
    assertEquals(StatementRouter.UNROUTABLE, refused("SELECT name FROM users UNION SELECT title FROM posts", autocommit()).getSQLState());
    assertEquals(RoutePlan.Shape.SINGLE, plan("select * from posts where 1=0", autocommit()).shape());
    assertEquals(node1, plan("select * from posts where 1=0", autocommit()).first().node());
  }

  @Test
  void keysOnSeveralNodesScatterWithOnlyEachNodesKeys() throws SQLException {
    RoutePlan plan = plan("SELECT name FROM users WHERE user_id IN (?, ?)", autocommit(), 1L, 2L);
    assertEquals(RoutePlan.Shape.SCATTER, plan.shape());
    assertEquals("SELECT name FROM users WHERE user_id IN (?)", plan.sql(plan.targets().get(0)));
    assertEquals(List.of(1), java.util.Arrays.stream(plan.targets().get(0).nodeSql().parameterMapping()).boxed().toList());
    assertEquals(List.of(2), java.util.Arrays.stream(plan.targets().get(1).nodeSql().parameterMapping()).boxed().toList());
    RoutePlan delete = plan("DELETE FROM posts WHERE user_id IN (1, 2)", autocommit());
    assertEquals(RoutePlan.Shape.SPLIT, delete.shape());
    assertEquals("DELETE FROM posts WHERE user_id IN (1)", delete.sql(delete.targets().get(0)));
    assertEquals("DELETE FROM posts WHERE user_id IN (2)", delete.sql(delete.targets().get(1)));
  }

  @Test
  void aKeylessWriteIsRefusedUnlessOptedIn() throws SQLException {
    assertEquals(StatementRouter.UNROUTABLE, refused("DELETE FROM posts WHERE title = 'x'", autocommit()).getSQLState());
    RoutePlan hinted = plan("/* shardline:all_nodes */ DELETE FROM posts WHERE title = 'x'", autocommit());
    assertEquals(RoutePlan.Shape.EVERY_NODE, hinted.shape());
    RoutePlan byProperty = router.plan("UPDATE posts SET title = 'y'", ANALYZER.analyze("UPDATE posts SET title = 'y'"), List.of(),
        new RoutingContext(null, false, false, null, id -> false, true), RULES, false);
    assertEquals(List.of(node1, node2), byProperty.targets().stream().map(Target::node).toList());
  }

  @Test
  void explainAssignsNothingAndDoesNotWait() throws SQLException {
    directory.moving(1L);
    router.plan("INSERT INTO users (user_id) VALUES (99)", ANALYZER.analyze("INSERT INTO users (user_id) VALUES (99)"), List.of(), autocommit(), RULES, true);
    router.plan("UPDATE users SET name = 'x' WHERE user_id = 1", ANALYZER.analyze("UPDATE users SET name = 'x' WHERE user_id = 1"), List.of(), autocommit(), RULES, true);
    assertEquals(List.of(), directory.assigned);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
