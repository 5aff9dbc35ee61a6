package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.SqlLexer.Token;
import dev.shardline.driver.analysis.SqlLexer.Type;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a session {@code SET} statement into its assignments ({@link SessionSetting}), from the
 * lexer's tokens, so that the driver can keep the last value of each variable and re-apply it on
 * another physical connection.
 *
 * <p>The list is split at commas outside parentheses; each value's text is kept exactly as
 * written. Scopes are all session here: GLOBAL/PERSIST, accounts and {@code SET @@shardline.key}
 * are decided before ({@link KeywordClassifier}). What cannot be read with certainty is refused
 * rather than guessed, since a setting re-applied wrongly changes every later statement of the
 * connection: an unknown shape, a value holding a {@code ?} (it cannot be re-applied without its
 * binding) or a subquery (it would read one node's tables), and an autocommit or isolation value
 * other than the constants MySQL documents.
 */
final class SessionSettings {
  private static final Set<String> SCOPES = Set.of("SESSION", "LOCAL");
  private static final Set<String> AUTOCOMMIT_ON = Set.of("1", "ON", "TRUE");
  private static final Set<String> AUTOCOMMIT_OFF = Set.of("0", "OFF", "FALSE");
  private static final Map<String, Integer> ISOLATION = Map.of(
      "READ-UNCOMMITTED", Connection.TRANSACTION_READ_UNCOMMITTED,
      "READ-COMMITTED", Connection.TRANSACTION_READ_COMMITTED,
      "REPEATABLE-READ", Connection.TRANSACTION_REPEATABLE_READ,
      "SERIALIZABLE", Connection.TRANSACTION_SERIALIZABLE);
  /** Old and new names of the same variables, so that both spellings are one "last value". */
  private static final Map<String, String> ALIASES = Map.of("tx_read_only", "transaction_read_only", "tx_isolation", "transaction_isolation");

  /** The settings, or why the statement cannot be read. */
  record Result(List<SessionSetting> settings, String refusal) {}

  /** Thrown inside the reader with the reason a statement cannot be read; never leaves this class. */
  private static final class Unreadable extends Exception {
    Unreadable(String why) {
      super(why, null, false, false);
    }
  }

  private final LexedSql lexed;
  private final int length;

  private SessionSettings(LexedSql lexed, int length) {
    this.lexed = lexed;
    this.length = length;
  }

  /** {@code length} is the number of significant tokens of the statement, without trailing semicolons. */
  static Result read(LexedSql lexed, int length) {
    SessionSettings reader = new SessionSettings(lexed, length);
    try {
      return new Result(reader.statement(), null);
    } catch (Unreadable unreadable) {
      return new Result(List.of(), unreadable.getMessage());
    }
  }

  private List<SessionSetting> statement() throws Unreadable {
    if (lexed.parameterCount() > 0) {
      throw new Unreadable("the SET statement `" + statementText() + "` has a ? parameter; a session setting must be re-applied on other"
          + " connections without its binding, so write the value in the statement");
    }
    int i = 1;
    if ("TRANSACTION".equals(lexed.word(i))) {
      characteristics(i + 1, length, null);
      return List.of(SessionSetting.nextTransaction(text(0, length)));
    }
    if (lexed.wordIn(i, SCOPES) && "TRANSACTION".equals(lexed.word(i + 1))) {
      List<SessionSetting> out = new ArrayList<>();
      characteristics(i + 2, length, out);
      return out;
    }
    if ("ROLE".equals(lexed.word(i))) {
      if (length < 3) {
        throw unreadable("SET ROLE needs a role");
      }
      return List.of(SessionSetting.variable("role", "SET " + text(1, length)));
    }
    List<SessionSetting> out = new ArrayList<>();
    int start = i;
    int depth = 0;
    for (int t = i; t <= length; t++) {
      if (t == length || (depth == 0 && lexed.isPunct(t, ','))) {
        if (t == start) {
          throw unreadable("an assignment is empty");
        }
        out.add(assignment(start, t));
        start = t + 1;
      } else if (lexed.isPunct(t, '(')) {
        depth++;
      } else if (lexed.isPunct(t, ')')) {
        depth--;
      }
    }
    return out;
  }

  /** One assignment, tokens {@code [from, to)}. */
  private SessionSetting assignment(int from, int to) throws Unreadable {
    String first = lexed.word(from);
    if ("NAMES".equals(first) || "CHARSET".equals(first) || ("CHARACTER".equals(first) && "SET".equals(lexed.word(from + 1)))) {
      int valueAt = "CHARACTER".equals(first) ? from + 2 : from + 1;
      if (valueAt >= to) {
        throw unreadable("SET " + first + " needs a character set");
      }
      checkValue(valueAt, to);
      return SessionSetting.variable("names", "SET " + text(from, to));
    }
    if (lexed.isPunct(from, '@') && !lexed.isPunct(from + 1, '@')) {
      return userVariable(from, to);
    }
    int i = from;
    if (lexed.wordIn(i, SCOPES)) {
      i++;
    } else if (lexed.isPunct(i, '@') && lexed.isPunct(i + 1, '@') && TokenNames.adjacent(lexed, i) && TokenNames.adjacent(lexed, i + 1)) {
      i += 2;
      if (lexed.wordIn(i, SCOPES) && lexed.isPunct(i + 1, '.')) {
        i += 2;
      }
    }
    if (!isName(i)) {
      throw unreadable("expected a variable name at `" + text(i, to) + "`");
    }
    int nameEnd = i + 1;
    while (nameEnd + 1 < to && lexed.isPunct(nameEnd, '.') && isName(nameEnd + 1)) {
      nameEnd += 2; // a component's variable, e.g. validate_password.policy
    }
    String written = text(i, nameEnd);
    String variable = canonical(i, nameEnd);
    int valueAt = operator(nameEnd, to, written);
    String value = text(valueAt, to);
    checkValue(valueAt, to);
    String sql = "SET SESSION " + written + " = " + value;
    if (variable.equals("autocommit")) {
      return SessionSetting.autocommit(autocommit(valueAt, to, value), sql);
    }
    if (variable.equals("transaction_isolation")) {
      return SessionSetting.isolation(isolation(valueAt, to, written, value), sql);
    }
    return SessionSetting.variable(variable, sql);
  }

  private SessionSetting userVariable(int from, int to) throws Unreadable {
    int i = from + 1;
    if (i >= to || !TokenNames.adjacent(lexed, from)) {
      throw unreadable("a user variable needs a name right after @");
    }
    Token token = lexed.significant.get(i);
    String name;
    int end;
    if (token.type() == Type.STRING || token.type() == Type.QUOTED_ID) {
      String body = lexed.sql.substring(token.start() + 1, Math.max(token.start() + 1, token.end() - 1));
      name = token.type() == Type.STRING ? Literals.unescape(body) : body.replace("``", "`");
      end = i + 1;
    } else if (token.type() == Type.WORD) {
      end = i + 1;
      while (end + 1 < to && lexed.isPunct(end, '.') && TokenNames.adjacent(lexed, end - 1) && TokenNames.adjacent(lexed, end)
          && lexed.significant.get(end + 1).type() == Type.WORD) {
        end += 2; // @a.b is one name
      }
      name = text(i, end);
    } else {
      throw unreadable("a user variable needs a name right after @");
    }
    if (name.isEmpty()) {
      throw unreadable("a user variable needs a name right after @");
    }
    String written = text(from, end);
    int valueAt = operator(end, to, written);
    checkValue(valueAt, to);
    return SessionSetting.variable("@" + name.toLowerCase(Locale.ROOT), "SET " + written + " = " + text(valueAt, to));
  }

  /** {@code SET [SESSION] TRANSACTION} characteristics from token {@code from}; settings go to {@code out} unless it is null. */
  private void characteristics(int from, int to, List<SessionSetting> out) throws Unreadable {
    int i = from;
    while (true) {
      int start = i;
      if ("ISOLATION".equals(lexed.word(i)) && "LEVEL".equals(lexed.word(i + 1))) {
        i += 2;
        String level = lexed.word(i);
        String next = lexed.word(i + 1);
        String key;
        if ("SERIALIZABLE".equals(level)) {
          key = "SERIALIZABLE";
          i += 1;
        } else if ("READ".equals(level) && ("UNCOMMITTED".equals(next) || "COMMITTED".equals(next))) {
          key = "READ-" + next;
          i += 2;
        } else if ("REPEATABLE".equals(level) && "READ".equals(next)) {
          key = "REPEATABLE-READ";
          i += 2;
        } else {
          throw unreadable("unknown isolation level at `" + text(start, to) + "`");
        }
        if (out != null) {
          out.add(SessionSetting.isolation(ISOLATION.get(key), "SET SESSION TRANSACTION " + text(start, i)));
        }
      } else if ("READ".equals(lexed.word(i)) && ("ONLY".equals(lexed.word(i + 1)) || "WRITE".equals(lexed.word(i + 1)))) {
        i += 2;
        if (out != null) {
          out.add(SessionSetting.variable("transaction_read_only", "SET SESSION TRANSACTION " + text(start, i)));
        }
      } else {
        throw unreadable("expected ISOLATION LEVEL ..., READ ONLY or READ WRITE at `" + (i < to ? text(i, to) : "the end") + "`");
      }
      if (i == to) {
        return;
      }
      if (!lexed.isPunct(i, ',') || i + 1 == to) {
        throw unreadable("unexpected `" + text(i, to) + "`");
      }
      i++;
    }
  }

  /** The index of the value after {@code =} or {@code :=} at {@code at}. */
  private int operator(int at, int to, String variable) throws Unreadable {
    int valueAt;
    if (lexed.isPunct(at, '=')) {
      valueAt = at + 1;
    } else if (lexed.isPunct(at, ':') && lexed.isPunct(at + 1, '=') && TokenNames.adjacent(lexed, at)) {
      valueAt = at + 2;
    } else {
      throw unreadable("expected = after " + variable);
    }
    if (valueAt >= to) {
      throw unreadable(variable + " has no value");
    }
    return valueAt;
  }

  /** A value that reads tables would be answered by one node, and then re-applied elsewhere. */
  private void checkValue(int from, int to) throws Unreadable {
    for (int t = from; t < to; t++) {
      String word = lexed.word(t);
      if ("SELECT".equals(word) || "TABLE".equals(word) || "VALUES".equals(word) || "WITH".equals(word)) {
        throw new Unreadable("the SET statement `" + statementText() + "` takes a value from a query, which one node would answer for the"
            + " whole cluster; run the query first and SET the value it returned");
      }
    }
  }

  private boolean autocommit(int from, int to, String value) throws Unreadable {
    String word = to == from + 1 ? lexed.word(from) : null;
    if (word != null && AUTOCOMMIT_ON.contains(word)) {
      return true;
    }
    if (word != null && AUTOCOMMIT_OFF.contains(word)) {
      return false;
    }
    throw new Unreadable("SET autocommit = " + value + ": use 0 or 1, or Connection.setAutoCommit");
  }

  private int isolation(int from, int to, String variable, String value) throws Unreadable {
    if (to == from + 1) {
      Token token = lexed.significant.get(from);
      String level = token.type() == Type.STRING
          ? Literals.unescape(lexed.sql.substring(token.start() + 1, Math.max(token.start() + 1, token.end() - 1)))
          : lexed.word(from);
      Integer constant = level == null ? null : ISOLATION.get(level.toUpperCase(Locale.ROOT));
      if (constant != null) {
        return constant;
      }
    }
    throw new Unreadable("SET " + variable + " = " + value + ": use 'READ-UNCOMMITTED', 'READ-COMMITTED', 'REPEATABLE-READ' or "
        + "'SERIALIZABLE', or Connection.setTransactionIsolation");
  }

  private boolean isName(int i) {
    if (i < 0 || i >= length) {
      return false;
    }
    Type type = lexed.significant.get(i).type();
    return type == Type.WORD || type == Type.QUOTED_ID;
  }

  /** Lower case, unquoted, with old names mapped to the current ones. */
  private String canonical(int from, int to) {
    StringBuilder name = new StringBuilder();
    for (int t = from; t < to; t++) {
      Token token = lexed.significant.get(t);
      name.append(token.type() == Type.PUNCT ? "." : Names.unquote(token.text(lexed.sql)).toLowerCase(Locale.ROOT));
    }
    String canonical = name.toString();
    return ALIASES.getOrDefault(canonical, canonical);
  }

  /** The original text of significant tokens {@code [from, to)}, comments between them included. */
  private String text(int from, int to) {
    if (from >= to) {
      return "";
    }
    return lexed.sql.substring(lexed.significant.get(from).start(), lexed.significant.get(to - 1).end());
  }

  private String statementText() {
    String text = text(0, length).replaceAll("\\s+", " ");
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  private Unreadable unreadable(String why) {
    return new Unreadable("cannot read the SET statement `" + statementText() + "` (" + why + "); write one of SET [SESSION] variable = value,"
        + " SET @variable = value, SET NAMES ..., SET [SESSION] TRANSACTION ..., or use the JDBC Connection methods");
  }
}
