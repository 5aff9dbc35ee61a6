package dev.shardline.driver.analysis;

import dev.shardline.driver.analysis.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the text of each row of {@code INSERT ... VALUES (...), (...)} (also {@code VALUE} and
 * {@code VALUES ROW(...)}), so a split can keep everything else of the original SQL verbatim.
 *
 * <p>The rows are the parenthesised groups after a {@code VALUES}/{@code VALUE} keyword outside
 * parentheses, strings and comments, that run up to the end of the statement or to its
 * {@code ON DUPLICATE KEY UPDATE} / {@code AS alias} clause. (A table may be called {@code value};
 * its column list is then not taken for a row, because VALUES follows it.) The caller checks the
 * count against the parsed statement, so a surprise in the text is detected rather than trusted.
 */
final class ValuesLocator {
  /** Row {@code i} is {@code sql.substring(starts[i], ends[i])}. */
  record Rows(int[] starts, int[] ends) {}

  private ValuesLocator() {}

  /** The row spans, or null when the text does not have the expected shape. */
  static Rows locate(LexedSql lexed) {
    int end = lexed.statementLength();
    int depth = 0;
    for (int i = 0; i < end; i++) {
      if (lexed.isPunct(i, '(')) {
        depth++;
      } else if (lexed.isPunct(i, ')')) {
        depth--;
      } else if (depth == 0 && ("VALUES".equals(lexed.word(i)) || "VALUE".equals(lexed.word(i)))) {
        Rows rows = rowsAfter(lexed, i + 1, end);
        if (rows != null) {
          return rows;
        }
      }
    }
    return null;
  }

  private static Rows rowsAfter(LexedSql lexed, int from, int end) {
    List<int[]> spans = new ArrayList<>();
    int i = from;
    while (true) {
      int start = i;
      if ("ROW".equals(lexed.word(i))) {
        i++;
      }
      if (!lexed.isPunct(i, '(')) {
        return null;
      }
      int close = lexed.closingParen(i, end);
      if (close < 0) {
        return null;
      }
      Token first = lexed.significant.get(start);
      Token last = lexed.significant.get(close);
      spans.add(new int[] {first.start(), last.end()});
      i = close + 1;
      if (i < end && lexed.isPunct(i, ',')) {
        i++;
      } else {
        break;
      }
    }
    boolean endsTheRows = i == end || "ON".equals(lexed.word(i)) || "AS".equals(lexed.word(i));
    if (!endsTheRows) {
      return null;
    }
    int[] starts = new int[spans.size()];
    int[] ends = new int[spans.size()];
    for (int r = 0; r < spans.size(); r++) {
      starts[r] = spans.get(r)[0];
      ends[r] = spans.get(r)[1];
    }
    return new Rows(starts, ends);
  }
}
