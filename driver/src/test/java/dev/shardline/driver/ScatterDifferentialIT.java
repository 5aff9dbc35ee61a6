package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.shardline.driver.routing.StatementRouter;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Queries across nodes answer what one MariaDB holding all the data answers: a corpus of
 * hand-written queries of every shape the merge supports, and thousands of generated ones (the
 * seed is printed; rerun one with {@code -Dshardline.test.seed=N}). Each answer equals the
 * reference's (in order where the query orders fully, as a multiset otherwise) or is a documented
 * refusal (SQLState 0AS01); never a different answer.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(600)
class ScatterDifferentialIT {
  private static final int USERS = 2500;
  private static ClusterFixture fixture;
  private static ReferenceDatabase data;

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void load(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "scatter");
    data = ReferenceDatabase.load(fixture, fixture.url("shardline.broadcastTables=kinds"), USERS, 20261202L);
  }

  /** A corpus entry: the SQL, its parameters, and whether it orders its rows fully (ties broken by a unique key). */
  private record Query(String sql, boolean ordered, Object... parameters) {}

  private static Query q(String sql, Object... parameters) {
    return new Query(sql, false, parameters);
  }

  private static Query o(String sql, Object... parameters) {
    return new Query(sql, true, parameters);
  }

  private static final List<Query> CORPUS = List.of(
      // plain rows: every node's rows, concatenated or merged in order
      q("SELECT user_id, name FROM users WHERE score > 90"),
      q("SELECT * FROM users WHERE country = 'jp'"),
      q("SELECT u.user_id, u.name FROM users u WHERE u.name LIKE 'al%'"),
      q("SELECT name, country FROM users WHERE balance IS NULL"),
      q("SELECT title FROM posts WHERE likes BETWEEN 10 AND 12"),
      q("SELECT post_id, user_id FROM posts WHERE kind = ? AND likes > ?", 2, 40),
      o("SELECT user_id, name FROM users ORDER BY user_id"),
      o("SELECT user_id, name FROM users ORDER BY user_id DESC"),
      o("SELECT user_id, name FROM users ORDER BY name, user_id"),
      o("SELECT user_id, name FROM users ORDER BY name DESC, user_id DESC"),
      o("SELECT user_id, score FROM users ORDER BY score DESC, user_id LIMIT 20"),
      o("SELECT user_id, score FROM users ORDER BY score, user_id LIMIT 10 OFFSET 30"),
      o("SELECT user_id, score FROM users ORDER BY score, user_id LIMIT 30, 10"),
      o("SELECT user_id, score FROM users ORDER BY score, user_id LIMIT ?, ?", 100, 25),
      o("SELECT user_id, score FROM users ORDER BY score, user_id LIMIT ? OFFSET ?", 7, 2000),
      o("SELECT post_id, created FROM posts ORDER BY created DESC, post_id DESC LIMIT 20"),
      o("SELECT post_id, title FROM posts ORDER BY title, post_id LIMIT 50"),
      o("SELECT post_id, title FROM posts WHERE title LIKE '%hello' ORDER BY 2, 1 LIMIT 15"),
      o("SELECT user_id AS id, name AS n FROM users ORDER BY n, id LIMIT 40"),
      o("SELECT user_id, balance FROM users ORDER BY balance, user_id LIMIT 25"),
      o("SELECT user_id, balance FROM users ORDER BY balance DESC, user_id LIMIT 25"),
      o("SELECT user_id, rating FROM users ORDER BY rating, user_id LIMIT 25"),
      o("SELECT user_id, country FROM users ORDER BY country, user_id LIMIT 60"),
      o("SELECT user_id, joined FROM users ORDER BY joined, user_id LIMIT 33"),
      o("SELECT user_id, name FROM users WHERE country IN ('fr', 'de') ORDER BY user_id LIMIT 100"),
      o("SELECT user_id, score * 2 AS double_score FROM users ORDER BY double_score DESC, user_id LIMIT 12"),
      o("SELECT user_id, LOWER(name) AS lname FROM users ORDER BY lname, user_id LIMIT 12"),
      o("SELECT * FROM posts ORDER BY likes DESC, post_id LIMIT 5"),
      q("SELECT user_id FROM users LIMIT 0"),
      // DISTINCT
      q("SELECT DISTINCT country FROM users"),
      q("SELECT DISTINCT name FROM users"),
      q("SELECT DISTINCT kind FROM posts"),
      q("SELECT DISTINCT country, score > 50 FROM users"),
      o("SELECT DISTINCT name FROM users ORDER BY name"),
      o("SELECT DISTINCT likes FROM posts ORDER BY likes DESC LIMIT 10"),
      o("SELECT DISTINCT likes FROM posts ORDER BY likes LIMIT 5 OFFSET 3"),
      // aggregates with no GROUP BY
      q("SELECT COUNT(*) FROM users"),
      q("SELECT COUNT(*) FROM posts"),
      q("SELECT COUNT(*), SUM(likes), MIN(likes), MAX(likes) FROM posts"),
      q("SELECT AVG(score) FROM users"),
      q("SELECT AVG(balance), SUM(balance) FROM users"),
      q("SELECT AVG(rating), SUM(rating) FROM users"),
      q("SELECT COUNT(balance), COUNT(*) - COUNT(balance) FROM users"),
      q("SELECT MIN(name), MAX(name) FROM users"),
      q("SELECT MIN(created), MAX(created) FROM posts"),
      q("SELECT MIN(country), MAX(country) FROM users"),
      q("SELECT COUNT(*) FROM users WHERE score > ?", 50),
      q("SELECT COUNT(*) FROM posts WHERE user_id IN (1, 2, 3, 4, 5, 6, 7, 8)"),
      q("SELECT COUNT(DISTINCT user_id) FROM posts"),
      q("SELECT SUM(likes) / COUNT(*) FROM posts"),
      q("SELECT MAX(likes) - MIN(likes), SUM(likes) DIV 7, SUM(likes) % 7 FROM posts"),
      q("SELECT COUNT(*) FROM users WHERE name = 'nobody'"),
      q("SELECT SUM(score), AVG(score), MIN(name) FROM users WHERE name = 'nobody'"),
      q("SELECT COALESCE(SUM(balance), 0) FROM users WHERE score > 1000"),
      q("SELECT COUNT(*) AS n FROM users HAVING n > 5"),
      q("SELECT COUNT(*) AS n FROM users HAVING n > 999999"),
      q("SELECT COUNT(*) FROM posts WHERE user_id NOT IN (SELECT user_id FROM users WHERE 0)"),
      // GROUP BY across nodes
      q("SELECT country, COUNT(*) FROM users GROUP BY country"),
      q("SELECT country, COUNT(*), AVG(score), MIN(name), MAX(name) FROM users GROUP BY country"),
      q("SELECT kind, SUM(likes), COUNT(*) FROM posts GROUP BY kind"),
      q("SELECT kind, likes, COUNT(*) FROM posts GROUP BY kind, likes"),
      q("SELECT name, COUNT(*) FROM users GROUP BY name"),
      q("SELECT score, COUNT(*) FROM users GROUP BY score HAVING COUNT(*) > 25"),
      q("SELECT country, SUM(balance) FROM users GROUP BY country HAVING SUM(balance) > 0"),
      q("SELECT country, COUNT(*) c FROM users GROUP BY country HAVING c BETWEEN 10 AND 100000"),
      q("SELECT kind, MAX(likes) - MIN(likes) AS spread FROM posts GROUP BY kind"),
      q("SELECT kind, AVG(likes) FROM posts GROUP BY 1"),
      q("SELECT country AS c, COUNT(*) FROM users GROUP BY c"),
      q("SELECT country, COUNT(*) FROM users WHERE score > ? GROUP BY country HAVING COUNT(*) > ?", 20, 3),
      o("SELECT country, COUNT(*) FROM users GROUP BY country ORDER BY country"),
      o("SELECT country, COUNT(*) AS n FROM users GROUP BY country ORDER BY n DESC, country"),
      o("SELECT kind, SUM(likes) AS s FROM posts GROUP BY kind ORDER BY s DESC LIMIT 2"),
      o("SELECT score, COUNT(*) AS n FROM users GROUP BY score ORDER BY n DESC, score LIMIT 5"),
      o("SELECT score, COUNT(*) AS n FROM users GROUP BY score ORDER BY score LIMIT 10 OFFSET 5"),
      o("SELECT likes, COUNT(*) FROM posts GROUP BY likes ORDER BY COUNT(*) DESC, likes LIMIT 3"),
      o("SELECT name, MAX(score) FROM users GROUP BY name ORDER BY name"),
      o("SELECT country, MIN(name) AS first_name FROM users GROUP BY country ORDER BY first_name, country"),
      o("SELECT kind, AVG(likes) AS a FROM posts GROUP BY kind ORDER BY a DESC, kind"),
      // groups on the shard key: each on one node, streamed
      q("SELECT user_id, COUNT(*) FROM posts GROUP BY user_id"),
      q("SELECT user_id, SUM(likes) FROM posts GROUP BY user_id HAVING SUM(likes) > 200"),
      o("SELECT user_id, COUNT(*) AS n FROM posts GROUP BY user_id ORDER BY n DESC, user_id LIMIT 10"),
      o("SELECT p.user_id, COUNT(*) AS n, MAX(p.likes) FROM posts p GROUP BY p.user_id ORDER BY p.user_id LIMIT 50"),
      o("SELECT user_id, AVG(likes) AS a FROM posts GROUP BY user_id ORDER BY a DESC, user_id LIMIT 7"),
      // joins on the shard key, and with the broadcast table
      q("SELECT u.user_id, p.post_id FROM users u JOIN posts p ON p.user_id = u.user_id WHERE u.score > 95"),
      o("SELECT u.name, p.title FROM users u JOIN posts p ON p.user_id = u.user_id ORDER BY p.post_id LIMIT 30"),
      q("SELECT u.country, COUNT(*) FROM users u JOIN posts p ON p.user_id = u.user_id GROUP BY u.country"),
      o("SELECT u.user_id, COUNT(p.post_id) AS n FROM users u LEFT JOIN posts p ON p.user_id = u.user_id GROUP BY u.user_id ORDER BY n DESC, u.user_id LIMIT 20"),
      q("SELECT k.label, COUNT(*) FROM posts p JOIN kinds k ON k.kind = p.kind GROUP BY k.label"),
      o("SELECT p.post_id, k.label FROM posts p JOIN kinds k ON k.kind = p.kind ORDER BY p.post_id LIMIT 12"),
      q("SELECT COUNT(*) FROM users u JOIN posts p USING (user_id) WHERE p.likes > 45"),
      // correlated subqueries on the shard column, per node
      q("SELECT u.user_id, (SELECT COUNT(*) FROM posts p WHERE p.user_id = u.user_id) FROM users u WHERE u.score = 7"),
      q("SELECT COUNT(*) FROM users u WHERE EXISTS (SELECT 1 FROM posts p WHERE p.user_id = u.user_id AND p.likes > 45)"),
      q("SELECT COUNT(*) FROM users u WHERE u.user_id IN (SELECT p.user_id FROM posts p WHERE p.kind = 3)"),
      o("SELECT u.user_id, (SELECT MAX(p.likes) FROM posts p WHERE p.user_id = u.user_id) AS best FROM users u ORDER BY best DESC, u.user_id LIMIT 10"),
      // keys on several nodes: IN lists cut per node
      o("SELECT user_id, name FROM users WHERE user_id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10) ORDER BY user_id"),
      o("SELECT user_id, name FROM users WHERE user_id IN (?, ?, ?, ?) ORDER BY user_id", 11L, 12L, 13L, 14L),
      q("SELECT COUNT(*), SUM(likes) FROM posts WHERE user_id IN (?, ?, ?, ?, ?, ?)", 21L, 22L, 23L, 24L, 25L, 26L),
      q("SELECT user_id, COUNT(*) FROM posts WHERE user_id IN (31, 32, 33, 34, 35) GROUP BY user_id"),
      o("SELECT post_id FROM posts WHERE user_id IN (41, 42, 43, 44) ORDER BY post_id LIMIT 3"),
      q("SELECT name FROM users WHERE user_id IN (1, 2, 999999)"),
      // derived tables and CTEs keyed: one node
      o("SELECT * FROM (SELECT user_id, name FROM users WHERE user_id = 5) d ORDER BY user_id"),
      // what is refused
      q("SELECT name FROM users UNION SELECT title FROM posts"),
      q("SELECT GROUP_CONCAT(name) FROM users"),
      q("SELECT COUNT(DISTINCT name) FROM users"),
      q("SELECT user_id, ROW_NUMBER() OVER (ORDER BY user_id) FROM users"),
      q("SELECT u.user_id FROM users u JOIN posts p ON p.post_id = u.user_id"),
      q("SELECT name, (SELECT COUNT(*) FROM users) FROM users"));

  @Test
  void everyQueryOfTheCorpusAnswersAsOneDatabaseWould() throws Exception {
    assertTrue(CORPUS.size() >= 100, "the corpus has " + CORPUS.size() + " queries");
    int answered = run(CORPUS, "corpus");
    assertTrue(answered >= CORPUS.size() - 10, "only " + answered + " of " + CORPUS.size() + " corpus queries were answered");
  }

  @Test
  void generatedQueriesAnswerAsOneDatabaseWouldOrAreRefused() throws Exception {
    long seed = Long.getLong("shardline.test.seed", System.nanoTime());
    System.out.println("ScatterDifferentialIT: generated queries with seed " + seed + " (rerun with -Dshardline.test.seed=" + seed + ")");
    QueryGenerator generator = new QueryGenerator(new Random(seed), USERS);
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      QueryGenerator.Generated g = generator.next();
      queries.add(new Query(g.sql(), g.ordered()));
    }
    int answered = run(queries, "seed " + seed);
    assertTrue(answered >= 1600, "only " + answered + " of 2000 generated queries were answered (seed " + seed + ")");
  }

  /** Runs every query both ways; returns how many were answered (the rest refused as documented). */
  private static int run(List<Query> queries, String what) throws SQLException {
    int answered = 0;
    List<String> failures = new ArrayList<>();
    try (Connection shardline = DriverManager.getConnection(data.shardlineUrl);
        Connection reference = DriverManager.getConnection(data.referenceUrl, SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD)) {
      for (Query query : queries) {
        ReferenceDatabase.Answer expected = ReferenceDatabase.answer(reference, query.sql(), query.parameters());
        ReferenceDatabase.Answer actual;
        try {
          actual = ReferenceDatabase.answer(shardline, query.sql(), query.parameters());
        } catch (SQLException e) {
          if (!StatementRouter.UNROUTABLE.equals(e.getSQLState())) {
            failures.add(query.sql() + "\n  failed with " + e.getSQLState() + ": " + e.getMessage());
          }
          continue;
        }
        String difference = ReferenceDatabase.difference(expected, actual, query.ordered());
        if (difference != null) {
          failures.add(query.sql() + "\n  " + difference);
        }
        answered++;
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + queries.size() + " queries (" + what + ") differ from the reference:\n" + String.join("\n", failures.subList(0,
          Math.min(20, failures.size()))));
    }
    assertEquals(List.of(), failures);
    return answered;
  }
}
