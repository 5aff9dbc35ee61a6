package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.SqlLexer.Token;
import dev.shardline.driver.analysis.SqlLexer.Type;

/** Reads a possibly qualified, possibly backticked table name from the significant tokens. */
final class TokenNames {
  private TokenNames() {}

  /** A name read at token {@code at}: its normalised form, its schema (null if unqualified) and the index of the token after it. */
  record Name(String name, String schema, int next) {
    Names.Qualified qualified() {
      return new Names.Qualified(schema, name);
    }
  }

  /** The name {@code a}, {@code `a`}, {@code s.a} or {@code `s`.`a`} starting at {@code at}, or null. */
  static Name at(LexedSql lexed, int at, int end) {
    if (!isIdentifier(lexed, at, end)) {
      return null;
    }
    int previous = -1;
    int last = at;
    int i = at + 1;
    while (i + 1 < end && lexed.isPunct(i, '.') && isIdentifier(lexed, i + 1, end)) {
      previous = last;
      last = i + 1;
      i += 2;
    }
    String name = Names.normalize(lexed.significant.get(last).text(lexed.sql));
    String schema = previous < 0 ? null : Names.normalize(lexed.significant.get(previous).text(lexed.sql));
    return name.isEmpty() ? null : new Name(name, schema == null || schema.isEmpty() ? null : schema, i);
  }

  private static boolean isIdentifier(LexedSql lexed, int i, int end) {
    if (i < 0 || i >= end) {
      return false;
    }
    Type type = lexed.significant.get(i).type();
    return type == Type.WORD || type == Type.QUOTED_ID;
  }

  /** True when tokens {@code i} and {@code i + 1} touch, as in {@code @@} or {@code :=}. */
  static boolean adjacent(LexedSql lexed, int i) {
    if (i < 0 || i + 1 >= lexed.significant.size()) {
      return false;
    }
    Token a = lexed.significant.get(i);
    Token b = lexed.significant.get(i + 1);
    return a.end() == b.start();
  }
}
