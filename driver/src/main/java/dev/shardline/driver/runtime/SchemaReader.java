package dev.shardline.driver.runtime;

import dev.shardline.driver.ShardlineProperty;
import dev.shardline.driver.analysis.TableRules.ColumnInfo;
import dev.shardline.driver.analysis.TableRules;
import dev.shardline.driver.routing.KeyType;
import dev.shardline.driver.routing.RoutingRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the application schema from the global node's master (every table's columns in order)
 * and builds the routing rules from it and the configuration: which tables are sharded (declared,
 * or discovered by the shard column), their columns (for INSERTs without a column list) and the
 * type of each shard column (for key canonicalisation).
 */
final class SchemaReader {
  private SchemaReader() {}

  /** The schema: every table to its columns in ordinal order. */
  static Map<String, List<ColumnInfo>> read(Connection c, String database) throws SQLException {
    Map<String, List<ColumnInfo>> tables = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, COLLATION_NAME FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1).toLowerCase(Locale.ROOT);
          tables.computeIfAbsent(table, t -> new ArrayList<>()).add(new ColumnInfo(
              rs.getString(2).toLowerCase(Locale.ROOT), lower(rs.getString(3)), lower(rs.getString(4)), rs.getString(5)));
        }
      }
    }
    return tables;
  }

  /** Rules from the configuration and a schema read by {@link #read} (empty when no node exists yet). */
  static RoutingRules rules(DriverConfig config, Map<String, List<ColumnInfo>> schema) {
    Map<String, String> sharded = new LinkedHashMap<>(config.shardedTables());
    Set<String> global = config.list(ShardlineProperty.GLOBAL_TABLES);
    Set<String> broadcast = config.list(ShardlineProperty.BROADCAST_TABLES);
    String column = config.text(ShardlineProperty.SHARD_COLUMN);
    String shardColumn = column == null ? "" : column.toLowerCase(Locale.ROOT);
    schema.forEach((table, columns) -> {
      boolean declaredUnsharded = global.contains(table) || broadcast.contains(table);
      if (!shardColumn.isEmpty() && !declaredUnsharded && columns.stream().anyMatch(col -> col.name().equals(shardColumn))) {
        sharded.putIfAbsent(table, shardColumn);
      }
    });
    Map<String, KeyType> keyTypes = new HashMap<>();
    sharded.forEach((table, col) -> {
      List<ColumnInfo> columns = schema.get(table);
      if (columns != null) {
        columns.stream().filter(c -> c.name().equals(col)).findFirst()
            .ifPresent(c -> keyTypes.put(table, KeyType.of(c.dataType(), c.columnType(), c.collation())));
      }
    });
    TableRules tables = new TableRules(sharded, global, broadcast).withSchema(config.text(ShardlineProperty.DATABASE), schema);
    return new RoutingRules(tables, keyTypes);
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }
}
