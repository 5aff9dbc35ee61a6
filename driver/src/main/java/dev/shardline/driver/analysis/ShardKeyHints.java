package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.SqlLexer.Token;
import dev.shardline.driver.analysis.SqlLexer.Type;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code /* shard_key=42 *}{@code /} and {@code /* shard_key='abc' *}{@code /} hints in the
 * comments of a statement (any comment style, anywhere, among other comment text).
 *
 * <p>Works from the lexer's comment tokens, so a hint is found even when the SQL does not parse,
 * and {@code shard_key=1} inside a string literal is not a hint. A hint that is present but
 * unreadable, or two hints that disagree, are refused rather than ignored: silently ignoring a
 * key the user meant to give could send the statement to the wrong node.
 */
final class ShardKeyHints {
  private static final Pattern HINT = Pattern.compile("(?<![\\w$])shard_key\\s*=\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+(?![\\w.$])");
  private static final Pattern QUOTED = Pattern.compile("'((?:[^'\\\\]|\\\\.|'')*)'|\"((?:[^\"\\\\]|\\\\.|\"\")*)\"", Pattern.DOTALL);

  /** The hint's key (null when there is none) or why the hints cannot be used (null when fine). */
  record Result(String key, String refusal) {
    static final Result NONE = new Result(null, null);
  }

  private ShardKeyHints() {}

  static Result find(LexedSql lexed) {
    String key = null;
    for (Token token : lexed.tokens) {
      if (token.type() != Type.COMMENT) {
        continue;
      }
      String comment = token.text(lexed.sql);
      Matcher hint = HINT.matcher(comment);
      while (hint.find()) {
        String value = value(comment, hint.end());
        if (value == null) {
          return new Result(null, "the shard_key hint in `" + abbreviate(comment)
              + "` is not readable; write /* shard_key=42 */ or /* shard_key='abc' */");
        }
        if (key != null && !key.equals(value)) {
          return new Result(null, "the statement has two different shard_key hints, " + key + " and " + value + "; give one");
        }
        key = value;
      }
    }
    return key == null ? Result.NONE : new Result(key, null);
  }

  /** The hint value starting at {@code from}: canonical integer text or the unquoted string. */
  private static String value(String comment, int from) {
    Matcher integer = INTEGER.matcher(comment).region(from, comment.length());
    if (integer.lookingAt()) {
      return Literals.canonicalInteger(integer.group());
    }
    Matcher quoted = QUOTED.matcher(comment).region(from, comment.length());
    if (quoted.lookingAt()) {
      String body = quoted.group(1) != null ? quoted.group(1) : quoted.group(2);
      String value = Literals.unescape(body);
      return value.isEmpty() ? null : value;
    }
    return null;
  }

  private static String abbreviate(String comment) {
    String flat = comment.replaceAll("\\s+", " ").strip();
    return flat.length() <= 80 ? flat : flat.substring(0, 80) + "...";
  }
}
