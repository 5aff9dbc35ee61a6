package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.driver.routing.StatementRouter;
import dev.shardline.sandbox.Await;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxInstance;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DataTruncation;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One real-server regression test per defect the code review and the black-box client found
 * (issue "Correctness first"), each named after it. Rows are counted on every node's master.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(120)
class CorrectnessRegressionIT {
  private static ClusterFixture fixture;
  private static String url;
  /** A user on each node, found by placing new users until both nodes have one. */
  private static long userOnNode1;
  private static long userOnNode2;

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "correct");
    url = fixture.url("shardline.globalTables=countries", "shardline.broadcastTables=settings");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, score INT NOT NULL DEFAULT 0)");
      s.execute("CREATE TABLE posts (post_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, title VARCHAR(5), KEY (user_id))");
      s.execute("CREATE TABLE comments (comment_id BIGINT PRIMARY KEY, post_id BIGINT NOT NULL, user_id BIGINT NOT NULL, KEY (user_id))");
      s.execute("CREATE TABLE victim (id BIGINT PRIMARY KEY, note VARCHAR(20))");
      s.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(40))");
      s.execute("CREATE TABLE settings (k VARCHAR(20) PRIMARY KEY, v VARCHAR(20))");
      s.execute("CREATE TABLE warehouse (user_id BIGINT PRIMARY KEY, w_name VARCHAR(20), w_tax DECIMAL(4,2))");
      s.execute("INSERT INTO countries (code, name) VALUES ('fr', 'France')");
      s.execute("INSERT INTO settings (k, v) VALUES ('theme', 'dark')");
      s.execute("INSERT INTO victim (id, note) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      try (PreparedStatement users = c.prepareStatement("INSERT INTO users (user_id, name, score) VALUES (?, ?, ?)");
          PreparedStatement posts = c.prepareStatement("INSERT INTO posts (post_id, user_id, title) VALUES (?, ?, 't')")) {
        for (long user = 1; user <= 20; user++) {
          users.setLong(1, user);
          users.setString(2, "user" + user);
          users.setInt(3, (int) user);
          users.executeUpdate();
          posts.setLong(1, user * 100);
          posts.setLong(2, user);
          posts.executeUpdate();
        }
      }
      for (long user = 1; user <= 20 && (userOnNode1 == 0 || userOnNode2 == 0); user++) {
        String node = nodeOf(c, user);
        if (node.equals("node1") && userOnNode1 == 0) {
          userOnNode1 = user;
        } else if (node.equals("node2") && userOnNode2 == 0) {
          userOnNode2 = user;
        }
      }
    }
    fixture.cluster.awaitReplication(Duration.ofSeconds(10));
  }

  private static String nodeOf(Connection c, Object user) throws SQLException {
    return c.unwrap(ShardlineConnection.class).explain("SELECT * FROM users WHERE user_id = ?", user).targets().get(0).node();
  }

  private static SandboxInstance master(String node) {
    return fixture.cluster.node(node).activeMaster();
  }

  private static long countOn(String node, String sql) {
    return master(node).queryLong(sql.replace("$db", fixture.appDatabase));
  }

  private static long countEverywhere(String sql) {
    long total = 0;
    for (SandboxNode node : fixture.cluster.nodes()) {
      total += countOn(node.name(), sql);
    }
    return total;
  }

  // 1 ----------------------------------------------------------------------------------------

  @Test
  void anEmptySubqueryNeverSendsAWholeQueryToOneNode_defect1() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      // The subquery selects the shard column it is compared with, so each node answers for its own
      // keys: the query scatters, and its count is every node's, never one node's.
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM posts WHERE user_id NOT IN (SELECT user_id FROM users WHERE 0)")) {
        assertTrue(rs.next());
        assertEquals(countEverywhere("SELECT COUNT(*) FROM $db.posts"), rs.getLong(1), "the count of every node");
        assertTrue(countOn("node1", "SELECT COUNT(*) FROM $db.posts") < rs.getLong(1), "more than one node's count");
      }
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT COUNT(*) FROM posts WHERE 0 UNION ALL SELECT COUNT(*) FROM posts"));
      assertEquals(StatementRouter.UNROUTABLE, e.getSQLState(), "a UNION across nodes is refused: " + e.getMessage());
      try (ResultSet rs = s.executeQuery("select * from posts where 1=0")) {
        assertFalse(rs.next());
        assertEquals(3, rs.getMetaData().getColumnCount());
      }
    }
  }

  // 2 ----------------------------------------------------------------------------------------

  @Test
  void aSessionKeyDoesNotLeakThroughTheApplicationsPool_defect2() throws Exception {
    String previous = System.getProperty("com.zaxxer.hikari.enableRequestBoundaries");
    System.setProperty("com.zaxxer.hikari.enableRequestBoundaries", "true");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection first = pool.getConnection()) {
        first.unwrap(ShardlineConnection.class).useKey(userOnNode1);
        try (Statement s = first.createStatement()) {
          s.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");
        }
      }
      long newUser = 900_001;
      try (Connection second = pool.getConnection();
          PreparedStatement ps = second.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, 'second')")) {
        ps.setLong(1, newUser);
        assertEquals(1, ps.executeUpdate());
        try (Statement s = second.createStatement(); ResultSet rs = s.executeQuery("SELECT @@session.sql_mode FROM users WHERE user_id = " + newUser)) {
          assertTrue(rs.next());
          assertFalse(rs.getString(1).contains("ANSI_QUOTES"), "the first borrower's SET is gone: " + rs.getString(1));
        }
        String home = nodeOf(second, newUser);
        assertEquals(1, countOn(home, "SELECT COUNT(*) FROM $db.users WHERE user_id = " + newUser), "on the key's own node");
        assertEquals(1, countEverywhere("SELECT COUNT(*) FROM $db.users WHERE user_id = " + newUser), "and nowhere else");
      }
    } finally {
      if (previous == null) {
        System.clearProperty("com.zaxxer.hikari.enableRequestBoundaries");
      } else {
        System.setProperty("com.zaxxer.hikari.enableRequestBoundaries", previous);
      }
    }
  }

  @Test
  void withoutRequestBoundariesALeakedKeyThatContradictsAWriteIsRefused_defect2() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection first = pool.getConnection()) {
        first.unwrap(ShardlineConnection.class).useKey(userOnNode1);
      }
      try (Connection second = pool.getConnection();
          PreparedStatement ps = second.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, 'leak')")) {
        ps.setLong(1, userOnNode2 + 800_000);
        SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
        assertTrue(e.getMessage().contains("contradicts"), e.getMessage());
        second.unwrap(ShardlineConnection.class).resetSession();
        assertEquals(1, ps.executeUpdate(), "after resetSession the write goes by its own key");
      }
    }
    assertEquals(1, countEverywhere("SELECT COUNT(*) FROM $db.users WHERE user_id = " + (userOnNode2 + 800_000)));
  }

  // 3 ----------------------------------------------------------------------------------------

  @Test
  void drainingANodeKeepsTheGlobalNodeAndDdlReachesIt_defect3() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      ClusterFixture.setNodeState(fixture, "node1", "DRAINING");
      ShardlineConnection shardline = c.unwrap(ShardlineConnection.class);
      Await.until(Duration.ofSeconds(10), "the driver to see node1 DRAINING", () -> explainMentions(shardline, "ALTER TABLE victim ADD COLUMN x INT", "node1 DRAINING"));
      try {
        try (ResultSet rs = s.executeQuery("SELECT name FROM countries WHERE code = 'fr'")) {
          assertTrue(rs.next(), "the global table's row is still read from node1");
        }
        s.execute("ALTER TABLE victim ADD COLUMN drained INT NULL");
        for (SandboxNode node : fixture.cluster.nodes()) {
          assertEquals(1, countOn(node.name(), "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '$db' AND TABLE_NAME = 'victim'"
              + " AND COLUMN_NAME = 'drained'"), "DDL reached " + node.name());
        }
      } finally {
        ClusterFixture.setNodeState(fixture, "node1", "ACTIVE");
      }
    }
  }

  private static boolean explainMentions(ShardlineConnection c, String sql, String text) {
    try {
      return c.explain(sql).reason().contains(text);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  // 5 ----------------------------------------------------------------------------------------

  @Test
  void sessionSetStatementsKeepTheLastValuePerVariable_defect5() throws Exception {
    try (Connection c = DriverManager.getConnection(fixture.url("shardline.pool.maxSize=1", "shardline.instanceName=sets"));
        Statement s = c.createStatement()) {
      long before = setsOnPhysical(s);
      for (int i = 0; i < 200; i++) {
        s.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'");
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM users WHERE user_id = " + userOnNode1)) {
          assertTrue(rs.next());
        }
      }
      long after = setsOnPhysical(s);
      assertTrue(after - before <= 3, "200 borrows with the same SET ran " + (after - before) + " SET statements on the physical connection");
    }
  }

  /** SET statements the physical connection behind this read has run (its own session counter). */
  private static long setsOnPhysical(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'COM_SET_OPTION'"
        + " AND EXISTS (SELECT 1 FROM users WHERE user_id = " + userOnNode1 + ")")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  // 6 ----------------------------------------------------------------------------------------

  @Test
  void writesToAMovingKeyWaitForTheSwitchThenGoToTheNewNode_defect6() throws Exception {
    long user = 910_001;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + user + ", 'mover')");
      String source = nodeOf(c, user);
      String target = source.equals("node1") ? "node2" : "node1";
      ShardlineConnection shardline = c.unwrap(ShardlineConnection.class);
      DirectoryMoves.markMoving(fixture, user);
      Await.until(Duration.ofSeconds(10), "the driver to see key " + user + " MOVING",
          () -> explainMentions(shardline, "UPDATE users SET name = 'x' WHERE user_id = " + user, "MOVING"));
      try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE user_id = " + user)) {
        assertTrue(rs.next(), "reads keep working while the key moves");
      }
      // The mover copies the row to the target and switches the key while the write waits.
      Thread mover = new Thread(() -> {
        try {
          Thread.sleep(300);
          master(target).execute("INSERT INTO " + fixture.appDatabase + ".users (user_id, name) VALUES (" + user + ", 'mover')");
          DirectoryMoves.switchTo(fixture, user, target);
          master(source).execute("DELETE FROM " + fixture.appDatabase + ".users WHERE user_id = " + user);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      mover.start();
      long started = System.nanoTime();
      assertEquals(1, s.executeUpdate("UPDATE users SET name = 'moved' WHERE user_id = " + user));
      long waitedMs = (System.nanoTime() - started) / 1_000_000;
      mover.join(10_000);
      assertTrue(waitedMs >= 250, "the write waited for the switch (" + waitedMs + " ms)");
      assertEquals(1, countOn(target, "SELECT COUNT(*) FROM $db.users WHERE user_id = " + user + " AND name = 'moved'"), "the write went to the new node");
      assertEquals(0, countOn(source, "SELECT COUNT(*) FROM $db.users WHERE user_id = " + user));

      DirectoryMoves.markMoving(fixture, user);
      Await.until(Duration.ofSeconds(10), "the driver to see key " + user + " MOVING again",
          () -> explainMentions(shardline, "UPDATE users SET name = 'x' WHERE user_id = " + user, "MOVING"));
      try (Connection impatient = DriverManager.getConnection(fixture.url("shardline.moveWaitMs=200", "shardline.instanceName=impatient"));
          Statement w = impatient.createStatement()) {
        ShardlineKeyMovingException e = assertThrows(ShardlineKeyMovingException.class,
            () -> w.executeUpdate("UPDATE users SET name = 'late' WHERE user_id = " + user));
        assertEquals("40S01", e.getSQLState());
      } finally {
        DirectoryMoves.switchTo(fixture, user, target);
      }
      assertEquals(0, countEverywhere("SELECT COUNT(*) FROM $db.users WHERE user_id = " + user + " AND name = 'late'"), "nothing was executed");
    }
  }

  // 7 ----------------------------------------------------------------------------------------

  @Test
  void anUnknownExplicitKeyNeverWidensAStatement_defect7() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      long usersBefore = countEverywhere("SELECT COUNT(*) FROM $db.users");
      s.execute("SET @@shardline.key = 777777");
      assertEquals(0, s.executeUpdate("DELETE FROM posts"));
      assertEquals(0, s.executeUpdate("UPDATE users SET name = name"));
      try (ResultSet rs = s.executeQuery("SELECT user_id, name FROM users")) {
        assertFalse(rs.next(), "no node holds rows of an unknown key");
        assertEquals(2, rs.getMetaData().getColumnCount());
        assertEquals("name", rs.getMetaData().getColumnLabel(2));
      }
      SQLException typo = assertThrows(SQLException.class, () -> s.execute("SET @@shardline.key = 'typo'") );
      assertEquals("22023", typo.getSQLState(), typo.getMessage());
      s.execute("SET @@shardline.key = NULL");
      assertEquals(20, countEverywhere("SELECT COUNT(*) FROM $db.posts WHERE post_id % 100 = 0"), "no post deleted");
      assertEquals(usersBefore, countEverywhere("SELECT COUNT(*) FROM $db.users"));

      assertEquals(1, s.executeUpdate("/* shard_key=654321 */ INSERT INTO users (user_id, name) VALUES (654321, 'hinted')"));
      try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE user_id = 654321")) {
        assertTrue(rs.next(), "a hint-routed INSERT registers its key like any new key");
      }
    }
  }

  // 8 ----------------------------------------------------------------------------------------

  @Test
  void oneUserLivesOnOneNodeWhateverTheKeysSpelling_defect8() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("INSERT INTO posts (post_id, user_id, title) VALUES (?, ?, 'x')");
        Statement s = c.createStatement()) {
      ps.setLong(1, 9_500_011);
      ps.setString(2, "0950001");
      ps.executeUpdate();
      ps.setLong(1, 9_500_012);
      ps.setLong(2, 950001);
      ps.executeUpdate();
      String home = nodeOf(c, 950001L);
      assertEquals(2, countOn(home, "SELECT COUNT(*) FROM $db.posts WHERE user_id = 950001"), "both rows on one node");
      assertEquals(2, countEverywhere("SELECT COUNT(*) FROM $db.posts WHERE user_id = 950001"));
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users WHERE user_id = '0" + userOnNode2 + "'")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "WHERE user_id = '0N' finds user N, as MySQL does");
      }

      long keysBefore = directoryKeys();
      ps.setLong(1, 9_500_013);
      ps.setString(2, "abc");
      assertEquals("22023", assertThrows(SQLException.class, ps::executeUpdate).getSQLState());
      ps.setLong(1, 9_500_014);
      ps.setObject(2, new java.math.BigInteger("9223372036854775808"));
      assertEquals("22023", assertThrows(SQLException.class, ps::executeUpdate).getSQLState());
      assertEquals(keysBefore, directoryKeys(), "no key assigned for a value the column cannot hold");
      assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM users /* shard_key=1; DROP TABLE users */"));
    }
  }

  private static long directoryKeys() {
    return fixture.cluster.directoryPrimary().queryLong("SELECT COUNT(*) FROM " + fixture.directoryDatabase + ".shard_keys");
  }

  // 9, 10 ------------------------------------------------------------------------------------

  @Test
  void aFailedStartReleasesEverythingItStarted_defect9() throws Exception {
    SandboxInstance master = master("node1");
    for (int i = 0; i < 5; i++) {
      SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(fixture.url("shardline.nodePassword=wrong", "shardline.instanceName=badstart")));
      assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e, e.getMessage());
      assertEquals("28000", e.getSQLState());
      assertFalse(e.getMessage().contains("wrong"), "never the password: " + e.getMessage());
    }
    assertTrue(threadsNamed("badstart").isEmpty(), "threads left: " + threadsNamed("badstart"));
    long denied = master.queryLong("SELECT CAST(VARIABLE_VALUE AS UNSIGNED) FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'ACCESS_DENIED_ERRORS'");
    Thread.sleep(1_000);
    assertEquals(denied, master.queryLong("SELECT CAST(VARIABLE_VALUE AS UNSIGNED) FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'ACCESS_DENIED_ERRORS'"),
        "nothing keeps logging in with the wrong password");
  }

  private static List<String> threadsNamed(String part) {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().contains(part)) {
        names.add(t.getName());
      }
    }
    return names;
  }

  @Test
  void errorsSayWhatReallyHappened_defect10() throws Exception {
    String good = fixture.url();
    SQLException password = assertThrows(SQLException.class, () -> DriverManager.getConnection(good.replace("password=" + SandboxCluster.APP_PASSWORD, "password=nope")));
    assertEquals("28000", password.getSQLState(), password.getMessage());
    assertTrue(password.getMessage().contains("access denied"), password.getMessage());
    SQLException user = assertThrows(SQLException.class, () -> DriverManager.getConnection(good.replace("user=" + SandboxCluster.APP_USER, "user=nobody")));
    assertEquals("28000", user.getSQLState(), user.getMessage());
    String address = fixture.cluster.directoryPrimary().address();
    for (String port : List.of("abc", "70000")) {
      String bad = good.replace(address, fixture.cluster.directoryPrimary().host() + ":" + port);
      SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(bad));
      assertTrue(e.getMessage().contains("'" + port + "'") && e.getMessage().contains("port"), e.getMessage());
    }
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("INSERT INTO posts (post_id, user_id, title) VALUES (?, ?, ?)")) {
      ps.setLong(1, 777_001);
      ps.setLong(2, userOnNode1);
      ps.setString(3, "far too long a title");
      SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
      assertInstanceOf(DataTruncation.class, e, "Connector/J's exception class is kept: " + e);
    }
  }

  // 11 ---------------------------------------------------------------------------------------

  @Test
  void refusalsWhereTheAnswerIsKnown_defect11() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("INSERT INTO warehouse VALUES (?, ?, ?)")) {
      for (long w : List.of(userOnNode1, userOnNode2)) {
        ps.setLong(1, w);
        ps.setString(2, "w" + w);
        ps.setBigDecimal(3, new java.math.BigDecimal("0.10"));
        assertEquals(1, ps.executeUpdate());
        assertEquals(1, countOn(nodeOf(c, w), "SELECT COUNT(*) FROM $db.warehouse WHERE user_id = " + w + " AND w_name = 'w" + w + "'"));
      }
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE user_id = " + userOnNode2)) {
          assertTrue(rs.next());
        }
        try (ResultSet rs = s.executeQuery("SELECT v FROM settings WHERE k = 'theme'")) {
          assertTrue(rs.next(), "a broadcast table is read from the transaction's own node");
          assertEquals("dark", rs.getString(1));
        }
      }
      c.commit();
    }
  }

  // 12 ---------------------------------------------------------------------------------------

  @Test
  void readTransactionsSendNoMoreStatementsThanADirectConnection_defect12() throws Exception {
    HikariConfig overShardline = new HikariConfig();
    overShardline.setJdbcUrl(fixture.url("shardline.pool.maxSize=1", "shardline.instanceName=trips"));
    overShardline.setMaximumPoolSize(1);
    overShardline.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    HikariConfig direct = new HikariConfig();
    SandboxInstance home = master(nodeOfUser(userOnNode1));
    direct.setJdbcUrl(home.jdbcUrl(fixture.appDatabase));
    direct.setUsername(SandboxCluster.APP_USER);
    direct.setPassword(SandboxCluster.APP_PASSWORD);
    direct.setMaximumPoolSize(1);
    direct.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    try (HikariDataSource viaShardline = new HikariDataSource(overShardline);
        HikariDataSource viaDirect = new HikariDataSource(direct)) {
      long shardline = statementsPerReadTransaction(viaShardline);
      long directly = statementsPerReadTransaction(viaDirect);
      assertTrue(shardline <= directly, "statements per read transaction: " + shardline + " through Shardline, " + directly + " direct");
    }
  }

  private static String nodeOfUser(long user) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      return nodeOf(c, user);
    }
  }

  /** Statements the one physical connection ran per read transaction (two SELECTs and a commit), averaged over 20. */
  private static long statementsPerReadTransaction(HikariDataSource pool) throws SQLException {
    readTransaction(pool); // warm-up: the first borrow sets the session up
    long before = questions(pool);
    for (int i = 0; i < 20; i++) {
      readTransaction(pool);
    }
    long after = questions(pool);
    return Math.round((after - before - 1) / 20.0); // the status read itself counts once
  }

  private static void readTransaction(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
        for (int i = 0; i < 2; i++) {
          ps.setLong(1, userOnNode1);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
          }
        }
      }
      c.commit();
    }
  }

  private static long questions(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT CAST(VARIABLE_VALUE AS UNSIGNED) FROM information_schema.SESSION_STATUS"
              + " WHERE VARIABLE_NAME = 'QUESTIONS' AND EXISTS (SELECT 1 FROM users WHERE user_id = " + userOnNode1 + ")")) {
        assertTrue(rs.next());
        long value = rs.getLong(1);
        c.commit();
        return value;
      }
    }
  }

  // 13, 14 -----------------------------------------------------------------------------------

  @Test
  void aKeyAtTheTopLevelDoesNotTakeItsSubqueriesAlong_defect13() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String sql : List.of(
          "SELECT name, (SELECT COUNT(*) FROM users) FROM users WHERE user_id = " + userOnNode1,
          "SELECT p.title, (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.post_id) FROM posts p WHERE p.user_id = " + userOnNode1,
          "SELECT u.name, (SELECT COUNT(*) FROM users u2 WHERE u2.score > u.score) FROM users u WHERE u.user_id = " + userOnNode1)) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql), sql);
        assertEquals(StatementRouter.UNROUTABLE, e.getSQLState(), e.getMessage());
      }
      try (ResultSet rs = s.executeQuery("SELECT p.title, (SELECT COUNT(*) FROM posts p2 WHERE p2.user_id = p.user_id) FROM posts p WHERE p.user_id = "
          + userOnNode2)) {
        assertTrue(rs.next(), "a subquery correlated on the shard column stays on the key's node");
        assertEquals(1, rs.getInt(2));
      }
    }
  }

  @Test
  void systemTablesAreNotApplicationTables_defect14() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (int i = 0; i < 3; i++) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST")) {
          assertTrue(rs.next());
          assertTrue(rs.getLong(1) > 0);
        }
      }
      assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM mysql.user WHERE user = 'nobody'"));
    }
  }
}
