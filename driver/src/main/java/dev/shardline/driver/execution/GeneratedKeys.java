package dev.shardline.driver.execution;

import dev.shardline.driver.results.Column;
import dev.shardline.driver.results.ColumnSet;
import dev.shardline.driver.results.RowsResultSet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated keys copied out of physical statements before their connections go back to the pool,
 * merged across the nodes of a split INSERT or a batch (in execution order), and handed out as a
 * forward-only result set with Connector/J's column ({@code GENERATED_KEY}).
 *
 * <p>Not thread safe: one per statement execution.
 */
public final class GeneratedKeys {
  private static final ColumnSet COLUMNS = ColumnSet.of(new Column("GENERATED_KEY", Types.BIGINT, "BIGINT", Long.class.getName()));
  private final List<Object[]> rows = new ArrayList<>();

  /** An empty generated-keys result, for statements that produced none. */
  public static ResultSet none() {
    return RowsResultSet.of(COLUMNS, List.of(), null);
  }

  public void add(ResultSet physicalKeys) throws SQLException {
    try (physicalKeys) {
      while (physicalKeys.next()) {
        rows.add(new Object[] {physicalKeys.getLong(1)});
      }
    }
  }

  public ResultSet toResultSet() {
    return RowsResultSet.of(COLUMNS, List.copyOf(rows), null);
  }
}
