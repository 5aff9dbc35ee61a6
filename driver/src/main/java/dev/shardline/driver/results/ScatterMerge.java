package dev.shardline.driver.results;

import dev.shardline.driver.analysis.ScatterQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One result set over several nodes' answers to a {@link ScatterQuery}: streamed for ROWS mode
 * ({@link MergedRows}), combined in memory for GROUPS mode ({@link CombinedGroups}).
 */
public final class ScatterMerge {
  private ScatterMerge() {}

  /** Where a merge reports a node's result set that failed while it was read. */
  @FunctionalInterface
  public interface SourceFailures {
    void failed(int source, SQLException cause);
  }

  /**
   * @param sources the nodes' result sets, in node order; they stay owned by the caller, which
   *     closes them when the merged result set is closed
   * @param nodes the nodes' names, for messages
   * @param parameters the statement's bound values (LIMIT, OFFSET and HAVING may use them)
   * @param maxRows the most groups or DISTINCT keys held in memory
   * @param failures told which source failed while it was read (before the error is thrown on)
   */
  public static ResultSet open(ScatterQuery query, List<ResultSet> sources, List<String> nodes, List<Object> parameters, Statement owner, long maxRows,
      SourceFailures failures) throws SQLException {
    if (query.mode() == ScatterQuery.Mode.GROUPS) {
      return CombinedGroups.open(query, sources, nodes, parameters, owner, maxRows, failures);
    }
    long offset = query.offset() == null ? 0 : query.offset().value(parameters);
    long limit = query.limit() == null ? -1 : query.limit().value(parameters);
    return MergedRows.open(query, sources, nodes, owner, maxRows, offset, limit, failures);
  }
}
