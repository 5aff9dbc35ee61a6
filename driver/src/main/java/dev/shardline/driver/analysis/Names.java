package dev.shardline.driver.analysis;

import java.util.Locale;
import net.sf.jsqlparser.schema.Table;

/**
 * MySQL identifier normalisation, so that {@code `Shop`.`Users`}, {@code shop.users} and
 * {@code USERS} all name the table {@code users}.
 *
 * <p>Names are compared case-insensitively (MySQL on most installations, and what ORMs assume)
 * and without quotes. A {@code schema.} qualifier is kept apart ({@link Qualified}): it never
 * changes which application table a name means, but it says whether the reference is to the
 * logical database at all (see {@link Schemas}).
 */
final class Names {
  /** A table name and its schema qualifier (null when unqualified), both normalised. */
  record Qualified(String schema, String name) {
    @Override
    public String toString() {
      return schema == null ? name : schema + "." + name;
    }
  }

  private Names() {}

  /**
   * The unqualified, unquoted, lower-case name from a possibly qualified identifier such as
   * {@code `shop`.`users`}, {@code shop.users} or {@code "users"}. A dot inside backticks is part
   * of the name. Returns an empty string for blank input.
   */
  static String normalize(String identifier) {
    if (identifier == null) {
      return "";
    }
    String text = identifier.strip();
    int lastPartStart = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
            i++; // doubled quote inside a quoted name
          } else {
            quote = 0;
          }
        }
      } else if (c == '`' || c == '"') {
        quote = c;
      } else if (c == '.') {
        lastPartStart = i + 1;
      }
    }
    return unquote(text.substring(lastPartStart).strip()).toLowerCase(Locale.ROOT);
  }

  /** The normalised schema and name of a possibly qualified identifier such as {@code `shop`.`users`}. */
  static Qualified qualified(String identifier) {
    String name = normalize(identifier);
    String text = identifier == null ? "" : identifier.strip();
    int dot = lastUnquotedDot(text);
    String schema = dot < 0 ? null : normalize(text.substring(0, dot));
    return new Qualified(schema == null || schema.isEmpty() ? null : schema, name);
  }

  /** The normalised schema and name of a parsed table reference. */
  static Qualified qualified(Table table) {
    return new Qualified(schema(table), table(table));
  }

  private static int lastUnquotedDot(String text) {
    int dot = -1;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
            i++;
          } else {
            quote = 0;
          }
        }
      } else if (c == '`' || c == '"') {
        quote = c;
      } else if (c == '.') {
        dot = i;
      }
    }
    return dot;
  }

  /** The normalised name of a parsed table reference. */
  static String table(Table table) {
    return table == null || table.getName() == null ? "" : normalize(table.getName());
  }

  /** The normalised schema qualifier of a parsed table reference, or null when unqualified. */
  static String schema(Table table) {
    if (table == null || table.getSchemaName() == null) {
      return null;
    }
    String schema = normalize(table.getSchemaName());
    return schema.isEmpty() ? null : schema;
  }

  /** Strips one level of backticks or double quotes, undoubling escaped quote characters. */
  static String unquote(String name) {
    if (name.length() >= 2) {
      char first = name.charAt(0);
      if ((first == '`' || first == '"') && name.charAt(name.length() - 1) == first) {
        String q = String.valueOf(first);
        return name.substring(1, name.length() - 1).replace(q + q, q);
      }
    }
    return name;
  }
}
