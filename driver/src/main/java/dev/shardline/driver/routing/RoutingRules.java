package dev.shardline.driver.routing;

import dev.shardline.driver.analysis.TableRules;
import java.util.Map;

/**
 * The table rules of one schema generation, with the key type of each sharded table's shard
 * column. Swapped as a whole when the schema is read again.
 *
 * @param keyTypes sharded table (normalised name) to its shard column's type; a table without an
 *     entry has {@link KeyType#UNKNOWN}
 */
public record RoutingRules(TableRules tables, Map<String, KeyType> keyTypes) {
  public RoutingRules {
    keyTypes = Map.copyOf(keyTypes);
  }

  public KeyType keyType(String table) {
    return keyTypes.getOrDefault(table, KeyType.UNKNOWN);
  }

  /**
   * The type every shard column shares, or {@link KeyType#UNKNOWN} when they differ or none is
   * known: what an explicit key must satisfy before any statement says which tables it is for.
   */
  public KeyType clusterKeyType() {
    KeyType type = KeyType.UNKNOWN;
    for (KeyType next : keyTypes.values()) {
      type = type.combine(next);
      if (type == null) {
        return KeyType.UNKNOWN;
      }
    }
    return type;
  }
}
