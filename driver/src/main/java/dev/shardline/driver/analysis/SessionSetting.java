package dev.shardline.driver.analysis;

import java.util.Objects;

/**
 * One assignment of a session {@code SET} statement, in a form the driver can keep (the last
 * value per {@link #variable()}) and re-apply on another physical connection.
 *
 * <ul>
 *   <li>{@link Kind#VARIABLE}: a system or user variable, or the character sets of {@code SET
 *       NAMES} / {@code SET CHARACTER SET}. {@code variable} is canonical (system variables lower
 *       case without scope, user variables {@code @name} lower case, {@code names} for both
 *       character-set forms); {@code sql} is a statement applying just this assignment.
 *   <li>{@link Kind#AUTOCOMMIT}: {@code SET autocommit = 0|1|ON|OFF|TRUE|FALSE};
 *       {@code autocommit} holds the value, {@code variable} is {@code autocommit}.
 *   <li>{@link Kind#ISOLATION}: the session's isolation level ({@code SET SESSION TRANSACTION
 *       ISOLATION LEVEL ...}, {@code transaction_isolation}, {@code tx_isolation});
 *       {@code isolation} is the {@link java.sql.Connection} {@code TRANSACTION_*} constant,
 *       {@code variable} is {@code transaction_isolation}.
 *   <li>{@link Kind#NEXT_TRANSACTION}: {@code SET TRANSACTION ...} without a scope, which MySQL
 *       applies to the next transaction only; {@code sql} is the statement as written and
 *       {@code variable} is null (nothing to keep).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind what the assignment changes
 * @param variable the canonical variable name (null for {@link Kind#NEXT_TRANSACTION})
 * @param sql a standalone statement applying just this assignment
 * @param isolation for {@link Kind#ISOLATION}, the JDBC isolation constant; else null
 * @param autocommit for {@link Kind#AUTOCOMMIT}, the value; else null
 */
public record SessionSetting(Kind kind, String variable, String sql, Integer isolation, Boolean autocommit) {

  /** What a session assignment changes. */
  public enum Kind {
    VARIABLE,
    AUTOCOMMIT,
    ISOLATION,
    NEXT_TRANSACTION
  }

  public SessionSetting {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sql, "sql");
    if ((kind == Kind.NEXT_TRANSACTION) != (variable == null)) {
      throw new IllegalArgumentException("a " + kind + " setting " + (variable == null ? "needs" : "has no") + " variable name");
    }
    if ((kind == Kind.ISOLATION) != (isolation != null)) {
      throw new IllegalArgumentException("only an ISOLATION setting carries an isolation level (" + kind + ", " + isolation + ")");
    }
    if ((kind == Kind.AUTOCOMMIT) != (autocommit != null)) {
      throw new IllegalArgumentException("only an AUTOCOMMIT setting carries an autocommit value (" + kind + ", " + autocommit + ")");
    }
  }

  static SessionSetting variable(String variable, String sql) {
    return new SessionSetting(Kind.VARIABLE, variable, sql, null, null);
  }

  static SessionSetting autocommit(boolean value, String sql) {
    return new SessionSetting(Kind.AUTOCOMMIT, "autocommit", sql, null, value);
  }

  static SessionSetting isolation(int level, String sql) {
    return new SessionSetting(Kind.ISOLATION, "transaction_isolation", sql, level, null);
  }

  static SessionSetting nextTransaction(String sql) {
    return new SessionSetting(Kind.NEXT_TRANSACTION, null, sql, null, null);
  }
}
