package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.SqlLexer.Token;
import dev.shardline.driver.analysis.SqlLexer.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds, in the text, the IN list whose elements are exactly a statement's keys, in order: each
 * element one {@code ?} (matched by its offset), an integer or a string literal. When no list, or
 * more than one, matches, there is none: the statement then goes to each of its nodes as written,
 * which is correct (a node finds only its own keys' rows), only less lean.
 */
final class KeyListLocator {
  private KeyListLocator() {}

  static KeyList find(LexedSql lexed, int length, List<KeyRef> keys) {
    if (keys.size() < 2) {
      return null;
    }
    KeyList found = null;
    for (int i = 0; i + 1 < length; i++) {
      if (!"IN".equals(lexed.word(i)) || !lexed.isPunct(i + 1, '(')) {
        continue;
      }
      int close = lexed.closingParen(i + 1, length);
      if (close < 0) {
        continue;
      }
      List<int[]> elements = elements(lexed, i + 2, close);
      if (elements == null || elements.size() != keys.size() || !matches(lexed, elements, keys)) {
        continue;
      }
      if (found != null) {
        return null; // two lists hold the same keys: do not guess which one routes
      }
      int[] starts = new int[elements.size()];
      int[] ends = new int[elements.size()];
      for (int e = 0; e < elements.size(); e++) {
        starts[e] = elements.get(e)[0];
        ends[e] = elements.get(e)[1];
      }
      int listStart = lexed.significant.get(i + 2).start();
      int listEnd = lexed.significant.get(close - 1).end();
      KeyList shape = new KeyList(null, listStart, listEnd, starts, ends);
      SqlTemplate whole = new SqlTemplate.Builder(lexed).original(0, lexed.sql.length(), shape).build();
      found = new KeyList(whole, listStart, listEnd, starts, ends);
    }
    return found;
  }

  /** The character spans of the comma-separated single-value elements between {@code from} and {@code close}; null if any is not one value. */
  private static List<int[]> elements(LexedSql lexed, int from, int close) {
    List<int[]> out = new ArrayList<>();
    int start = from;
    for (int i = from; i <= close; i++) {
      if (i == close || lexed.isPunct(i, ',')) {
        int count = i - start;
        boolean signed = count == 2 && (lexed.isPunct(start, '-') || lexed.isPunct(start, '+'));
        if (count != 1 && !signed) {
          return null;
        }
        out.add(new int[] {lexed.significant.get(start).start(), lexed.significant.get(i - 1).end()});
        start = i + 1;
      }
    }
    return out;
  }

  private static boolean matches(LexedSql lexed, List<int[]> elements, List<KeyRef> keys) {
    for (int e = 0; e < keys.size(); e++) {
      KeyRef key = keys.get(e);
      int start = elements.get(e)[0];
      int end = elements.get(e)[1];
      if (key.isParameter()) {
        if (lexed.paramOffsets[key.parameterIndex() - 1] != start) {
          return false;
        }
        continue;
      }
      Token last = token(lexed, end);
      String raw = lexed.sql.substring(start, end);
      if (key.literal() instanceof Long value) {
        String digits = raw.replaceAll("\\s+", "");
        if (last == null || last.type() != Type.WORD || !digits.matches("[-+]?[0-9]+") || !Literals.canonicalInteger(digits).equals(value.toString())) {
          return false;
        }
      } else if (last == null || last.type() != Type.STRING || raw.length() < 2 || !Literals.unescape(raw.substring(1, raw.length() - 1)).equals(key.literal())) {
        return false;
      }
    }
    return true;
  }

  private static Token token(LexedSql lexed, int end) {
    for (Token t : lexed.significant) {
      if (t.end() == end) {
        return t;
      }
    }
    return null;
  }
}
