package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static dev.shardline.driver.analysis.Fixtures.lit;
import static dev.shardline.driver.analysis.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateDeleteAnalysisTest {

  @Test
  void updateWithKey() {
    StatementAnalysis a = analyze("update users set name = ?, visits = visits + ? where user_id = ?");
    assertEquals(Kind.UPDATE, a.kind());
    assertTrue(a.isWrite());
    assertEquals(List.of(p(3)), a.keys());
    assertTrue(a.refusal().isEmpty());
    assertTrue(a.insertRows().isEmpty());
  }

  @Test
  void hibernateUpdate() {
    StatementAnalysis a = analyze("update posts set body=?,title=?,version=? where id=? and version=? and user_id=?");
    assertEquals(List.of(p(6)), a.keys());
    assertEquals(6, a.parameterCount());
  }

  @Test
  void updateWithOrderByAndLimit() {
    StatementAnalysis a = analyze("update users set name = ? where user_id = ? order by id limit ?");
    assertEquals(List.of(p(2)), a.keys());
    assertEquals(3, a.parameterCount());
  }

  @Test
  void updateWithoutKeyIsReportedNotRefused() {
    StatementAnalysis a = analyze("update users set name = ? where id = ?");
    assertTrue(a.keys().isEmpty());
    assertTrue(a.refusal().isEmpty(), "a missing key is the router's decision");
    assertEquals(Set.of("users"), a.shardedTables());
  }

  @Test
  void updateOfTheShardColumnIsRefused() {
    StatementAnalysis a = analyze("update users set user_id = ? where user_id = ?");
    assertEquals("UPDATE of users.user_id would move the row to another node; move the key with `shardline move` instead",
        a.refusal().orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "update users set name = 'x', user_id = 5 where id = 1",
      "update users u set u.user_id = u.user_id + 1 where u.user_id = 1",
      "UPDATE `shop`.`users` SET `User_Id` = 5 WHERE id = 1",
      "update users set user_id = user_id where user_id = 1"})
  void everySpellingOfAShardColumnUpdateIsRefused(String sql) {
    assertTrue(analyze(sql).refusal().orElseThrow().startsWith("UPDATE of users.user_id would move the row"), sql);
  }

  @Test
  void updateOfAJoinedTablesShardColumnNamesThatTable() {
    StatementAnalysis a = analyze("update users u join posts p on p.user_id = u.user_id set p.user_id = ? where u.user_id = ?");
    assertTrue(a.refusal().orElseThrow().startsWith("UPDATE of posts.user_id"), a::toString);
    StatementAnalysis other = analyze("update accounts set owner_id = 1 where owner_id = 2");
    assertTrue(other.refusal().orElseThrow().startsWith("UPDATE of accounts.owner_id"), other::toString);
  }

  @Test
  void updatingAColumnNamedLikeAShardColumnOfAnUnshardedTableIsFine() {
    StatementAnalysis a = analyze("update countries set user_id = 3 where id = 1");
    assertTrue(a.refusal().isEmpty());
    assertTrue(analyze("update accounts set user_id = 3 where owner_id = 1").refusal().isEmpty());
  }

  @Test
  void multiTableUpdateTiedOnTheShardColumn() {
    StatementAnalysis a = analyze("update posts p join users u on u.user_id = p.user_id set p.title = ? where u.user_id = ?");
    assertEquals(List.of(p(2)), a.keys());
    assertTrue(a.refusal().isEmpty());
    assertEquals(Set.of("posts", "users"), a.tables());
  }

  @Test
  void multiTableUpdateWithCommaJoin() {
    StatementAnalysis a = analyze("update users u, posts p set p.title = ? where p.user_id = u.user_id and u.user_id = ?");
    assertEquals(List.of(p(2)), a.keys());
    assertTrue(a.refusal().isEmpty());
  }

  @Test
  void multiTableUpdateAcrossShardedTablesWithoutKeysIsRefused() {
    StatementAnalysis a = analyze("update users u join posts p on p.id = u.pinned_post_id set p.title = ? where u.user_id = ?");
    String why = a.refusal().orElseThrow();
    assertTrue(why.startsWith("this multi-table UPDATE on sharded tables users, posts has no shard key that covers every table"), why);
    assertTrue(why.contains("u.user_id and p.user_id"), why);
    assertTrue(a.keys().isEmpty());
  }

  @Test
  void multiTableUpdateWithAHintIsLeftToTheRouter() {
    StatementAnalysis a = analyze("/* shard_key=3 */ update users u join posts p on p.id = u.x set p.title = ? where u.id = ?");
    assertTrue(a.refusal().isEmpty(), a::toString);
    assertEquals("3", a.hintKey().orElseThrow());
  }

  @Test
  void multiTableUpdateWithOneShardedTableIsNotRefused() {
    StatementAnalysis a = analyze("update users u join countries c on c.id = u.country_id set u.name = ? where c.code = ?");
    assertTrue(a.refusal().isEmpty());
    assertTrue(a.keys().isEmpty());
  }

  @Test
  void deleteWithKey() {
    StatementAnalysis a = analyze("delete from users where user_id = ?");
    assertEquals(Kind.DELETE, a.kind());
    assertTrue(a.isWrite());
    assertEquals(List.of(p(1)), a.keys());
  }

  @Test
  void deleteWithInListAndLimit() {
    StatementAnalysis a = analyze("delete from comments where user_id in (?, ?) and post_id = ? limit ?");
    assertEquals(List.of(p(1), p(2)), a.keys());
    assertEquals(4, a.parameterCount());
  }

  @Test
  void deleteWithOrHasNoKey() {
    assertTrue(analyze("delete from users where user_id = 1 or id = 2").keys().isEmpty());
  }

  @Test
  void multiTableDeleteTiedOnTheShardColumn() {
    StatementAnalysis a = analyze("delete p from posts p join users u on p.user_id = u.user_id where u.user_id = ?");
    assertEquals(List.of(p(1)), a.keys());
    assertTrue(a.refusal().isEmpty());
    StatementAnalysis both = analyze("delete p, u from posts p join users u on p.user_id = u.user_id where u.user_id = 4");
    assertEquals(List.of(lit(4L)), both.keys());
  }

  @Test
  void multiTableDeleteWithoutKeysIsRefused() {
    String why = analyze("delete p from posts p join users u on p.id = u.x where u.user_id = ?").refusal().orElseThrow();
    assertTrue(why.startsWith("this multi-table DELETE on sharded tables posts, users"), why);
  }

  @Test
  void deleteOnSchemaQualifiedTable() {
    StatementAnalysis a = analyze("DELETE FROM `shop`.`users` WHERE `users`.`user_id` = 8");
    assertEquals(List.of(lit(8L)), a.keys());
    assertEquals(Set.of("users"), a.tables());
  }

  @Test
  void deleteFromUnshardedTable() {
    StatementAnalysis a = analyze("delete from settings where k = ?");
    assertTrue(a.shardedTables().isEmpty());
    assertTrue(a.refusal().isEmpty());
    assertFalse(a.keysMustShareNode());
  }
}
