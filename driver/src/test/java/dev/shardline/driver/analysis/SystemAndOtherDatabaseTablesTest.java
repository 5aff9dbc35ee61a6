package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static dev.shardline.driver.analysis.Fixtures.analyzeWithSchema;
import static dev.shardline.driver.analysis.Fixtures.lit;
import static dev.shardline.driver.analysis.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Defect 14: tables of MySQL's system schemas and of other databases were read as application tables. */
class SystemAndOtherDatabaseTablesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "SELECT * FROM information_schema.PROCESSLIST|information_schema.processlist",
      "select user, host from mysql.user|mysql.user",
      "select * from performance_schema.threads where processlist_id = ?|performance_schema.threads",
      "select * from sys.session|sys.session",
      "SELECT * FROM `INFORMATION_SCHEMA`.`TABLES` WHERE table_schema = ?|information_schema.tables",
      "select count(*) from information_schema.processlist p where p.command <> 'Sleep'|information_schema.processlist"})
  void systemTablesAreNotApplicationTables(String sql, String systemTable) {
    for (StatementAnalysis a : List.of(analyze(sql), analyzeWithSchema(sql))) {
      assertEquals(Kind.SELECT, a.kind(), a::toString);
      assertEquals(Set.of(systemTable), a.systemTables(), a::toString);
      assertTrue(a.tables().isEmpty(), a::toString);
      assertTrue(a.shardedTables().isEmpty(), a::toString);
      assertTrue(a.refusal().isEmpty(), a::toString);
    }
  }

  @Test
  void aSystemTableNamedLikeAShardedTableIsNotSharded() {
    StatementAnalysis a = analyze("select * from mysql.users where user_id = 1");
    assertEquals(Set.of("mysql.users"), a.systemTables());
    assertTrue(a.shardedTables().isEmpty(), a::toString);
    assertTrue(a.keys().isEmpty(), a::toString);
  }

  @Test
  void applicationAndSystemTablesTogether() {
    StatementAnalysis a = analyze("select u.name, t.table_rows from users u join information_schema.tables t on t.table_name = 'users' "
        + "where u.user_id = ?");
    assertEquals(Set.of("users"), a.tables());
    assertEquals(Set.of("information_schema.tables"), a.systemTables());
    assertEquals(List.of(p(1)), a.keys());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "update mysql.user set max_connections = 5 where user = 'app'",
      "delete from mysql.user where user = 'x'",
      "insert into mysql.user (user, host) values ('x', '%')",
      "replace into mysql.db (db, user) values ('app', 'x')",
      "update users u join mysql.user m on m.user = u.name set m.plugin = 'x' where u.user_id = 1",
      "truncate table performance_schema.events_statements_history",
      "drop table sys.x",
      "create table mysql.t (id int)",
      "alter table mysql.user add x int",
      "create index ix on mysql.user (host)",
      "drop index ix on mysql.user",
      "rename table mysql.a to mysql.b",
      "drop table if exists a, mysql.user",
      "alter table information_schema.tables algorithm=inplace, add index ix (x)"})
  void writesToSystemTablesAreRefused(String sql) {
    for (StatementAnalysis a : List.of(analyze(sql), analyzeWithSchema(sql))) {
      String why = a.refusal().orElseThrow(() -> new AssertionError("expected a refusal: " + a));
      assertTrue(why.contains("changes one MySQL server, not the cluster; run it on each server directly"), why);
      assertTrue(why.matches(".*(mysql|sys|performance_schema|information_schema)\\.\\w+ changes.*"), why);
    }
  }

  @Test
  void writeRefusalNamesTheTable() {
    assertEquals("UPDATE of mysql.user changes one MySQL server, not the cluster; run it on each server directly",
        analyze("update mysql.user set plugin = 'x'").refusal().orElseThrow());
  }

  @Test
  void aWriteThatOnlyReadsASystemTableIsFine() {
    StatementAnalysis a = analyze("insert into countries (id, name) select 1, table_name from information_schema.tables where table_schema = ?");
    assertTrue(a.refusal().isEmpty(), a::toString);
    assertEquals(Set.of("countries"), a.tables());
    assertEquals(Set.of("information_schema.tables"), a.systemTables());
  }

  @Test
  void describeAndShowOfSystemTables() {
    StatementAnalysis describe = analyze("describe mysql.user");
    assertEquals(Kind.SHOW, describe.kind());
    assertEquals(Set.of("mysql.user"), describe.systemTables());
    assertTrue(describe.tables().isEmpty());
    assertEquals(Set.of("information_schema.columns"), analyze("show columns from information_schema.columns").systemTables());
  }

  @Test
  void otherDatabaseIsRefusedOnceTheLogicalDatabaseIsKnown() {
    StatementAnalysis a = analyzeWithSchema("select * from otherdb.t where id = ?");
    assertTrue(a.refusal().orElseThrow().startsWith(
        "table otherdb.t is in database otherdb; a Shardline connection serves one logical database (app)"), a::toString);
    assertTrue(a.tables().isEmpty(), a::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select * from users u join otherdb.posts p on p.user_id = u.user_id where u.user_id = 1",
      "update otherdb.users set name = 'x' where user_id = 1",
      "delete from `OtherDb`.`users` where user_id = 1",
      "insert into otherdb.users (user_id, name) values (1, 'x')",
      "select * from users where user_id in (select user_id from otherdb.users)",
      "describe otherdb.users",
      "drop table otherdb.users",
      "drop table if exists a, otherdb.b"})
  void everyKindOfReferenceToAnotherDatabaseIsRefused(String sql) {
    String why = analyzeWithSchema(sql).refusal().orElseThrow(() -> new AssertionError("expected a refusal: " + sql));
    assertTrue(why.contains(" is in database otherdb; a Shardline connection serves one logical database (app)"), why);
  }

  @Test
  void theLogicalDatabaseQualifierIsANormalTable() {
    StatementAnalysis a = analyzeWithSchema("select * from app.users where app.users.user_id = ?");
    assertTrue(a.refusal().isEmpty(), a::toString);
    assertEquals(Set.of("users"), a.shardedTables());
    assertEquals(List.of(p(1)), a.keys());
    assertEquals(List.of(lit(5L)), analyzeWithSchema("DELETE FROM `APP`.`users` WHERE user_id = 5").keys());
  }

  @Test
  void withoutTheLogicalDatabaseAQualifierIsTakenToMeanIt() {
    StatementAnalysis a = analyze("select * from otherdb.users where user_id = ?");
    assertTrue(a.refusal().isEmpty(), a::toString);
    assertEquals(Set.of("users"), a.tables());
    assertEquals(List.of(p(1)), a.keys());
  }
}
