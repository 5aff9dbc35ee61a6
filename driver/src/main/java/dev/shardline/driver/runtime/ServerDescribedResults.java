package dev.shardline.driver.runtime;

import com.mysql.cj.jdbc.JdbcConnection;
import dev.shardline.driver.execution.EmptyResults;
import dev.shardline.driver.results.ColumnSet;
import dev.shardline.driver.results.RowsResultSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * Empty results with the statement's own columns: the SELECT is prepared on the server ({@code
 * COM_STMT_PREPARE}), which describes its result columns without running it, so no row of any
 * node is read and no lock is taken.
 */
final class ServerDescribedResults implements EmptyResults {
  @Override
  public ResultSet describe(Connection connection, String sql) throws SQLException {
    try (PreparedStatement prepared = connection.unwrap(JdbcConnection.class).serverPrepareStatement(sql)) {
      ResultSetMetaData meta = prepared.getMetaData();
      ColumnSet columns = meta == null ? ColumnSet.of() : ColumnSet.from(meta);
      return RowsResultSet.of(columns, List.of(), null);
    }
  }
}
