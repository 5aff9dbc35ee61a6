package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.SqlLexer.Token;
import dev.shardline.driver.analysis.SqlLexer.Type;
import java.util.Set;

/**
 * Recognises the session statement the driver intercepts: {@code SET @@shardline.key = 42},
 * {@code = 'abc'}, {@code = NULL} or {@code = DEFAULT} (the last two clear the key).
 *
 * <p>Case-insensitive, with optional spaces, comments, {@code :=}, a {@code SESSION} or
 * {@code @@session.} scope and a trailing {@code ;}. It is read from tokens, not by JSqlParser:
 * MySQL itself would reject the statement, so it never reaches a server. Any other SET that names
 * {@code shardline.} (a list of assignments, a GLOBAL scope, a user variable {@code @shardline.key},
 * an expression as the value) is refused with the correct spelling, not passed to MySQL.
 */
final class ShardKeyStatement {
  private static final Set<String> SESSION_SCOPES = Set.of("SESSION", "LOCAL");
  private static final String USAGE = "write SET @@shardline.key = 42, = 'abc', = NULL or = DEFAULT, alone in the statement";

  /** Not about the shard key ({@code mentioned} false), a valid statement, or a refusal. */
  record Result(boolean mentioned, String key, boolean clears, String refusal) {
    static final Result NOT_MENTIONED = new Result(false, null, false, null);

    static Result refused(String why) {
      return new Result(true, null, false, why);
    }
  }

  private ShardKeyStatement() {}

  /** {@code length} is the number of significant tokens without trailing semicolons. */
  static Result match(LexedSql lexed, int length) {
    if (!"SET".equals(lexed.word(0)) || !mentionsShardline(lexed, length)) {
      return Result.NOT_MENTIONED;
    }
    int i = 1;
    if (lexed.wordIn(i, SESSION_SCOPES)) {
      i++;
    }
    if (lexed.isPunct(i, '@') && lexed.isPunct(i + 1, '@') && TokenNames.adjacent(lexed, i) && TokenNames.adjacent(lexed, i + 1)) {
      i += 2;
      String scope = lexed.word(i);
      if (scope != null && !"SHARDLINE".equals(scope) && lexed.isPunct(i + 1, '.')) {
        if (!SESSION_SCOPES.contains(scope)) {
          return Result.refused("the shard key is set per connection, not with " + scope + " scope; " + USAGE);
        }
        i += 2;
      }
    } else if (lexed.isPunct(i, '@')) {
      return Result.refused("@shardline.key is a MySQL user variable, not the driver's shard key; " + USAGE);
    }
    if (!"SHARDLINE".equals(lexed.word(i)) || !lexed.isPunct(i + 1, '.') || !"KEY".equals(lexed.word(i + 2))) {
      return Result.refused("cannot read the shard key setting in this SET (the only shardline setting is @@shardline.key); " + USAGE);
    }
    i += 3;
    if (lexed.isPunct(i, ':') && lexed.isPunct(i + 1, '=') && TokenNames.adjacent(lexed, i)) {
      i += 2;
    } else if (lexed.isPunct(i, '=')) {
      i++;
    } else {
      return Result.refused("SET @@shardline.key needs '='; " + USAGE);
    }
    return value(lexed, i, length);
  }

  private static Result value(LexedSql lexed, int i, int length) {
    String word = lexed.word(i);
    if (i + 1 == length && ("NULL".equals(word) || "DEFAULT".equals(word))) {
      return new Result(true, null, true, null);
    }
    int sign = (lexed.isPunct(i, '-') || lexed.isPunct(i, '+')) ? 1 : 0;
    String digits = lexed.word(i + sign);
    if (i + sign + 1 == length && digits != null && digits.chars().allMatch(Character::isDigit)) {
      String text = (sign == 1 ? lexed.significant.get(i).text(lexed.sql) : "") + digits;
      return new Result(true, Literals.canonicalInteger(text), false, null);
    }
    if (i + 1 == length && lexed.significant.get(i).type() == Type.STRING) {
      Token string = lexed.significant.get(i);
      String body = lexed.sql.substring(string.start() + 1, Math.max(string.start() + 1, string.end() - 1));
      String key = Literals.unescape(body);
      if (!key.isEmpty() && !lexed.unterminated) {
        return new Result(true, key, false, null);
      }
    }
    String given = i < length ? lexed.sql.substring(lexed.significant.get(i).start(), lexed.significant.get(length - 1).end()) : "nothing";
    return Result.refused("SET @@shardline.key takes one literal key, not " + given + "; " + USAGE);
  }

  private static boolean mentionsShardline(LexedSql lexed, int length) {
    for (int i = 1; i + 1 < length; i++) {
      if ("SHARDLINE".equals(lexed.word(i)) && lexed.isPunct(i + 1, '.')) {
        return true;
      }
    }
    return false;
  }
}
