package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementKindsTest {

  @Nested
  class Ddl {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "create table t (id bigint primary key)|t",
        "CREATE TABLE IF NOT EXISTS `posts` (id bigint, user_id bigint, KEY k (user_id)) ENGINE=InnoDB|posts",
        "create temporary table tmp (id int)|tmp",
        "alter table posts add column x int|posts",
        "alter table posts add constraint FKx foreign key (user_id) references users (id)|posts",
        "drop table users|users",
        "drop table if exists users|users",
        "drop temporary table tmp|tmp",
        "truncate table users|users",
        "truncate users|users",
        "create index ix on posts (title)|posts",
        "create unique index ix on posts (title)|posts",
        "drop index ix on posts|posts",
        "drop view v|v",
        "create table t2 like users|t2"})
    void parsedDdl(String sql, String table) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.DDL, a.kind(), a::toString);
      assertTrue(a.isWrite());
      assertTrue(a.tables().contains(table), a::toString);
      assertTrue(a.parseError().isEmpty());
    }

    @Test
    void ddlThatJSqlParserCannotParseIsRecognisedByKeywords() {
      assertEquals(Set.of("a", "users"), ddlTables("drop table if exists a, users"));
      assertEquals(Set.of("users"), ddlTables("alter table users algorithm=inplace, add index ix (name)"));
      assertEquals(Set.of("t"), ddlTables("create table t (id int) partition by hash(id) partitions 4"));
      assertEquals(Set.of("users", "people"), ddlTables("alter table users add x int, rename to people"));
    }

    @Test
    void renameTable() {
      StatementAnalysis a = analyze("rename table a to b, users to people");
      assertEquals(Kind.DDL, a.kind());
      assertEquals(Set.of("a", "b", "users", "people"), a.tables());
      assertEquals(Set.of("users"), a.shardedTables());
    }

    @Test
    void views() {
      StatementAnalysis create = analyze("create view v as select * from users join posts on posts.user_id = users.user_id");
      assertEquals(Kind.DDL, create.kind());
      assertEquals(Set.of("v", "users", "posts"), create.tables());
      StatementAnalysis alter = analyze("alter view v as select * from countries");
      assertEquals(Kind.DDL, alter.kind());
      assertEquals(Set.of("v", "countries"), alter.tables());
      assertEquals(Kind.DDL, analyze("create or replace view v as select 1").kind());
    }

    @Test
    void createTableAsSelectReadsItsSource() {
      StatementAnalysis a = analyze("create table t3 as select * from users");
      assertEquals(Kind.DDL, a.kind());
      assertEquals(Set.of("t3", "users"), a.tables());
    }

    @Test
    void databasesAreNotTableDdl() {
      assertEquals(Kind.OTHER, analyze("create database foo").kind());
      assertEquals(Kind.OTHER, analyze("drop database foo").kind());
      assertEquals(Kind.OTHER, analyze("create schema foo").kind());
    }

    private Set<String> ddlTables(String sql) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.DDL, a.kind(), a::toString);
      assertTrue(a.parseError().isEmpty(), a::toString);
      return a.tables();
    }
  }

  @Nested
  class Session {
    @ParameterizedTest
    @ValueSource(strings = {
        "SET NAMES utf8mb4",
        "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci",
        "set autocommit = 0",
        "SET @x = 1, @@session.sql_mode = 'ANSI'",
        "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
        "SET TRANSACTION READ ONLY",
        "set character_set_results = null",
        "SET @@SESSION.time_zone = '+00:00';",
        "/* mysql-connector-j */ SET sql_mode='STRICT_TRANS_TABLES'",
        "use shop",
        "USE `shop`"})
    void sessionStatements(String sql) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.SESSION, a.kind(), a::toString);
      assertFalse(a.isWrite());
      assertTrue(a.refusal().isEmpty());
      assertTrue(a.parseError().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET GLOBAL max_connections = 100", "set @@global.read_only = 1", "SET PERSIST x = 1",
        "set autocommit = 0, global max_connections = 5"})
    void serverScopedSetIsRefused(String sql) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.OTHER, a.kind());
      assertTrue(a.refusal().orElseThrow().contains("changes one MySQL server"), a::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET PASSWORD = 'x'", "set password for 'app'@'%' = 'x'", "SET DEFAULT ROLE ALL TO 'app'@'%'"})
    void accountSetIsRefused(String sql) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.OTHER, a.kind());
      assertTrue(a.refusal().orElseThrow().contains("on one MySQL server"), a::toString);
    }

    @Test
    void setRoleAndCharacterSetAreSession() {
      assertEquals(Kind.SESSION, analyze("SET ROLE ALL").kind());
      assertEquals(Kind.SESSION, analyze("SET CHARACTER SET utf8mb4").kind());
      assertEquals(Kind.SESSION, analyze("SET default_storage_engine = InnoDB").kind());
    }

    @Test
    void mariadbSetStatementIsNotAnalysed() {
      StatementAnalysis a = analyze("SET STATEMENT max_statement_time=1 FOR SELECT * FROM users");
      assertEquals(Kind.OTHER, a.kind());
      assertTrue(a.parseError().orElseThrow().contains("SET STATEMENT"));
    }
  }

  @Nested
  class Transactions {
    @ParameterizedTest
    @ValueSource(strings = {"begin", "BEGIN WORK", "start transaction", "START TRANSACTION READ ONLY",
        "start transaction with consistent snapshot", "commit", "COMMIT WORK", "commit and no chain", "rollback", "ROLLBACK WORK",
        "rollback to savepoint sp1", "rollback to sp1", "savepoint sp1", "release savepoint sp1", "commit;", "/* tx */ begin"})
    void transactionControl(String sql) {
      StatementAnalysis a = analyze(sql);
      assertEquals(Kind.TRANSACTION, a.kind(), a::toString);
      assertFalse(a.isWrite());
      assertTrue(a.parseError().isEmpty());
    }

    @Test
    void startSomethingElseIsNotATransaction() {
      assertEquals(Kind.OTHER, analyze("start slave").kind());
    }
  }

  @Nested
  class Show {
    @Test
    void showStatements() {
      assertEquals(Kind.SHOW, analyze("show tables").kind());
      assertEquals(Kind.SHOW, analyze("SHOW VARIABLES LIKE 'read_only'").kind());
      assertEquals(Kind.SHOW, analyze("show full processlist").kind());
      assertTrue(analyze("show databases").tables().isEmpty());
    }

    @Test
    void showAboutOneTableNamesIt() {
      assertEquals(Set.of("users"), analyze("show create table `users`").tables());
      assertEquals(Set.of("users"), analyze("SHOW FULL COLUMNS FROM shop.users").tables());
      assertEquals(Set.of("posts"), analyze("show index from posts").tables());
      assertEquals(Set.of("posts"), analyze("describe posts").tables());
      assertEquals(Kind.SHOW, analyze("desc posts").kind());
    }

    @Test
    void explainOfAStatementIsOtherWithItsTables() {
      StatementAnalysis a = analyze("explain select * from users where user_id = 1");
      assertEquals(Kind.OTHER, a.kind());
      assertEquals(Set.of("users"), a.tables());
    }
  }

  @Nested
  class Other {
    @Test
    void callKeepsItsParameterCount() {
      StatementAnalysis a = analyze("call refresh_stats(?, ?)");
      assertEquals(Kind.OTHER, a.kind());
      assertEquals(2, a.parameterCount());
      assertFalse(a.isWrite());
    }

    @Test
    void unparseableStatementsAreOtherWithAParseError() {
      for (String sql : new String[] {"LOCK TABLES users WRITE", "XA START 'x'", "this is not sql", "select from where",
          "select * from users where user_id = 0x1F and x = 1"}) {
        StatementAnalysis a = analyze(sql);
        assertEquals(Kind.OTHER, a.kind(), sql);
        assertTrue(a.parseError().orElseThrow().startsWith("cannot parse: "), a::toString);
        assertTrue(a.keys().isEmpty());
        assertTrue(a.tables().isEmpty());
      }
    }

    @Test
    void emptyAndCommentOnlySql() {
      assertEquals("the SQL is empty", analyze("").parseError().orElseThrow());
      assertEquals("the SQL is empty", analyze("  \n\t ").parseError().orElseThrow());
      assertEquals("the SQL is null", analyze(null).parseError().orElseThrow());
      assertEquals("the SQL holds only comments, no statement", analyze("/* nothing */ -- here\n").parseError().orElseThrow());
      assertEquals(Kind.OTHER, analyze("/*!40101 SET NAMES utf8 */").kind());
    }

    @Test
    void severalStatementsInOneString() {
      StatementAnalysis a = analyze("select * from users where user_id = 1; delete from users");
      assertEquals(Kind.OTHER, a.kind());
      assertTrue(a.parseError().orElseThrow().contains("more than one statement"));
      assertEquals(Kind.SELECT, analyze("select 1;").kind());
      assertEquals(Kind.SELECT, analyze("select 1 ; ;").kind());
      assertEquals(Kind.SELECT, analyze("select ';' from users").kind());
    }

    @Test
    void unterminatedTextIsAParseError() {
      assertTrue(analyze("select 'abc from users").parseError().orElseThrow().contains("not closed"));
      assertTrue(analyze("select * from users /* where").parseError().orElseThrow().contains("not closed"));
      assertTrue(analyze("select * from `users").parseError().orElseThrow().contains("not closed"));
    }

    @Test
    void numberedPlaceholdersAreAParseError() {
      StatementAnalysis a = analyze("select * from users where user_id = ?1");
      assertEquals(Kind.OTHER, a.kind());
      assertTrue(a.parseError().orElseThrow().contains("?1"));
    }

    /** MySQL runs the content of /*! ... *&#47; comments; the analysis would route by a statement the server does not run. */
    @ParameterizedTest
    @ValueSource(strings = {
        "select * from users where user_id = 1 /*!50000 or 1=1 */",
        "select /*! sql_no_cache */ * from users where user_id = ?",
        "select * from users where user_id = 1 /*M!100500 or 1=1 */",
        "update users set name = 'x' where user_id = 1 /*! or 1 = 1 */",
        "SET /*!50000 GLOBAL */ max_connections = 5"})
    void executableCommentsAreRefused(String sql) {
      String why = analyze(sql).refusal().orElseThrow(() -> new AssertionError("expected a refusal: " + sql));
      assertTrue(why.startsWith("the statement holds the executable comment `/*"), why);
    }

    @Test
    void executableCommentsInDdlAreFine() {
      StatementAnalysis a = analyze("create table t (id int) /*!50100 engine=InnoDB */");
      assertEquals(Kind.DDL, a.kind(), a::toString);
      assertTrue(a.refusal().isEmpty(), a::toString);
      assertTrue(analyze("select * from users where user_id = 1 /* ! not executable */").refusal().isEmpty());
    }

    @Test
    void hashCommentsAreAccepted() {
      StatementAnalysis a = analyze("select * from users # the users\nwhere user_id = ? # by key");
      assertEquals(Kind.SELECT, a.kind(), a::toString);
      assertEquals(1, a.keys().size());
    }

    @Test
    void toStringExplainsTheAnalysis() {
      String text = analyze("/* shard_key=9 */ select * from users u join posts p on p.user_id = u.user_id where u.user_id = ? for update").toString();
      assertEquals("StatementAnalysis[SELECT, locking read, tables=[posts, users], sharded=[posts, users], keys=[?1], hint=9, parameters=1]", text);
    }
  }
}
