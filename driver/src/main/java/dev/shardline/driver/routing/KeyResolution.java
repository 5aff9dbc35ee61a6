package dev.shardline.driver.routing;

import dev.shardline.directory.ShardKey;
import dev.shardline.driver.analysis.KeyRef;
import dev.shardline.driver.analysis.StatementAnalysis;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns the key values of one statement (literals, bound parameters, an explicit key) into
 * canonical {@link ShardKey}s by the type of the statement's shard columns, before anything is
 * looked up, assigned or executed.
 */
final class KeyResolution {
  private KeyResolution() {}

  /**
   * The key type every key of the statement must satisfy: the combination of its sharded tables'
   * shard-column types.
   */
  static KeyType statementType(StatementAnalysis analysis, RoutingRules rules, String sql) throws SQLException {
    KeyType type = KeyType.UNKNOWN;
    String first = null;
    for (String table : analysis.shardedTables()) {
      KeyType next = rules.keyType(table);
      KeyType combined = type.combine(next);
      if (combined == null) {
        throw new SQLException("tables " + first + " (" + type + ") and " + table + " (" + next + ") are sharded on columns of"
            + " different types, so one key cannot mean the same rows in both; the statement is not routed [statement: "
            + StatementRouter.abbreviate(sql) + "]", StatementRouter.UNROUTABLE);
      }
      if (first == null && !next.isUnknown()) {
        first = table;
      }
      type = combined;
    }
    return type;
  }

  /** The canonical key of a key in the SQL. */
  static ShardKey resolve(KeyRef ref, List<Object> parameters, KeyType type, String sql) throws SQLException {
    Object value;
    try {
      value = ref.resolve(parameters);
    } catch (IllegalStateException | IndexOutOfBoundsException e) {
      throw new SQLException("no value bound for parameter " + ref.parameterIndex() + ", which holds the shard key [statement: "
          + StatementRouter.abbreviate(sql) + "]", "07001", e);
    }
    String where = ref.parameterIndex() > 0 ? "parameter " + ref.parameterIndex() : "literal " + ref;
    return canonical(value, "the shard key in " + where, type, sql);
  }

  /** The canonical key of an explicit key (hint or session key). */
  static ShardKey explicit(Object value, String source, KeyType type, String sql) throws SQLException {
    return canonical(value, source, type, sql);
  }

  private static ShardKey canonical(Object value, String source, KeyType type, String sql) throws SQLException {
    try {
      return type.canonical(value);
    } catch (IllegalArgumentException e) {
      throw new SQLDataException(source + " cannot be used: " + e.getMessage() + "; nothing was executed [statement: "
          + StatementRouter.abbreviate(sql) + "]", "22023", e);
    }
  }
}
