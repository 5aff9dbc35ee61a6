package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.SqlLexer.Token;
import dev.shardline.driver.analysis.SqlLexer.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One SQL string cut into tokens by {@link SqlLexer}, with the facts the analysis needs from the
 * text itself: where the {@code ?} markers are, which comments there are, and the statement's
 * significant (non-comment) tokens.
 *
 * <p>Immutable.
 */
final class LexedSql {
  final String sql;
  /** Every token, comments included, in textual order. */
  final List<Token> tokens;
  /** The tokens that are not comments. */
  final List<Token> significant;
  /** Offset of each {@code ?} marker; entry i is JDBC parameter i + 1. */
  final int[] paramOffsets;
  /** A {@code #} comment is present (JSqlParser does not know them). */
  final boolean hashComment;
  /** A string, quoted name or comment is not closed. */
  final boolean unterminated;
  /** {@code ||} is present: OR in MySQL's default mode, concatenation for JSqlParser. */
  final boolean pipes;
  /** A {@code ?1}-style numbered marker is present: not MySQL, and JSqlParser numbers it its own way. */
  final boolean numberedParam;

  LexedSql(String sql, List<Token> tokens, int[] paramOffsets, boolean hashComment, boolean unterminated, boolean pipes, boolean numberedParam) {
    this.sql = sql;
    this.tokens = tokens;
    this.paramOffsets = paramOffsets;
    this.hashComment = hashComment;
    this.unterminated = unterminated;
    this.pipes = pipes;
    this.numberedParam = numberedParam;
    List<Token> sig = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      if (t.type() != Type.COMMENT) {
        sig.add(t);
      }
    }
    this.significant = List.copyOf(sig);
  }

  int parameterCount() {
    return paramOffsets.length;
  }

  /** The upper-case text of significant token {@code i} when it is a word, else null. */
  String word(int i) {
    if (i < 0 || i >= significant.size()) {
      return null;
    }
    Token t = significant.get(i);
    return t.type() == Type.WORD ? t.text(sql).toUpperCase(Locale.ROOT) : null;
  }

  /** True when significant token {@code i} is a word in {@code words} (upper case). */
  boolean wordIn(int i, Set<String> words) {
    String word = word(i);
    return word != null && words.contains(word);
  }

  /** The index of the ')' closing the '(' at significant token {@code open}, before {@code end}; -1 when there is none. */
  int closingParen(int open, int end) {
    if (!isPunct(open, '(')) {
      return -1;
    }
    int depth = 0;
    for (int i = open; i < end; i++) {
      if (isPunct(i, '(')) {
        depth++;
      } else if (isPunct(i, ')') && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** True when significant token {@code i} is the single character {@code c}. */
  boolean isPunct(int i, char c) {
    if (i < 0 || i >= significant.size()) {
      return false;
    }
    Token t = significant.get(i);
    return t.type() == Type.PUNCT && sql.charAt(t.start()) == c;
  }

  /**
   * The number of significant tokens of the first statement, not counting trailing semicolons,
   * or -1 when another statement follows a semicolon.
   */
  int statementLength() {
    int end = significant.size();
    for (int i = 0; i < significant.size(); i++) {
      if (isPunct(i, ';')) {
        for (int j = i + 1; j < significant.size(); j++) {
          if (!isPunct(j, ';')) {
            return -1;
          }
        }
        end = i;
        break;
      }
    }
    return end;
  }

  /** The text with the given tokens blanked out (same length, so offsets stay valid). */
  String blank(List<Token> remove) {
    if (remove.isEmpty()) {
      return sql;
    }
    char[] chars = sql.toCharArray();
    for (Token t : remove) {
      for (int i = t.start(); i < t.end(); i++) {
        if (chars[i] != '\n') {
          chars[i] = ' ';
        }
      }
    }
    return new String(chars);
  }

  /** The {@code #} comments, which JSqlParser cannot read. */
  List<Token> hashComments() {
    List<Token> out = new ArrayList<>();
    if (hashComment) {
      for (Token t : tokens) {
        if (t.type() == Type.COMMENT && sql.charAt(t.start()) == '#') {
          out.add(t);
        }
      }
    }
    return out;
  }
}
