package dev.shardline.driver.analysis;

import java.util.List;
import java.util.Set;

/**
 * Writes the column list into {@code INSERT|REPLACE [modifiers] [INTO] table [PARTITION (...)]
 * VALUES ...}, right after the table name (or its PARTITION clause), with backtick-quoted names.
 *
 * <p>Everything else of the text stays as written, so parameter markers keep their order and the
 * rest of the statement (modifiers, comments, ON DUPLICATE KEY UPDATE) is untouched.
 */
final class ColumnListRewriter {
  private static final Set<String> MODIFIERS = Set.of("LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE");

  private ColumnListRewriter() {}

  /** The statement with {@code columns} as its column list, or null when its text does not have the expected shape. */
  static String withColumns(LexedSql lexed, String table, List<String> columns) {
    int length = lexed.statementLength();
    String verb = lexed.word(0);
    if (!"INSERT".equals(verb) && !"REPLACE".equals(verb)) {
      return null;
    }
    int i = 1;
    while (lexed.wordIn(i, MODIFIERS)) {
      i++;
    }
    if ("INTO".equals(lexed.word(i))) {
      i++;
    }
    TokenNames.Name name = TokenNames.at(lexed, i, length);
    if (name == null || !name.name().equals(table)) {
      return null;
    }
    int last = name.next() - 1;
    if ("PARTITION".equals(lexed.word(name.next()))) {
      last = lexed.closingParen(name.next() + 1, length);
      if (last < 0) {
        return null;
      }
    }
    String next = lexed.word(last + 1);
    if (!"VALUES".equals(next) && !"VALUE".equals(next)) {
      return null;
    }
    int at = lexed.significant.get(last).end();
    StringBuilder out = new StringBuilder(lexed.sql.length() + columns.size() * 12).append(lexed.sql, 0, at).append(" (");
    for (int c = 0; c < columns.size(); c++) {
      out.append(c == 0 ? "" : ", ").append('`').append(columns.get(c).replace("`", "``")).append('`');
    }
    return out.append(')').append(lexed.sql, at, lexed.sql.length()).toString();
  }
}
