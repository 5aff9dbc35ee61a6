package dev.shardline.driver.execution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;

/**
 * Generated keys copied out of physical statements before their connections go back to the pool,
 * merged across the nodes of a split INSERT or a batch (in execution order).
 *
 * <p>Not thread safe: one per statement execution.
 */
public final class GeneratedKeys {
  private final CachedRowSet rows;

  public GeneratedKeys() throws SQLException {
    rows = RowSetProvider.newFactory().createCachedRowSet();
    RowSetMetaDataImpl meta = new RowSetMetaDataImpl();
    meta.setColumnCount(1);
    meta.setColumnName(1, "GENERATED_KEY");
    meta.setColumnLabel(1, "GENERATED_KEY");
    meta.setColumnType(1, Types.BIGINT);
    rows.setMetaData(meta);
  }

  public void add(ResultSet physicalKeys) throws SQLException {
    try (physicalKeys) {
      while (physicalKeys.next()) {
        rows.moveToInsertRow();
        rows.updateLong(1, physicalKeys.getLong(1));
        rows.insertRow();
        rows.moveToCurrentRow();
      }
    }
  }

  /** An empty generated-keys result, for statements that produced none. */
  public static ResultSet none() throws SQLException {
    return new GeneratedKeys().toResultSet();
  }

  public ResultSet toResultSet() throws SQLException {
    rows.beforeFirst();
    return rows;
  }
}
