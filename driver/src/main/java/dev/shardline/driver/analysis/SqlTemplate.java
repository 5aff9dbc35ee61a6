package dev.shardline.driver.analysis;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A statement's text rebuilt for one node from pieces of the application's SQL, new text, and values
 * known only at execution (a LIMIT computed from bound parameters). A piece of the original keeps
 * its {@code ?} markers, and {@link #render} says which original parameter feeds each marker of the
 * result, so the physical statement binds the application's values unchanged.
 *
 * <p>Immutable and thread-safe: built once per SQL string and shared.
 */
public final class SqlTemplate {
  /** A value written into the SQL at execution. */
  @FunctionalInterface
  public interface Late {
    String render(List<Object> parameters) throws SQLException;
  }

  private sealed interface Piece permits Original, Text, Computed, Keys {}

  private record Original(int start, int end) implements Piece {}

  private record Text(String text) implements Piece {}

  private record Computed(Late value) implements Piece {}

  /** The elements of an IN list of keys (character spans), of which a node gets only its own. */
  private record Keys(int[] starts, int[] ends) implements Piece {}

  private final String sql;
  private final int[] paramOffsets;
  private final List<Piece> pieces;

  private SqlTemplate(String sql, int[] paramOffsets, List<Piece> pieces) {
    this.sql = sql;
    this.paramOffsets = paramOffsets;
    this.pieces = List.copyOf(pieces);
  }

  /** The SQL and parameter mapping with the execution's parameter values, every key of an IN list kept. */
  public NodeSql render(List<Object> parameters) throws SQLException {
    return render(parameters, null);
  }

  /**
   * The SQL and parameter mapping for one node.
   *
   * @param keys the indexes of the IN list's elements to keep (in list order), or null for all
   */
  public NodeSql render(List<Object> parameters, Set<Integer> keys) throws SQLException {
    StringBuilder out = new StringBuilder(sql.length() + 64);
    List<Integer> mapping = new ArrayList<>();
    for (Piece piece : pieces) {
      if (piece instanceof Original o) {
        out.append(sql, o.start(), o.end());
        for (int i = 0; i < paramOffsets.length; i++) {
          if (paramOffsets[i] >= o.start() && paramOffsets[i] < o.end()) {
            mapping.add(i + 1);
          }
        }
      } else if (piece instanceof Text t) {
        out.append(t.text());
      } else if (piece instanceof Computed c) {
        out.append(c.value().render(parameters));
      } else if (piece instanceof Keys k) {
        String separator = "";
        for (int e = 0; e < k.starts().length; e++) {
          if (keys == null || keys.contains(e)) {
            out.append(separator).append(sql, k.starts()[e], k.ends()[e]);
            separator = ", ";
            for (int i = 0; i < paramOffsets.length; i++) {
              if (paramOffsets[i] >= k.starts()[e] && paramOffsets[i] < k.ends()[e]) {
                mapping.add(i + 1);
              }
            }
          }
        }
      }
    }
    return new NodeSql(out.toString(), mapping.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Piece piece : pieces) {
      if (piece instanceof Original o) {
        out.append(sql, o.start(), o.end());
      } else if (piece instanceof Text t) {
        out.append(t.text());
      } else {
        out.append("<computed>");
      }
    }
    return out.toString();
  }

  /** Builds a template from pieces in output order. Not thread safe. */
  static final class Builder {
    private final LexedSql lexed;
    private final List<Piece> pieces = new ArrayList<>();

    Builder(LexedSql lexed) {
      this.lexed = lexed;
    }

    /** The original text from character {@code start} to {@code end}. */
    Builder original(int start, int end) {
      if (end > start) {
        pieces.add(new Original(start, end));
      }
      return this;
    }

    /**
     * The original text from {@code start} to {@code end}, with the IN list of keys inside it (when
     * there is one in that range) cut down per node at rendering.
     */
    Builder original(int start, int end, KeyList keyList) {
      if (keyList == null || keyList.listStart() < start || keyList.listEnd() > end) {
        return original(start, end);
      }
      original(start, keyList.listStart());
      pieces.add(new Keys(keyList.elementStarts(), keyList.elementEnds()));
      return original(keyList.listEnd(), end);
    }

    Builder text(String text) {
      pieces.add(new Text(text));
      return this;
    }

    Builder late(Late value) {
      pieces.add(new Computed(value));
      return this;
    }

    SqlTemplate build() {
      return new SqlTemplate(lexed.sql, lexed.paramOffsets, pieces);
    }
  }
}
