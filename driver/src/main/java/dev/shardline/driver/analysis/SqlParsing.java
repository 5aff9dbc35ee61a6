package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.statement.Statement;

/**
 * Runs JSqlParser 5.3 on the calling thread and checks what it did with the {@code ?} markers.
 *
 * <p>Same thread: {@code CCJSqlParserUtil.parse(String)} submits every parse to a new executor
 * thread (for its time-out), which costs more than the parse itself. We parse with
 * {@code Statement()} directly, first without JSqlParser's "complex parsing" (faster, enough for
 * almost all SQL) and then with it, as {@code parse} does, but only when the text is not nested
 * so deeply that complex parsing could take very long.
 *
 * <p>Before parsing, two MySQL spellings JSqlParser 5.3 rejects are blanked out, keeping every
 * offset: {@code #} comments, and a trailing {@code LOCK IN SHARE MODE} (remembered as a locking
 * read). String literals are read with MySQL's backslash escapes.
 *
 * <p>Parameter numbering: JSqlParser gives each {@code ?} the next number as it consumes it
 * ({@code JdbcParameter.getIndex()}), which is textual order as long as every marker is consumed
 * exactly once. The parser's final count must equal the lexer's count of markers, or the
 * statement is reported as unparseable rather than routed with a wrong parameter.
 */
final class SqlParsing {
  /** The statement (null on failure), whether LOCK IN SHARE MODE was removed, and the error. */
  record Parsed(Statement statement, boolean lockInShareMode, String error) {}

  private SqlParsing() {}

  static Parsed parse(LexedSql lexed, int length) {
    List<Token> blanked = new ArrayList<>(lexed.hashComments());
    blanked.addAll(lexed.significant.subList(length, lexed.significant.size())); // trailing semicolons
    boolean lockInShareMode = endsWithLockInShareMode(lexed, length);
    if (lockInShareMode) {
      blanked.addAll(lexed.significant.subList(length - 4, length));
    }
    String text = lexed.blank(blanked);
    CountingParser parser = new CountingParser(text, false);
    Statement statement;
    try {
      statement = parser.Statement();
    } catch (Exception | StackOverflowError simpleFailure) {
      if (CCJSqlParserUtil.getNestingDepth(text) > CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
        return new Parsed(null, false, describe(simpleFailure));
      }
      parser = new CountingParser(text, true);
      try {
        statement = parser.Statement();
      } catch (Exception | StackOverflowError complexFailure) {
        return new Parsed(null, false, describe(complexFailure));
      }
    }
    if (statement == null) {
      return new Parsed(null, false, "JSqlParser found no statement");
    }
    if (parser.markersSeen() != lexed.parameterCount()) {
      return new Parsed(null, false, "the parser read " + parser.markersSeen() + " ? marker(s) where the text has "
          + lexed.parameterCount() + ", so parameter positions cannot be trusted");
    }
    return new Parsed(statement, lockInShareMode, null);
  }

  private static boolean endsWithLockInShareMode(LexedSql lexed, int length) {
    return length >= 5
        && "LOCK".equals(lexed.word(length - 4))
        && "IN".equals(lexed.word(length - 3))
        && "SHARE".equals(lexed.word(length - 2))
        && "MODE".equals(lexed.word(length - 1));
  }

  /** The first line of JSqlParser's message, which lists every expected token after it. */
  private static String describe(Throwable failure) {
    if (failure instanceof StackOverflowError) {
      return "the statement is nested too deeply to parse";
    }
    String message = failure.getMessage();
    if (message == null || message.isBlank()) {
      return failure.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    String line = (newline < 0 ? message : message.substring(0, newline)).strip();
    return line.length() <= 300 ? line : line.substring(0, 300) + "...";
  }

  /** Exposes how many {@code ?} markers the parser numbered. */
  private static final class CountingParser extends CCJSqlParser {
    CountingParser(String sql, boolean complex) {
      super(new StringProvider(sql));
      withBackslashEscapeCharacter(true);
      withAllowComplexParsing(complex);
    }

    int markersSeen() {
      return jdbcParameterIndex;
    }
  }
}
