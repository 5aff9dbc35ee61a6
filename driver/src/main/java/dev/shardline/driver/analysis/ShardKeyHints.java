package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.SqlLexer.Token;
import dev.shardline.driver.analysis.SqlLexer.Type;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code /* shard_key=42 *}{@code /} and {@code /* shard_key='abc' *}{@code /} hints in the
 * comments of a statement (any comment style, anywhere, after other comment text such as
 * {@code /* app=blog, shard_key=42 *}{@code /}).
 *
 * <p>After the value only whitespace, the end of the comment, or a comma followed by other text
 * may come. Anything else ({@code shard_key=1; DROP TABLE users}, {@code shard_key=42 or 43}) is
 * refused: a hint that says more than one key, or something we cannot read, must not be
 * shortened to the part that looks like a key.
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
  /** What may follow a hint's value: nothing, or a comma and further comment text. */
  private static final Pattern AFTER_VALUE = Pattern.compile("\\s*(,.*)?", Pattern.DOTALL);

  /** The hint's key (null when there is none) or why the hints cannot be used (null when fine). */
  record Result(String key, String refusal) {
    static final Result NONE = new Result(null, null);
  }

  /** A value read after {@code shard_key=}, and whether text that is not allowed follows it. */
  private record Value(String key, boolean trailingText) {}

  private static final Pattern ALL_NODES = Pattern.compile("(?<![\\w$])shardline:all_nodes(?![\\w$])", Pattern.CASE_INSENSITIVE);

  private ShardKeyHints() {}

  /** Whether a comment holds {@code shardline:all_nodes}: the opt-in for an UPDATE or DELETE with no key to run on every node. */
  static boolean allNodes(LexedSql lexed) {
    for (Token token : lexed.tokens) {
      if (token.type() == Type.COMMENT && ALL_NODES.matcher(token.text(lexed.sql)).find()) {
        return true;
      }
    }
    return false;
  }

  static Result find(LexedSql lexed) {
    String key = null;
    for (Token token : lexed.tokens) {
      if (token.type() != Type.COMMENT) {
        continue;
      }
      String comment = token.text(lexed.sql);
      Matcher hint = HINT.matcher(comment);
      while (hint.find()) {
        Value value = value(comment, hint.end());
        if (value == null) {
          return new Result(null, "the shard_key hint in `" + abbreviate(comment)
              + "` is not readable; write /* shard_key=42 */ or /* shard_key='abc' */");
        }
        if (value.trailingText()) {
          return new Result(null, "the shard_key hint in `" + abbreviate(comment)
              + "` has text after the key; only a comma and further comment text may follow it, as in"
              + " /* shard_key=42, app=blog */");
        }
        if (key != null && !key.equals(value.key())) {
          return new Result(null, "the statement has two different shard_key hints, " + key + " and " + value.key() + "; give one");
        }
        key = value.key();
      }
    }
    return key == null ? Result.NONE : new Result(key, null);
  }

  /** The hint value starting at {@code from} (canonical integer text or the unquoted string), or null when unreadable. */
  private static Value value(String comment, int from) {
    String value;
    int end;
    Matcher integer = INTEGER.matcher(comment).region(from, comment.length());
    Matcher quoted = QUOTED.matcher(comment).region(from, comment.length());
    if (integer.lookingAt()) {
      value = Literals.canonicalInteger(integer.group());
      end = integer.end();
    } else if (quoted.lookingAt()) {
      String body = quoted.group(1) != null ? quoted.group(1) : quoted.group(2);
      value = Literals.unescape(body);
      if (value.isEmpty()) {
        return null;
      }
      end = quoted.end();
    } else {
      return null;
    }
    return new Value(value, !AFTER_VALUE.matcher(rest(comment, end)).matches());
  }

  /** The comment text after the value, without the closing {@code *}{@code /} of a block comment. */
  private static String rest(String comment, int end) {
    boolean block = comment.startsWith("/*") && comment.endsWith("*/") && comment.length() >= 4;
    int stop = block ? Math.max(end, comment.length() - 2) : comment.length();
    return comment.substring(end, stop);
  }

  private static String abbreviate(String comment) {
    String flat = comment.replaceAll("\\s+", " ").strip();
    return flat.length() <= 80 ? flat : flat.substring(0, 80) + "...";
  }
}
