package dev.shardline.hibernate;

import dev.shardline.driver.ShardlineProperty;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shard column of a table as the Hibernate properties declare it, the driver's way: the
 * tables of {@code shardline.shardedTables} by their pair, every other table by
 * {@code shardline.shardColumn} (default {@code user_id}) when it has that column. Immutable.
 */
record ShardColumns(String column, Map<String, String> explicit) {
  static final ShardColumns DEFAULT = new ShardColumns(ShardlineProperty.SHARD_COLUMN.defaultValue().orElse(""), Map.of());

  static ShardColumns from(Map<String, String> shardline) {
    String column = shardline.getOrDefault(ShardlineProperty.SHARD_COLUMN.key(), DEFAULT.column()).trim().toLowerCase(Locale.ROOT);
    Map<String, String> explicit = new TreeMap<>();
    String pairs = shardline.getOrDefault(ShardlineProperty.SHARDED_TABLES.key(), "");
    for (String pair : pairs.split(",")) {
      String[] parts = pair.trim().split(":");
      if (parts.length == 2) {
        explicit.put(parts[0].trim().toLowerCase(Locale.ROOT), parts[1].trim().toLowerCase(Locale.ROOT));
      }
    }
    return new ShardColumns(column, Map.copyOf(explicit));
  }

  /** The column that would shard {@code table}, if the table has it; empty when discovery is off and the table is not declared. */
  Optional<String> of(String table) {
    String name = table.toLowerCase(Locale.ROOT).replace("`", "");
    String declared = explicit.get(name);
    if (declared != null) {
      return Optional.of(declared);
    }
    return column.isEmpty() ? Optional.empty() : Optional.of(column);
  }
}
