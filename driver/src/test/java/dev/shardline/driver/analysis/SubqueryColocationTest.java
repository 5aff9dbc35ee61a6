package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static dev.shardline.driver.analysis.Fixtures.analyzeWithSchema;
import static dev.shardline.driver.analysis.Fixtures.lit;
import static dev.shardline.driver.analysis.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Defect 13: only the top level's keys counted and subqueries "ran wherever the top level was
 * routed", so a subquery on a sharded table answered from one node's rows. Every sharded table
 * anywhere in a statement must now be tied to an outer table on the shard column, or keyed.
 */
class SubqueryColocationTest {

  private static StatementAnalysis accepted(String sql) {
    StatementAnalysis a = analyze(sql);
    assertTrue(a.refusal().isEmpty(), () -> "unexpected refusal: " + a);
    assertTrue(a.parseError().isEmpty(), () -> "unexpected parse error: " + a);
    return a;
  }

  private static String refusal(String sql) {
    StatementAnalysis a = analyze(sql);
    return a.refusal().orElseThrow(() -> new AssertionError("expected a refusal: " + a));
  }

  private static void assertUnkeyedSubquery(String sql, String construct, String table, String column) {
    String why = refusal(sql);
    assertTrue(why.startsWith(construct + " reads sharded table " + table + " with no shard key, so one node would answer it for the whole"
        + " cluster; constrain " + column + " in it"), why);
  }

  @Nested
  class Regressions {
    @Test
    void scalarCountOfAllUsersCountedOneNode() {
      assertEquals("the subquery `(SELECT COUNT(*) FROM users)` reads sharded table users with no shard key, so one node would answer it"
              + " for the whole cluster; constrain users.user_id in it with = ? or IN (...), or correlate it on user_id with the outer query",
          refusal("SELECT name, (SELECT COUNT(*) FROM users) FROM users WHERE user_id = 4"));
    }

    @Test
    void commentsPerPostMissedCommentsOnOtherNodes() {
      assertUnkeyedSubquery("SELECT p.title, (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.post_id) FROM posts p WHERE p.user_id = ?",
          "the subquery `(SELECT COUNT(*) FROM comments c WHERE c.post_id = p.post_id)`", "comments", "c.user_id");
    }

    @Test
    void rankComputedBySubqueryRankedAmongOneNodesUsers() {
      assertUnkeyedSubquery("SELECT u.name, (SELECT COUNT(*) FROM users u2 WHERE u2.score > u.score) FROM users u WHERE u.user_id = ?",
          "the subquery `(SELECT COUNT(*) FROM users u2 WHERE u2.score > u.score)`", "users", "u2.user_id");
    }

    @Test
    void longSubqueriesAreAbbreviatedInTheMessage() {
      String why = refusal("SELECT (SELECT COUNT(*) FROM users WHERE name LIKE 'a%' AND score > 100 AND created > '2020-01-01' AND x = 1) "
          + "FROM users WHERE user_id = 1");
      assertTrue(why.startsWith("the subquery `(SELECT COUNT(*) FROM users WHERE name LIKE 'a%' AND score > 100 AND created > '...` reads"),
          why);
    }
  }

  @Nested
  class Correlated {
    @Test
    void correlatedOnTheShardColumnGivesOnlyTheTopKeys() {
      StatementAnalysis a = accepted(
          "SELECT p.title, (SELECT COUNT(*) FROM comments c WHERE c.user_id = p.user_id AND c.post_id = p.id) FROM posts p WHERE p.user_id = ?");
      assertEquals(List.of(p(1)), a.keys());
      assertFalse(a.keysMustShareNode());
      assertEquals(Set.of("posts", "comments"), a.shardedTables());
    }

    @Test
    void correlatedWithTheOuterSideWrittenFirst() {
      assertEquals(List.of(lit(3L)), accepted("select * from users u where u.user_id = 3 and exists (select 1 from posts p where u.user_id = p.user_id)")
          .keys());
    }

    @Test
    void correlatedSubqueryOfAnUnkeyedTopLevelIsFine() {
      // every node computes each of its users' post count from its own posts: all of them live there
      StatementAnalysis a = accepted("select u.name, (select count(*) from posts p where p.user_id = u.user_id) from users u");
      assertTrue(a.keys().isEmpty());
    }

    @Test
    void correlationThroughAJoinInsideTheSubquery() {
      assertEquals(List.of(p(1)), accepted("select * from users u where u.user_id = ? and exists (select 1 from posts p join comments c "
          + "on c.user_id = p.user_id where p.user_id = u.user_id)").keys());
    }

    @Test
    void correlationToTheOuterQueryTwoLevelsUp() {
      assertEquals(List.of(p(1)), accepted("select * from users u where u.user_id = ? and exists (select 1 from posts p where p.user_id = "
          + "u.user_id and exists (select 1 from comments c where c.user_id = u.user_id))").keys());
    }

    @Test
    void subqueryTiedOnlyDeeperDownIsNotColocated() {
      // p is tied to u only inside the innermost subquery, which does not bound the rows p's own level reads
      String why = refusal("select u.name, (select count(*) from posts p where exists (select 1 from comments c where c.user_id = p.user_id "
          + "and c.user_id = u.user_id)) from users u where u.user_id = ?");
      assertTrue(why.startsWith("the subquery `(SELECT count(*) FROM posts p WHERE EXISTS (SELECT 1 FROM comments c WHERE c.use...` reads"
          + " sharded table posts with no shard key"), why);
    }

    @Test
    void aConstantOnTheOuterTableInsideTheSubqueryDoesNotKeyTheSubquery() {
      assertUnkeyedSubquery("select (select count(*) from posts p where u.user_id = 5) from users u where u.user_id = 5",
          "the subquery `(SELECT count(*) FROM posts p WHERE u.user_id = 5)`", "posts", "p.user_id");
    }

    @Test
    void anEqualityUnderOrDoesNotTie() {
      assertUnkeyedSubquery("select * from users u where u.user_id = ? and exists (select 1 from posts p where p.user_id = u.user_id or p.x = 1)",
          "the subquery `(SELECT 1 FROM posts p WHERE p.user_id = u.user_id OR p.x = 1)`", "posts", "p.user_id");
    }

    @Test
    void aTieInAnOuterJoinConditionOfTheSubqueryDoesNotTieItToTheOuterQuery() {
      // p is the preserved side: all its rows are read, whatever the ON says
      assertUnkeyedSubquery("select * from users u where u.user_id = ? and exists (select 1 from posts p left join countries k on "
          + "p.user_id = u.user_id)", "the subquery `(SELECT 1 FROM posts p LEFT JOIN countries k ON p.user_id = u.user_id)`", "posts", "p.user_id");
    }

    @Test
    void anIntervalAfterTheTieSwallowsNothing() {
      assertEquals(List.of(p(1)), accepted("select * from users u where u.user_id = ? and exists (select 1 from posts p where "
          + "p.user_id = u.user_id and p.t > now() - interval ? day)").keys());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select * from users u where u.user_id = ? and exists (select 1 from posts p where p.t > now() - interval ? day and p.user_id = u.user_id)",
        "select * from users u where u.user_id = ? and exists (select 1 from (posts p join comments c on c.user_id = p.user_id) "
            + "where p.user_id = u.user_id)",
        "select * from users u where u.user_id = ? and exists (select 1 from posts p where p.user_id = u.user_id and concat(p.a || 'x') = ?)"})
    void aCorrelationInConditionsThatCannotBeReadIsNoTie(String sql) {
      // JSqlParser 5.3 reads "INTERVAL ? DAY AND p.user_id = ..." as one INTERVAL operand, which may hide an OR
      String why = refusal(sql);
      assertTrue(why.contains(", and its conditions cannot be read reliably ("), why);
      assertTrue(why.endsWith("so nothing proves it keyed or correlated on user_id; rewrite that part of the statement"), why);
    }

    @Test
    void unqualifiedColumnResolvesToTheInnermostTable() {
      // user_id is posts.user_id here, as in MySQL: p.user_id = user_id ties p to itself
      assertUnkeyedSubquery("select * from users u where u.user_id = ? and exists (select 1 from posts p where p.user_id = user_id)",
          "the subquery `(SELECT 1 FROM posts p WHERE p.user_id = user_id)`", "posts", "p.user_id");
    }

    @Test
    void unqualifiedColumnResolvesOutwardWhenTheInnerTablesAreKnownNotToHaveIt() {
      String sql = "select * from users u where u.user_id = ? and exists (select 1 from accounts a where a.owner_id = user_id)";
      StatementAnalysis withSchema = analyzeWithSchema(sql);
      assertTrue(withSchema.refusal().isEmpty(), withSchema::toString); // accounts has no user_id: it is u.user_id
      assertEquals(List.of(p(1)), withSchema.keys());
      // without the schema, accounts may have a user_id column: no tie, which is the conservative reading
      assertTrue(refusal(sql).contains("reads sharded table accounts with no shard key"));
    }

    @Test
    void unqualifiedColumnIsNotResolvedPastATableWithUnknownColumns() {
      String why = analyzeWithSchema("select * from users u where u.user_id = ? and exists (select 1 from accounts a join settings s "
          + "on s.k = 'x' where a.owner_id = user_id)").refusal().orElseThrow();
      assertTrue(why.contains("reads sharded table accounts with no shard key"), why);
    }

    @Test
    void qualifiedColumnResolvesToTheInnermostTableOfThatName() {
      // inside the subquery, "u" is the subquery's own users
      assertUnkeyedSubquery("select * from users u where u.user_id = ? and exists (select 1 from users u, posts p where p.user_id = u.user_id)",
          "the subquery `(SELECT 1 FROM users u, posts p WHERE p.user_id = u.user_id)`", "users", "u.user_id");
    }

    @Test
    void updateAndDeleteCorrelatedToTheirTarget() {
      StatementAnalysis update = accepted("update users u set post_count = (select count(*) from posts p where p.user_id = u.user_id) "
          + "where u.user_id = ?");
      assertEquals(List.of(p(1)), update.keys());
      StatementAnalysis delete = accepted("delete from posts where user_id = ? and id in (select c.post_id from comments c "
          + "where c.user_id = posts.user_id and c.spam = 1)");
      assertEquals(List.of(p(1)), delete.keys());
    }
  }

  @Nested
  class Keyed {
    @Test
    void sameLiteralKeyAddsNothing() {
      StatementAnalysis a = accepted("select u.name, (select count(*) from posts where user_id = 5) from users u where u.user_id = 5");
      assertEquals(List.of(lit(5L)), a.keys());
      assertFalse(a.keysMustShareNode(), "one key is on one node");
    }

    @Test
    void anotherParameterIsAnotherKeyThatMustShareTheNode() {
      // ?1 and ?2 may be bound to the same value, but the analysis cannot know: both are keys, on one node
      StatementAnalysis a = accepted("select (select count(*) from posts where user_id = ?) from users where user_id = ?");
      assertEquals(List.of(p(2), p(1)), a.keys());
      assertTrue(a.keysMustShareNode());
    }

    @Test
    void anotherLiteralIsAddedAndMustShareTheNode() {
      StatementAnalysis a = accepted("select u.name, (select count(*) from posts where user_id = 6) from users u where u.user_id = 5");
      assertEquals(List.of(lit(5L), lit(6L)), a.keys());
      assertTrue(a.keysMustShareNode());
    }

    @Test
    void theSameInListInASubqueryMustShareTheNode() {
      // the outer IN alone could be served node by node; the subquery reads both keys' rows at once
      StatementAnalysis a = accepted("select u.name, (select count(*) from posts where user_id in (1, 2)) from users u where u.user_id in (1, 2)");
      assertEquals(List.of(lit(1L), lit(2L)), a.keys());
      assertTrue(a.keysMustShareNode());
    }

    @Test
    void keyedExistsAndInSubqueries() {
      StatementAnalysis exists = accepted("select * from users u where u.user_id = ? and exists (select 1 from posts p where p.user_id = ? and p.x = 1)");
      assertEquals(List.of(p(1), p(2)), exists.keys());
      assertTrue(exists.keysMustShareNode());
      StatementAnalysis in = accepted("select * from users where user_id = ? and pinned_post in (select id from posts where user_id = ?)");
      assertEquals(List.of(p(1), p(2)), in.keys());
    }

    @Test
    void subqueryKeyWithoutShardedOuterTablesRoutesTheStatement() {
      StatementAnalysis a = accepted("select * from countries where id in (select country_id from users where user_id = ?)");
      assertEquals(List.of(p(1)), a.keys());
      assertFalse(a.keysMustShareNode());
      assertEquals(Set.of("users"), a.shardedTables());
    }

    @Test
    void subqueryKeyUnderAnUnkeyedOuterQueryIsRefused() {
      String why = refusal("select * from users where exists (select 1 from posts where user_id = 5)");
      assertEquals("the subquery `(SELECT 1 FROM posts WHERE user_id = 5)` reads sharded table posts only for key(s) [5], but the outer"
          + " query has no shard key and runs on every node, where each node would answer the subquery from its own rows; give the outer"
          + " query the same key, or correlate the subquery on user_id with it", why);
    }

    @Test
    void subqueryThatReadsNoRowsNeedsNoKey() {
      StatementAnalysis a = accepted("select u.name, (select count(*) from posts where 0) from users u where u.user_id = ?");
      assertEquals(List.of(p(1)), a.keys());
      assertFalse(a.readsNoRows());
    }
  }

  @Nested
  class InAndExists {
    @Test
    void inSubqueryOnTheShardColumnTiesTheSubquery() {
      StatementAnalysis scattered = accepted("select * from users where user_id in (select user_id from posts where title = ?)");
      assertTrue(scattered.keys().isEmpty());
      StatementAnalysis keyed = accepted("select * from users u where u.user_id = ? and u.user_id in (select p.user_id from posts p)");
      assertEquals(List.of(p(1)), keyed.keys());
      assertFalse(keyed.keysMustShareNode());
      // JSqlParser 5.3 swallows the rest of the condition into the IN; Conditions repairs it
      assertEquals(List.of(p(1)), accepted("select * from users where user_id in (select user_id from posts) and user_id = ?").keys());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select * from users where user_id = ? and user_id not in (select user_id from posts)",
        "select * from users where user_id = ? and not (user_id in (select user_id from posts))",
        "select * from users where user_id = ? and (user_id in (select user_id from posts) or x = 1)",
        "select * from users where user_id = ? and user_id in (select max(user_id) from posts)",
        "select * from users where user_id = ? and user_id in (select user_id from posts group by user_id having count(*) > 1)",
        "select * from users where user_id = ? and user_id in (select id from posts)",
        "select * from users where user_id = ? and user_id = any (select user_id from posts)",
        "select * from users where user_id = ? and id in (select post_id from comments)",
        "select * from users where user_id = ? and not exists (select 1 from posts where title = 'x')",
        "select * from users where user_id = ? and exists (select 1 from posts)"})
    void otherInAndExistsFormsAreNotColocated(String sql) {
      assertTrue(refusal(sql).contains("with no shard key, so one node would answer it for the whole cluster"), sql);
    }
  }

  @Nested
  class DerivedTablesAndCtes {
    @Test
    void derivedTableGivesItsKey() {
      StatementAnalysis a = accepted("select d.name from (select name from users where user_id = ?) d");
      assertEquals(List.of(p(1)), a.keys());
      assertEquals(Set.of("users"), a.shardedTables());
    }

    @Test
    void outerConstraintOnADerivedTableDoesNotPushDown() {
      assertEquals("the derived table `(SELECT * FROM users) d` reads sharded table users with no shard key, so one node would answer it"
              + " for the whole cluster; constrain users.user_id in it with = ? or IN (...), or correlate it on user_id with the outer query",
          refusal("select * from (select * from users) d where d.user_id = 5"));
      assertTrue(refusal("select * from users u join (select user_id, count(*) n from posts group by user_id) d on d.user_id = u.user_id "
          + "where u.user_id = ?").startsWith("the derived table `(SELECT user_id, count(*) n FROM posts GROUP BY user_id) d` reads sharded"
          + " table posts with no shard key"));
    }

    @Test
    void lateralCorrelatedOnTheShardColumn() {
      assertEquals(List.of(p(1)), accepted("select * from users u, lateral (select count(*) n from posts p where p.user_id = u.user_id) c "
          + "where u.user_id = ?").keys());
    }

    @Test
    void cteBodyGivesItsKeyOrIsRefused() {
      assertEquals(List.of(p(1)), accepted("with x as (select * from users where user_id = ?) select * from x").keys());
      assertTrue(refusal("with x as (select * from users) select * from x where x.user_id = 5")
          .startsWith("the CTE x `(SELECT * FROM users)` reads sharded table users with no shard key"));
    }

    @Test
    void cteBodyCannotSeeTheMainQuery() {
      // the body's u is its own users: a CTE body is not correlated to the query that uses it
      assertTrue(refusal("with c as (select * from posts p, users u where p.user_id = u.user_id) select * from users u join c "
          + "on c.user_id = u.user_id where u.user_id = ?").startsWith("the CTE c"));
    }

    @Test
    void recursiveCteOverAShardedTableIsRefused() {
      assertTrue(refusal("with recursive t as (select id, user_id from users where user_id = 1 union all select u.id, u.user_id from users u "
          + "join t on u.parent = t.id) select * from t").contains("reads sharded table users with no shard key"));
    }

    @Test
    void unionInsideASubqueryIsCheckedBranchByBranch() {
      assertEquals(List.of(p(1)), accepted("select * from users u where u.user_id = ? and exists (select 1 from posts p where p.user_id = "
          + "u.user_id union all select 1 from comments c where c.user_id = u.user_id)").keys());
      assertTrue(refusal("select * from users u where u.user_id = ? and exists (select 1 from posts p where p.user_id = u.user_id union all "
          + "select 1 from comments c)").contains("reads sharded table comments with no shard key"));
    }
  }

  @Nested
  class Clauses {
    @ParameterizedTest
    @ValueSource(strings = {
        "select user_id, count(*) from posts where user_id = ? group by user_id having count(*) > (select avg(score) from users)",
        "select * from users u join posts p on p.user_id = u.user_id and p.id in (select post_id from comments) where u.user_id = ?",
        "select * from users where user_id = ? order by (select count(*) from posts)",
        "select * from users where user_id = ? group by (select max(x) from posts)",
        "select case when exists (select 1 from posts) then 1 end from users where user_id = ?",
        "select coalesce((select max(id) from posts), 0) from users where user_id = ?",
        "select * from users where user_id = ? and score > (select avg(score) from users)",
        "update users set post_count = (select count(*) from posts) where user_id = ?",
        "update users set name = ? where user_id = ? and score < (select avg(score) from users)",
        "update users u join posts p on p.user_id = u.user_id set p.x = 1 where u.user_id = ? and p.id in (select post_id from comments)",
        "update users set name = ? where user_id = ? order by (select count(*) from posts)",
        "delete from posts where user_id = ? and id in (select post_id from comments where spam = 1)",
        "delete from posts where user_id = ? and exists (select 1 from users where score < 0)",
        "delete p from posts p join users u on p.user_id = u.user_id where u.user_id = ? and p.id in (select post_id from comments)"})
    void subqueriesInEveryClauseAreChecked(String sql) {
      assertTrue(refusal(sql).contains("with no shard key, so one node would answer it for the whole cluster"), sql);
    }

    @Test
    void tablesOfSubqueriesInOrderByAreReported() {
      // JSqlParser's TablesNamesFinder does not read ORDER BY; the levels do
      StatementAnalysis a = analyze("select * from countries order by (select count(*) from users u where u.country_id = countries.id)");
      assertEquals(Set.of("countries", "users"), a.tables());
      assertTrue(a.refusal().isPresent());
    }

    @Test
    void subqueriesOnUnshardedTablesAreFine() {
      StatementAnalysis a = accepted("select u.name, (select c.name from countries c where c.id = u.country_id) from users u where u.user_id = ? "
          + "and u.country_id in (select id from countries where code = ?)");
      assertEquals(List.of(p(1)), a.keys());
      assertFalse(a.keysMustShareNode());
    }
  }

  @Nested
  class Inserts {
    @ParameterizedTest
    @ValueSource(strings = {
        "insert into users (user_id, name) values (?, (select name from users where user_id = 3))",
        "insert into audit_log (msg) values ((select count(*) from posts))",
        "insert into users set user_id = ?, name = (select max(name) from posts)",
        "insert into users (user_id, name) values (?, ?) on duplicate key update name = (select max(title) from posts p where p.user_id = 1)",
        "replace into users (user_id, name) values (?, (select name from comments limit 1))"})
    void aSubqueryOnAShardedTableInAnInsertIsRefused(String sql) {
      String why = refusal(sql);
      assertTrue(why.startsWith("the subquery `("), why);
      assertTrue(why.contains(", whose rows are spread over the nodes; the "), why);
    }

    @Test
    void insertSelectFromAShardedTableIntoAnUnshardedOneIsRefused() {
      assertEquals("the SELECT of this INSERT `SELECT user_id, name FROM users` reads sharded table users, whose rows are spread over the"
          + " nodes; the INSERT would run on one node and see only its rows, so read them first and INSERT the values",
          refusal("insert into countries (id, name) select user_id, name from users"));
    }

    @Test
    void subqueriesOnUnshardedTablesInAnInsertAreFine() {
      StatementAnalysis a = accepted("insert into users (user_id, name) values (?, (select name from countries where id = 1))");
      assertEquals(List.of(p(1)), a.keys());
    }
  }

  @Nested
  class SafetyNet {
    @Test
    void everySelectOfTheTextIsALevel() {
      // a statement whose SELECTs are all seen is not refused by the count
      accepted("select (select 1), (select 2 from dual) from users where user_id = ? and x in (select 3) order by (select 4)");
    }

    @Test
    void reservedWordsAfterADotAreNamesNotSubqueries() {
      assertEquals(List.of(p(1)), accepted("select t.select, t.table from users t where t.user_id = ?").keys());
    }

    @Test
    void aSubqueryInAClauseTheLevelsDoNotReadIsRefused() {
      // MySQL's window clause is not read for subqueries
      String why = refusal("select row_number() over (order by (select count(*) from posts)) from users where user_id = ?");
      assertTrue(why.startsWith("the statement has 1 subquery in a clause the driver does not read"), why);
    }
  }
}
