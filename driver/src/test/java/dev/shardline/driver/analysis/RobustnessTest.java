package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.ANALYZER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** analyze() never throws, whatever it is given, and one analyzer serves many threads. */
class RobustnessTest {
  private static final List<String> CORPUS = List.of(
      "select u1_0.id from users u1_0 where u1_0.user_id=?",
      "select * from users u join posts p on p.user_id = u.user_id where u.user_id in (?, ?) and p.title like ? order by p.id limit ?",
      "insert into users (user_id, name) values (?, ?), (3, 'x') on duplicate key update name = values(name)",
      "update users set name = ? where user_id = ? and (a = 1 or b = 2)",
      "delete p from posts p join users u on p.user_id = u.user_id where u.user_id = ?",
      "/* shard_key='a' */ select * from users where x = \"y\" -- c",
      "SET @@shardline.key = 'abc';",
      "with x as (select * from users where user_id = ?) select * from x union all select * from posts where user_id = 3",
      "create table t (id bigint, user_id bigint, key k (user_id)) engine=InnoDB",
      "select `a`.`b` from `shop`.`users` `a` where `a`.`user_id` = 'it''s \\' ok' for update");

  @Test
  void everyPrefixOfRealStatementsIsAnalysedWithoutThrowing() {
    for (String sql : CORPUS) {
      for (int end = 0; end <= sql.length(); end++) {
        check(sql.substring(0, end));
      }
    }
  }

  @Test
  void randomMutationsAreAnalysedWithoutThrowing() {
    Random random = new Random(20261123L);
    String alphabet = "?'\"`()/*-#;,.=@| \n\tabcdeSELECTWHEREORAND0123456789\\";
    for (int i = 0; i < 1000; i++) {
      StringBuilder sql = new StringBuilder(CORPUS.get(random.nextInt(CORPUS.size())));
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits && sql.length() > 0; e++) {
        int at = random.nextInt(sql.length());
        switch (random.nextInt(3)) {
          case 0 -> sql.deleteCharAt(at);
          case 1 -> sql.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> sql.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      check(sql.toString());
    }
  }

  @Test
  void pathologicalInputs() {
    check("(".repeat(5000));
    check("select " + "(".repeat(40) + "1" + ")".repeat(40));
    check("select * from users where " + "user_id = 1 and ".repeat(300) + "1 = 1");
    check("\u0000\uFFFF\uD800");
    check("?".repeat(1000));
    check("/*");
    check("'");
    check("--");
  }

  private static void check(String sql) {
    StatementAnalysis a = ANALYZER.analyze(sql);
    assertNotNull(a, sql);
    assertEquals(SqlLexer.lex(sql).parameterCount(), a.parameterCount(), sql);
    if (a.parseError().isPresent()) {
      assertSame(Kind.OTHER, a.kind(), sql);
      assertTrue(a.keys().isEmpty(), sql);
      assertTrue(a.insertRows().isEmpty(), sql);
    }
    a.insertRows().ifPresent(rows -> {
      List<Integer> all = new ArrayList<>();
      for (int r = 0; r < rows.rowCount(); r++) {
        all.add(r);
      }
      assertEquals(a.parameterCount(), rows.split(all).parameterMapping().length, sql);
    });
  }

  @Test
  void oneAnalyzerServesManyThreadsWithTheSameResults() throws Exception {
    List<String> expected = new ArrayList<>();
    for (String sql : CORPUS) {
      expected.add(ANALYZER.analyze(sql).toString());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          List<String> seen = new ArrayList<>();
          for (int round = 0; round < 20; round++) {
            for (String sql : CORPUS) {
              seen.add(ANALYZER.analyze(sql).toString());
            }
          }
          return seen;
        }));
      }
      for (Future<List<String>> result : results) {
        List<String> seen = result.get();
        for (int i = 0; i < seen.size(); i++) {
          assertEquals(expected.get(i % CORPUS.size()), seen.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void resultsAreImmutable() {
    StatementAnalysis a = ANALYZER.analyze("select * from users u join posts p on p.user_id = u.user_id where u.user_id = ?");
    assertThrows(UnsupportedOperationException.class, () -> a.tables().add("x"));
    assertThrows(UnsupportedOperationException.class, () -> a.shardedTables().clear());
    assertThrows(UnsupportedOperationException.class, () -> a.keys().add(KeyRef.ofParameter(9)));
  }
}
