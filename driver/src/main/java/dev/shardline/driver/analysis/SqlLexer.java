package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL into tokens the way the MySQL server and Connector/J see it: quoted strings
 * (backslash escapes and doubled quotes), backtick identifiers, {@code ?} markers and the three
 * comment styles ({@code /* *}{@code /}, {@code -- } and {@code #}).
 *
 * <p>Why a lexer beside JSqlParser: JDBC numbers parameters by the textual order of the
 * {@code ?} markers outside strings and comments, hints live in comments the parser drops,
 * session and transaction statements must be recognised even when JSqlParser cannot parse them,
 * and a multi-row INSERT is split by cutting the original text, so its exact spelling is kept.
 *
 * <p>Total: any input, including unterminated strings or comments, produces tokens.
 */
final class SqlLexer {
  enum Type {
    /** Keyword, identifier or number: a run of letters, digits, {@code _} and {@code $}. */
    WORD,
    /** {@code 'text'} or {@code "text"}. */
    STRING,
    /** {@code `name`}. */
    QUOTED_ID,
    /** A {@code ?} parameter marker. */
    PARAM,
    /** Any other single character. */
    PUNCT,
    COMMENT
  }

  record Token(Type type, int start, int end) {
    String text(String sql) {
      return sql.substring(start, end);
    }
  }

  private SqlLexer() {}

  static LexedSql lex(String sql) {
    List<Token> tokens = new ArrayList<>();
    List<Integer> params = new ArrayList<>();
    boolean hashComment = false;
    boolean unterminated = false;
    boolean pipes = false;
    boolean numberedParam = false;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '#' || (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' && (i + 2 == n || sql.charAt(i + 2) <= ' '))) {
        // MySQL needs whitespace after "--" for it to start a comment; "1--1" is arithmetic.
        hashComment |= c == '#';
        i = lineEnd(sql, i);
        tokens.add(new Token(Type.COMMENT, start, i));
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        unterminated |= close < 0;
        i = close < 0 ? n : close + 2;
        tokens.add(new Token(Type.COMMENT, start, i));
      } else if (c == '\'' || c == '"' || c == '`') {
        int close = closingQuote(sql, i, c);
        unterminated |= close < 0;
        i = close < 0 ? n : close + 1;
        tokens.add(new Token(c == '`' ? Type.QUOTED_ID : Type.STRING, start, i));
      } else if (c == '?') {
        numberedParam |= i + 1 < n && Character.isDigit(sql.charAt(i + 1));
        params.add(i);
        i++;
        tokens.add(new Token(Type.PARAM, start, i));
      } else if (isWordChar(c)) {
        while (i < n && isWordChar(sql.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Type.WORD, start, i));
      } else {
        pipes |= c == '|' && i + 1 < n && sql.charAt(i + 1) == '|';
        i++;
        tokens.add(new Token(Type.PUNCT, start, i));
      }
    }
    int[] paramOffsets = params.stream().mapToInt(Integer::intValue).toArray();
    return new LexedSql(sql, List.copyOf(tokens), paramOffsets, hashComment, unterminated, pipes, numberedParam);
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
  }

  private static int lineEnd(String sql, int from) {
    int nl = sql.indexOf('\n', from);
    return nl < 0 ? sql.length() : nl;
  }

  /** Index of the closing quote, honouring doubled quotes and (outside backticks) backslashes. */
  private static int closingQuote(String sql, int open, char quote) {
    int n = sql.length();
    for (int i = open + 1; i < n; i++) {
      char c = sql.charAt(i);
      if (c == '\\' && quote != '`') {
        i++;
      } else if (c == quote) {
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
