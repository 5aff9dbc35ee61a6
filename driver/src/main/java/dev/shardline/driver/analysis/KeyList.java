package dev.shardline.driver.analysis;

import java.util.Arrays;
import java.util.Set;

/**
 * Where in the text the IN list that gives a statement's keys is: {@code user_id IN (?, 7, ?)}, one
 * element per key of {@link StatementAnalysis#keys()}, in that order. A statement whose keys live
 * on several nodes is sent to each node with only that node's keys in the list.
 *
 * <p>Immutable; the arrays are never handed out for writing.
 *
 * @param listStart offset of the first element (just after the opening parenthesis)
 * @param listEnd offset just after the last element (the closing parenthesis)
 */
public record KeyList(SqlTemplate whole, int listStart, int listEnd, int[] elementStarts, int[] elementEnds) {
  /** The statement with only the keys at {@code keep} (indexes into the key list) in its IN list. */
  public NodeSql render(java.util.List<Object> parameters, Set<Integer> keep) throws java.sql.SQLException {
    return whole.render(parameters, keep);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyList k && listStart == k.listStart && listEnd == k.listEnd && Arrays.equals(elementStarts, k.elementStarts);
  }

  @Override
  public int hashCode() {
    return listStart * 31 + listEnd;
  }

  @Override
  public String toString() {
    return "KeyList[" + listStart + ".." + listEnd + ", " + elementStarts.length + " keys]";
  }
}
