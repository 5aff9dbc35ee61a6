package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import java.util.Set;

/**
 * Classifies the statements that are recognised by their leading keywords alone: session
 * statements (SET, USE), transaction control, SHOW and DESCRIBE, and the driver's own
 * {@code SET @@shardline.key}.
 *
 * <p>Why not JSqlParser: it cannot parse several of them in 5.3 (BEGIN, START TRANSACTION,
 * RELEASE SAVEPOINT, COMMIT WORK, SET TRANSACTION ...), and none of them needs more than their
 * first words to be routed. Everything else goes to the parser.
 */
final class KeywordClassifier {
  /** Words after SET that change accounts or server state rather than the session. */
  private static final Set<String> SET_ACCOUNT = Set.of("PASSWORD", "DEFAULT", "RESOURCE");
  private static final Set<String> SHOW_FROM = Set.of("COLUMNS", "FIELDS", "INDEX", "INDEXES", "KEYS");
  private static final Set<String> SERVER_SCOPES = Set.of("GLOBAL", "PERSIST", "PERSIST_ONLY");
  /** After DESCRIBE/DESC/EXPLAIN, these start an explained statement rather than a table name. */
  private static final Set<String> EXPLAINED = Set.of(
      "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "TABLE", "WITH", "FORMAT", "ANALYZE", "EXTENDED", "PARTITIONS", "FOR", "VALUES");

  private KeywordClassifier() {}

  /**
   * Fills {@code out} and returns true when the leading keywords decide the statement; false
   * when it needs the parser. {@code length} counts significant tokens without trailing {@code ;}.
   */
  static boolean classify(LexedSql lexed, int length, StatementAnalysis.Builder out) {
    String first = lexed.word(0);
    if (first == null) {
      return false;
    }
    String second = lexed.word(1);
    switch (first) {
      case "SET":
        return set(lexed, length, out);
      case "USE":
        out.kind(Kind.SESSION);
        return true;
      case "BEGIN":
        if (length == 1 || (length == 2 && "WORK".equals(second))) {
          out.kind(Kind.TRANSACTION);
          return true;
        }
        return false; // BEGIN NOT ATOMIC (a MariaDB block) and the like
      case "START":
        return transactionIf("TRANSACTION".equals(second), out);
      case "RELEASE":
        return transactionIf("SAVEPOINT".equals(second), out);
      case "COMMIT", "ROLLBACK", "SAVEPOINT":
        out.kind(Kind.TRANSACTION);
        return true;
      case "SHOW":
        out.kind(Kind.SHOW);
        showTable(lexed, length, out);
        return true;
      case "DESCRIBE", "DESC", "EXPLAIN":
        if (lexed.wordIn(1, EXPLAINED) || lexed.isPunct(1, '(')) {
          return false;
        }
        TokenNames.Name table = TokenNames.at(lexed, 1, length);
        if (table == null) {
          return false;
        }
        out.kind(Kind.SHOW).table(table.qualified());
        return true;
      default:
        return false;
    }
  }

  private static boolean transactionIf(boolean condition, StatementAnalysis.Builder out) {
    if (condition) {
      out.kind(Kind.TRANSACTION);
    }
    return condition;
  }

  private static boolean set(LexedSql lexed, int length, StatementAnalysis.Builder out) {
    ShardKeyStatement.Result shardKey = ShardKeyStatement.match(lexed, length);
    if (shardKey.mentioned()) {
      if (shardKey.refusal() != null) {
        // OTHER, not SET_SHARD_KEY: a caller that acts on SET_SHARD_KEY without looking at the
        // refusal must not be handed a statement without a key.
        out.kind(Kind.OTHER).refuse(shardKey.refusal());
      } else {
        out.kind(Kind.SET_SHARD_KEY).sessionShardKey(shardKey.key(), shardKey.clears());
      }
      return true;
    }
    String scope = serverScope(lexed, length);
    if (scope != null) {
      out.kind(Kind.OTHER).refuse("SET " + scope + " changes one MySQL server, not the Shardline cluster; "
          + "run it on each node's servers directly (SET SESSION, or no scope, is fine through the driver)");
      return true;
    }
    if (lexed.wordIn(1, SET_ACCOUNT)) {
      out.kind(Kind.OTHER).refuse("SET " + lexed.word(1) + " changes an account or server setting on one MySQL server, not the "
          + "Shardline cluster; run it on each node's servers directly");
    } else if ("STATEMENT".equals(lexed.word(1))) {
      // MariaDB's SET STATEMENT var=value FOR <statement>: the inner statement would need routing
      out.kind(Kind.OTHER).parseError("SET STATEMENT ... FOR <statement> is not analysed; run the inner statement on its own");
    } else {
      SessionSettings.Result settings = SessionSettings.read(lexed, length);
      if (settings.refusal() != null) {
        // OTHER, as above: a caller that keeps SESSION statements' settings must not get one without them.
        out.kind(Kind.OTHER).refuse(settings.refusal());
      } else {
        out.kind(Kind.SESSION);
        settings.settings().forEach(out::sessionSetting);
      }
    }
    return true;
  }

  /** GLOBAL/PERSIST as a scope keyword ({@code SET GLOBAL x}) or prefix ({@code @@global.x}), else null. */
  private static String serverScope(LexedSql lexed, int length) {
    for (int i = 1; i < length; i++) {
      if (!lexed.wordIn(i, SERVER_SCOPES)) {
        continue;
      }
      String word = lexed.word(i);
      boolean keyword = i == 1 || lexed.isPunct(i - 1, ',');
      boolean prefix = lexed.isPunct(i - 1, '@') && lexed.isPunct(i - 2, '@') && lexed.isPunct(i + 1, '.');
      if (keyword || prefix) {
        return word;
      }
    }
    return null;
  }

  /** SHOW CREATE TABLE t, SHOW [FULL] COLUMNS|FIELDS FROM t, SHOW INDEX|INDEXES|KEYS FROM t. */
  private static void showTable(LexedSql lexed, int length, StatementAnalysis.Builder out) {
    int i = 1;
    while ("FULL".equals(lexed.word(i)) || "EXTENDED".equals(lexed.word(i))) {
      i++;
    }
    String what = lexed.word(i);
    if (what == null) {
      return;
    }
    int at = -1;
    if ("CREATE".equals(what) && "TABLE".equals(lexed.word(i + 1))) {
      at = i + 2;
    } else if (lexed.wordIn(i, SHOW_FROM)
        && ("FROM".equals(lexed.word(i + 1)) || "IN".equals(lexed.word(i + 1)))) {
      at = i + 2;
    }
    TokenNames.Name table = at < 0 ? null : TokenNames.at(lexed, at, length);
    if (table != null) {
      out.table(table.qualified());
    }
  }
}
