package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recognises table DDL by its keywords when JSqlParser cannot parse it, so that schema
 * migrations written in MySQL syntax JSqlParser 5.3 lacks ({@code DROP TABLE a, b},
 * {@code ALTER TABLE t ALGORITHM=INPLACE, ...}, partitioning clauses) still reach every node.
 *
 * <p>Only forms whose target tables are certain are recognised; anything that reads other tables
 * (CREATE TABLE ... SELECT, views) stays a parse error.
 */
final class DdlFallback {
  private static final Set<String> INDEX_KINDS = Set.of("UNIQUE", "FULLTEXT", "SPATIAL");
  private static final Set<String> ALTER_OPTIONS = Set.of("ONLINE", "OFFLINE", "IGNORE");

  private DdlFallback() {}

  /** The target tables, or null when the statement is not a recognised DDL form. */
  static List<Names.Qualified> tables(LexedSql lexed, int length) {
    String first = lexed.word(0);
    if (first == null) {
      return null;
    }
    return switch (first) {
      case "CREATE" -> create(lexed, length);
      case "ALTER" -> alter(lexed, length);
      case "DROP" -> drop(lexed, length);
      case "TRUNCATE" -> single(lexed, "TABLE".equals(lexed.word(1)) ? 2 : 1, length);
      case "RENAME" -> rename(lexed, length);
      default -> null;
    };
  }

  private static List<Names.Qualified> create(LexedSql lexed, int length) {
    int i = 1;
    if ("TEMPORARY".equals(lexed.word(i))) {
      i++;
    }
    if ("TABLE".equals(lexed.word(i))) {
      for (int j = i; j < length; j++) {
        if ("SELECT".equals(lexed.word(j)) || "LIKE".equals(lexed.word(j))) {
          return null; // reads another table: JSqlParser must understand it
        }
      }
      return single(lexed, skipIf(lexed, i + 1, "NOT", "EXISTS"), length);
    }
    if (lexed.wordIn(i, INDEX_KINDS)) {
      i++;
    }
    return "INDEX".equals(lexed.word(i)) ? indexOn(lexed, i + 1, length) : null;
  }

  private static List<Names.Qualified> alter(LexedSql lexed, int length) {
    int i = 1;
    while (lexed.wordIn(i, ALTER_OPTIONS)) {
      i++;
    }
    if (!"TABLE".equals(lexed.word(i))) {
      return null;
    }
    TokenNames.Name table = TokenNames.at(lexed, i + 1, length);
    if (table == null) {
      return null;
    }
    List<Names.Qualified> out = new ArrayList<>(List.of(table.qualified()));
    for (int j = table.next(); j < length; j++) {
      String next = lexed.word(j + 1);
      if ("RENAME".equals(lexed.word(j)) && !"COLUMN".equals(next) && !"INDEX".equals(next) && !"KEY".equals(next)) {
        int at = "TO".equals(next) || "AS".equals(next) ? j + 2 : j + 1;
        TokenNames.Name renamed = TokenNames.at(lexed, at, length);
        if (renamed != null) {
          out.add(renamed.qualified());
        }
      }
    }
    return out;
  }

  private static List<Names.Qualified> drop(LexedSql lexed, int length) {
    int i = 1;
    if ("TEMPORARY".equals(lexed.word(i))) {
      i++;
    }
    String what = lexed.word(i);
    if ("INDEX".equals(what)) {
      TokenNames.Name index = TokenNames.at(lexed, i + 1, length);
      return index == null || !"ON".equals(lexed.word(index.next())) ? null : single(lexed, index.next() + 1, length);
    }
    if (!"TABLE".equals(what) && !"TABLES".equals(what) && !"VIEW".equals(what)) {
      return null;
    }
    List<Names.Qualified> out = new ArrayList<>();
    int at = skipIf(lexed, i + 1, "EXISTS");
    while (true) {
      TokenNames.Name name = TokenNames.at(lexed, at, length);
      if (name == null) {
        return null;
      }
      out.add(name.qualified());
      if (!lexed.isPunct(name.next(), ',')) {
        return out;
      }
      at = name.next() + 1;
    }
  }

  private static List<Names.Qualified> rename(LexedSql lexed, int length) {
    if (!"TABLE".equals(lexed.word(1)) && !"TABLES".equals(lexed.word(1))) {
      return null;
    }
    List<Names.Qualified> out = new ArrayList<>();
    int at = 2;
    while (true) {
      TokenNames.Name from = TokenNames.at(lexed, at, length);
      if (from == null || !"TO".equals(lexed.word(from.next()))) {
        return null;
      }
      TokenNames.Name to = TokenNames.at(lexed, from.next() + 1, length);
      if (to == null) {
        return null;
      }
      out.add(from.qualified());
      out.add(to.qualified());
      if (!lexed.isPunct(to.next(), ',')) {
        return out;
      }
      at = to.next() + 1;
    }
  }

  /** {@code [UNIQUE] INDEX name [USING type] ON table}: the table. */
  private static List<Names.Qualified> indexOn(LexedSql lexed, int at, int length) {
    TokenNames.Name index = TokenNames.at(lexed, at, length);
    if (index == null) {
      return null;
    }
    int i = index.next();
    if ("USING".equals(lexed.word(i))) {
      i += 2;
    }
    return "ON".equals(lexed.word(i)) ? single(lexed, i + 1, length) : null;
  }

  private static List<Names.Qualified> single(LexedSql lexed, int at, int length) {
    TokenNames.Name name = TokenNames.at(lexed, at, length);
    return name == null ? null : List.of(name.qualified());
  }

  /** Skips {@code IF [NOT] EXISTS} at {@code at}; {@code words} are the words after IF. */
  private static int skipIf(LexedSql lexed, int at, String... words) {
    if (!"IF".equals(lexed.word(at))) {
      return at;
    }
    for (int k = 0; k < words.length; k++) {
      if (!words[k].equals(lexed.word(at + 1 + k))) {
        return at;
      }
    }
    return at + 1 + words.length;
  }
}
