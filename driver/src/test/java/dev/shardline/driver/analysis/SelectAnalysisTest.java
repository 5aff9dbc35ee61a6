package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static dev.shardline.driver.analysis.Fixtures.assertKeys;
import static dev.shardline.driver.analysis.Fixtures.assertNoKeys;
import static dev.shardline.driver.analysis.Fixtures.lit;
import static dev.shardline.driver.analysis.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelectAnalysisTest {

  @Nested
  class PlainSelects {
    @Test
    void equalityOnTheShardColumnIsTheKey() {
      StatementAnalysis a = analyze("SELECT * FROM users WHERE user_id = ?");
      assertEquals(Kind.SELECT, a.kind());
      assertEquals(List.of(p(1)), a.keys());
      assertEquals(Set.of("users"), a.tables());
      assertEquals(Set.of("users"), a.shardedTables());
      assertFalse(a.isWrite());
      assertFalse(a.lockingRead());
      assertFalse(a.keysMustShareNode());
      assertEquals(1, a.parameterCount());
    }

    @Test
    void integerLiteralKeyIsALong() {
      assertKeys("select * from users where user_id = 42", lit(42L));
      assertEquals(42L, analyze("select * from users where user_id = 42").keys().get(0).literal());
    }

    @Test
    void negativeAndPlusSignedLiterals() {
      assertKeys("select * from users where user_id = -7", lit(-7L));
      assertKeys("select * from users where user_id = +7", lit(7L));
    }

    @Test
    void stringLiteralKeyIsUnescaped() {
      assertKeys("select * from users where user_id = 'abc'", lit("abc"));
      assertKeys("select * from users where user_id = 'it''s'", lit("it's"));
      assertKeys("select * from users where user_id = 'a\\'b'", lit("a'b"));
      assertKeys("select * from users where user_id = N'n'", lit("n"));
    }

    @Test
    void reversedEquality() {
      assertKeys("select * from users where ? = user_id", p(1));
      assertKeys("select * from users where 5 = user_id", lit(5L));
    }

    @Test
    void keyAmongOtherConditions() {
      assertKeys("select * from users where name = ? and user_id = ? and age > ?", p(2));
      assertKeys("select * from users where (user_id = ?) and name like ? limit ?", p(1));
      assertKeys("select * from users where a = 1 and (b = 2 and (user_id = ?))", p(1));
    }

    @Test
    void parenthesisedValue() {
      assertKeys("select * from users where user_id = (?)", p(1));
      assertKeys("select * from users where user_id = ((42))", lit(42L));
    }

    @Test
    void sameKeyTwiceIsReportedOnce() {
      assertKeys("select * from users where user_id = 5 and user_id = 5", lit(5L));
    }

    @Test
    void twoEqualitiesOnOneTableKeepTheFirst() {
      // every row satisfies both; either one bounds the rows
      assertKeys("select * from users where user_id = ? and user_id = ?", p(1));
    }

    @Test
    void equalityNarrowsAnInList() {
      assertKeys("select * from users u where u.user_id in (1, 2, 3) and u.user_id = ?", p(1));
    }

    @Test
    void unshardedTablesHaveNoKeysAndNoShardedTables() {
      StatementAnalysis a = analyze("select * from countries where id = ?");
      assertEquals(Set.of("countries"), a.tables());
      assertTrue(a.shardedTables().isEmpty());
      assertTrue(a.keys().isEmpty());
    }

    @Test
    void selectWithoutTables() {
      StatementAnalysis a = analyze("select 1");
      assertEquals(Kind.SELECT, a.kind());
      assertTrue(a.tables().isEmpty());
      assertTrue(a.parseError().isEmpty());
    }

    @Test
    void noWhereMeansNoKey() {
      assertNoKeys("select * from users");
      assertNoKeys("select * from users order by id limit 10");
    }

    @Test
    void otherColumnsAreNotKeys() {
      assertNoKeys("select * from users where id = ?");
      assertNoKeys("select * from users where user_id > ?");
      assertNoKeys("select * from users where user_id <> 5");
      assertNoKeys("select * from users where user_id between 1 and 5");
      assertNoKeys("select * from users where user_id like '5%'");
    }

    @Test
    void valuesThatAreNotKeys() {
      assertNoKeys("select * from users where user_id = null");
      assertNoKeys("select * from users where user_id = 1.5");
      assertNoKeys("select * from users where user_id = x'1F'");
      assertNoKeys("select * from users where user_id = b'101'");
      assertNoKeys("select * from users where user_id = other_id");
      assertNoKeys("select * from users where user_id = 1 + 1");
      assertNoKeys("select * from users where user_id = cast(? as signed)");
      assertNoKeys("select * from users where user_id = (select max(user_id) from posts)");
      // "42" is a string in MySQL's default mode but an identifier under ANSI_QUOTES: not trusted
      assertNoKeys("select * from users where user_id = \"42\"");
      // larger than a BIGINT
      assertNoKeys("select * from users where user_id = 12345678901234567890");
    }

    @Test
    void shardColumnWithAnotherName() {
      assertKeys("select * from accounts where owner_id = ?", p(1));
      assertNoKeys("select * from accounts where user_id = ?");
    }
  }

  @Nested
  class OrmSql {
    @Test
    void hibernateAliasedPointSelect() {
      assertKeys("select u1_0.id,u1_0.name,u1_0.user_id from users u1_0 where u1_0.user_id=?", p(1));
    }

    @Test
    void hibernateJoinFetchOnTheShardColumn() {
      String sql = "select p1_0.id,p1_0.body,u1_0.id,u1_0.name from posts p1_0 join users u1_0 on u1_0.user_id=p1_0.user_id "
          + "where p1_0.user_id=? and p1_0.id=? order by p1_0.id limit ?,?";
      StatementAnalysis a = analyze(sql);
      assertEquals(List.of(p(1)), a.keys(), a::toString);
      assertEquals(4, a.parameterCount());
    }

    @Test
    void hibernateBatchFetchInList() {
      assertKeys("select c1_0.post_id,c1_0.id,c1_0.body from comments c1_0 where c1_0.user_id in (?,?,?,?)", p(1), p(2), p(3), p(4));
    }

    @Test
    void parameterInSelectListShiftsTheKeyIndex() {
      assertKeys("select ?, u.name from users u where u.user_id = ?", p(2));
    }

    @Test
    void hibernateTenantFilterOnEveryTable() {
      // Hibernate's @TenantId adds one restriction per table: two classes, each constrained
      StatementAnalysis a = analyze(
          "select p1_0.id from posts p1_0 join users u1_0 on u1_0.id=p1_0.author_id where p1_0.user_id=? and u1_0.user_id=?");
      assertEquals(List.of(p(1), p(2)), a.keys());
      assertTrue(a.keysMustShareNode());
    }
  }

  @Nested
  class Joins {
    @Test
    void joinOnTheShardColumnCarriesTheKey() {
      StatementAnalysis a = analyze("select * from users u join posts p on p.user_id=u.user_id where u.user_id=?");
      assertEquals(List.of(p(1)), a.keys());
      assertFalse(a.keysMustShareNode());
      assertEquals(Set.of("users", "posts"), a.shardedTables());
    }

    @Test
    void joinOnAnotherColumnLeavesATableUnconstrained() {
      assertNoKeys("select * from users u join posts p on p.id = u.pinned_post_id where u.user_id = ?");
    }

    @Test
    void commaJoinWithTheTieInWhere() {
      assertKeys("select * from users u, posts p where p.user_id = u.user_id and u.user_id = 7", lit(7L));
    }

    @Test
    void keyOnTheJoinedTable() {
      assertKeys("select * from users u join posts p on p.user_id = u.user_id where p.user_id in (?, ?)", p(1), p(2));
    }

    @Test
    void keyInsideAnInnerJoinCondition() {
      assertKeys("select * from users u join posts p on p.user_id = u.user_id and p.user_id = ? where u.active = 1", p(1));
    }

    @Test
    void threeTablesChained() {
      assertKeys("select * from users u join posts p on p.user_id = u.user_id join comments c on c.user_id = p.user_id where u.user_id = ?",
          p(1));
      assertNoKeys("select * from users u join posts p on p.user_id = u.user_id join comments c on c.post_id = p.id where u.user_id = ?");
    }

    @Test
    void usingAndNaturalJoins() {
      assertKeys("select * from users u join posts p using (user_id) where u.user_id = ?", p(1));
      assertKeys("select * from users natural join posts where user_id = ?", p(1));
      assertNoKeys("select * from users u join posts p using (id) where u.user_id = ?");
    }

    @Test
    void leftJoinTiedOnTheShardColumn() {
      assertKeys("select * from users u left join posts p on p.user_id = u.user_id where u.user_id = ?", p(1));
    }

    @Test
    void constantInALeftJoinConditionDoesNotConstrainTheOuterSide() {
      assertNoKeys("select * from users u left join posts p on p.user_id = ? where u.name = 'x'");
      assertNoKeys("select * from users u left join posts p on p.user_id = u.user_id and p.user_id = 5");
    }

    @Test
    void joinWithAGlobalTable() {
      StatementAnalysis a = analyze("select * from users u join countries c on c.id = u.country_id where u.user_id = ?");
      assertEquals(List.of(p(1)), a.keys());
      assertEquals(Set.of("users", "countries"), a.tables());
      assertEquals(Set.of("users"), a.shardedTables());
    }

    @Test
    void selfJoin() {
      assertKeys("select * from users a, users b where a.user_id = ? and b.user_id = a.user_id", p(1));
      assertNoKeys("select * from users a, users b where a.user_id = ? and b.id = a.friend_id");
    }

    @Test
    void independentTablesMustShareANode() {
      StatementAnalysis a = analyze("select * from users u, posts p where u.user_id = 1 and p.user_id = 2");
      assertEquals(List.of(lit(1L), lit(2L)), a.keys());
      assertTrue(a.keysMustShareNode());
    }

    @Test
    void unqualifiedShardColumnWithTwoTablesJoinedByUsing() {
      assertKeys("select * from users join posts using (user_id) where user_id = ?", p(1));
    }

    @Test
    void parenthesisedJoinInFromIsNotTrusted() {
      assertNoKeys("select * from (users u join posts p on p.id = u.x) where u.user_id = ?");
    }
  }

  @Nested
  class InLists {
    @Test
    void literalsAndParameters() {
      assertKeys("select * from users where user_id in (1, 2, 3)", lit(1L), lit(2L), lit(3L));
      assertKeys("select * from users where user_id in (?, ?)", p(1), p(2));
      assertKeys("select * from users where user_id in (?, 2, 'x')", p(1), lit(2L), lit("x"));
    }

    @Test
    void singleElementAndDuplicates() {
      assertKeys("select * from users where user_id in (?)", p(1));
      assertKeys("select * from users where user_id in (3, 3)", lit(3L));
    }

    @Test
    void anExpressionInTheListMeansNoKey() {
      assertNoKeys("select * from users where user_id in (1, now())");
    }

    @Test
    void notInAndSubqueryAreNoKeys() {
      assertNoKeys("select * from users where user_id not in (1, 2)");
      assertNoKeys("select * from users where user_id in (select user_id from posts where user_id = 3)");
    }

    @Test
    void rowValueInIsNotAKey() {
      assertNoKeys("select * from users where (user_id, id) in ((1, 2), (3, 4))");
    }

    /** JSqlParser 5.3 parses "a IN (...) AND b" as "a IN ((...) AND b)"; Conditions repairs it. */
    @Test
    void inListFollowedByMoreConditions() {
      assertKeys("select * from users where user_id in (1, 2) and name = ?", lit(1L), lit(2L));
      assertKeys("select * from users where x = 1 and user_id in (?, ?) and y = ?", p(1), p(2));
      assertKeys("select * from users where status in ('a', 'b') and user_id = ?", p(1));
      assertKeys("select * from users where a in (1) and b in (2) and user_id in (3)", lit(3L));
      assertKeys("select * from users where not a in (1) and user_id = ?", p(1));
      assertKeys("select * from users where a not in (?) and user_id in (?, ?)", p(2), p(3));
    }

    @Test
    void inListFollowedByAnOrHasNoKey() {
      assertNoKeys("select * from users where user_id in (1, 2) or name = 'x'");
      assertNoKeys("select * from users where a in (1) and user_id = 5 or b = 2");
      assertNoKeys("select * from users where a in (1) and b in (2) or user_id = 1");
      assertNoKeys("select * from users where a in (1) xor user_id = 1");
      assertNoKeys("select * from users where user_id = 5 and a member of ('[1]') or b = 2");
    }
  }

  @Nested
  class ConditionsThatDoNotConstrainEveryRow {
    @ParameterizedTest
    @ValueSource(strings = {
        "select * from users where user_id = 1 or user_id = 2",
        "select * from users where user_id = ? or name = ?",
        "select * from users where name = ? or user_id = ?",
        "select * from users where not user_id = 5",
        "select * from users where not (user_id = 5 and x = 1)",
        "select * from users where x = 1 and (user_id = 5 or y = 2)",
        "select * from users where user_id = 5 xor x = 1",
        "select * from users where case when user_id = 1 then 1 else 0 end = 1"})
    void noKeys(String sql) {
      StatementAnalysis a = analyze(sql);
      assertTrue(a.keys().isEmpty(), a::toString);
      assertTrue(a.refusal().isEmpty(), a::toString);
      assertTrue(a.shardedTables().contains("users"), a::toString);
    }

    /**
     * A key inside a subquery never constrains the outer rows. These used to be "no key" (the
     * subquery ran wherever the top level went); now the outer query would run on every node
     * while each node answers the subquery from its own rows, so they are refused (defect 13).
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "select * from users where exists (select 1 from posts p where p.user_id = 5)",
        "select * from users where id in (select user_id from posts where user_id = ?)",
        "select (select count(*) from posts p where p.user_id = ?) from users u"})
    void aKeyInsideASubqueryDoesNotConstrainTheOuterRows(String sql) {
      StatementAnalysis a = analyze(sql);
      assertTrue(a.keys().isEmpty(), a::toString);
      assertTrue(a.refusal().orElseThrow().contains("but the outer query has no shard key and runs on every node"), a::toString);
    }

    @Test
    void aDerivedTableGivesItsKey() {
      // used to be "no key": a derived table is now a level whose key routes the statement
      assertKeys("select * from (select * from users where user_id = ?) x", p(1));
    }

    /** JSqlParser 5.3 reads "INTERVAL ? DAY AND ..." as one INTERVAL operand; see Misassociation. */
    @Test
    void misassociatedTermsProveNoKey() {
      assertNoKeys("select * from users where created > now() - interval ? day and user_id = ?");
      // the dangerous shape: read naively, the hidden OR would leave "user_id = 5" as a top-level conjunct
      assertNoKeys("select * from users where user_id = 5 and created > now() - interval ? day or x = 1");
      assertNoKeys("select * from users u join posts p on p.user_id = u.user_id and p.t > now() - interval ? day or p.x = 1 where u.user_id = 5");
      // with the INTERVAL inside a function the arguments are a boundary and nothing is mis-associated
      assertKeys("select * from users where created > date_add(now(), interval ? day) and user_id = ?", p(2));
      assertKeys("select * from users where user_id = ? and created > now() - interval 1 day", p(1));
    }

    @Test
    void pipesAreOrInMySqlSoNoConditionIsTrusted() {
      // JSqlParser reads || as concatenation; MySQL's default mode reads it as OR
      StatementAnalysis a = analyze("select * from users where user_id = 5 and concat(a || b) = 'x'");
      assertTrue(a.keys().isEmpty(), a::toString);
      assertEquals(Kind.SELECT, a.kind());
    }

    @Test
    void pipesInsideAStringDoNotCount() {
      assertKeys("select * from users where user_id = 5 and x = 'a||b'", lit(5L));
    }

    @Test
    void keyBesideASubqueryStillCounts() {
      StatementAnalysis a = analyze("select * from users u where u.user_id = ? and exists (select 1 from posts p where p.user_id = u.user_id)");
      assertEquals(List.of(p(1)), a.keys());
      assertEquals(Set.of("users", "posts"), a.tables());
    }
  }

  @Nested
  class NamesAndCase {
    @Test
    void backticksSchemaAndAliases() {
      assertKeys("select * from `shop`.`users` `U` where `U`.`user_id` = ?", p(1));
      assertKeys("select * from shop.users where shop.users.user_id = 3", lit(3L));
      assertKeys("select * from users where users.user_id = 3", lit(3L));
      assertEquals(Set.of("users"), analyze("select * from `shop`.`users`").tables());
    }

    @Test
    void caseInsensitiveTablesColumnsAndKeywords() {
      assertKeys("SELECT * FROM USERS U WHERE U.USER_ID = ?", p(1));
      assertKeys("Select * From Users Where User_Id = ?", p(1));
      assertEquals(Set.of("users"), analyze("SELECT * FROM `Users`").tables());
    }

    @Test
    void aliasHidesTheTableName() {
      // with an alias, MySQL does not accept the table name as a qualifier; here "users" names posts
      assertNoKeys("select * from users u, posts users where users.user_id = ?");
    }

    @Test
    void unknownQualifierIsNotAKey() {
      assertNoKeys("select * from users u where x.user_id = ?");
    }
  }

  @Nested
  class UnionsAndCtes {
    @Test
    void unionAllOfKeyedBranches() {
      StatementAnalysis a = analyze("select * from users where user_id = ? union all select * from posts where user_id = ?");
      assertEquals(List.of(p(1), p(2)), a.keys());
      assertFalse(a.keysMustShareNode());
    }

    @Test
    void unionDistinctComparesRowsAcrossBranches() {
      StatementAnalysis a = analyze("select name from users where user_id = 1 union select name from users where user_id = 2");
      assertEquals(List.of(lit(1L), lit(2L)), a.keys());
      assertTrue(a.keysMustShareNode());
    }

    @Test
    void unionWithAnUnkeyedBranchHasNoKey() {
      assertNoKeys("select * from users where user_id = ? union all select * from posts");
    }

    @Test
    void unionWithAGlobalBranch() {
      assertKeys("select name from users where user_id = ? union all select name from countries", p(1));
    }

    @Test
    void parenthesisedSelect() {
      assertKeys("(select * from users where user_id = ?)", p(1));
    }

    @Test
    void cteIsNotATableButItsBodyGivesItsKey() {
      // used to assert no keys: the body is a level of its own whose key routes the statement (defect 13)
      StatementAnalysis a = analyze("with x as (select * from users where user_id = ?) select * from x");
      assertEquals(Set.of("users"), a.tables());
      assertEquals(List.of(p(1)), a.keys());
      assertFalse(a.keysMustShareNode());
    }

    @Test
    void cteJoinedToAKeyedTable() {
      // used to give only ?2: x.user_id is a column of the CTE, not a sharded table, so it ties nothing;
      // the CTE body's rows (key ?1) and p's (key ?2) are read together
      StatementAnalysis a =
          analyze("with x as (select * from users where user_id = ?) select * from x join posts p on p.user_id = x.user_id where p.user_id = ?");
      assertEquals(List.of(p(2), p(1)), a.keys());
      assertTrue(a.keysMustShareNode());
    }

    @Test
    void cteNamedLikeItsRealSourceTableStillReportsTheTable() {
      // used to assert no keys; the body (the real posts) gives key 1, the outer posts is the CTE
      StatementAnalysis a = analyze("with posts as (select * from posts where user_id = 1) select * from posts");
      assertEquals(Set.of("posts"), a.shardedTables());
      assertEquals(List.of(lit(1L)), a.keys());
    }

    @Test
    void cteNameIsCaseInsensitive() {
      assertEquals(Set.of("countries"), analyze("with `Cte` as (select * from countries) select * from cte").tables());
    }
  }

  @Nested
  class LockingReads {
    @ParameterizedTest
    @ValueSource(strings = {
        "select * from users where user_id = ? for update",
        "select * from users where user_id = ? FOR UPDATE NOWAIT",
        "select * from users where user_id = ? for update skip locked",
        "select * from users where user_id = ? for share",
        "select * from users where user_id = ? lock in share mode",
        "select * from users where user_id = ? LOCK IN SHARE MODE;",
        "select * from users where user_id = ? lock in share mode -- why"})
    void lockingSelects(String sql) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.SELECT, a.kind(), a::toString);
      assertTrue(a.lockingRead(), a::toString);
      assertEquals(List.of(p(1)), a.keys(), a::toString);
    }

    @Test
    void plainSelectIsNotLocking() {
      assertFalse(analyze("select * from users where user_id = ?").lockingRead());
      assertFalse(analyze("select 'for update' from users").lockingRead());
    }
  }
}
