package dev.shardline.driver.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which tables are sharded (and on which column), which live only on the global node, and which
 * are copied on every node (broadcast).
 *
 * <p>Names are matched as MySQL does on the usual installations: case-insensitively, with
 * backticks and any {@code schema.} qualifier stripped. A table that is both sharded and
 * global/broadcast, or both global and broadcast, is refused at construction: a routing setting
 * that is wrong must stop the driver, never be "fixed".
 *
 * <p>Immutable and thread-safe.
 */
public final class TableRules {
  private final Map<String, String> shardColumnByTable;
  private final Set<String> globalTables;
  private final Set<String> broadcastTables;

  /**
   * @param shardColumnByTable sharded table -> its shard column
   * @param globalTables unsharded tables that live on the global node only
   * @param broadcastTables unsharded tables copied on every node
   * @throws IllegalArgumentException naming the table when a name is blank, a table has two
   *     different shard columns, or a table is in more than one category
   */
  public TableRules(Map<String, String> shardColumnByTable, Set<String> globalTables, Set<String> broadcastTables) {
    Objects.requireNonNull(shardColumnByTable, "shardColumnByTable");
    Objects.requireNonNull(globalTables, "globalTables");
    Objects.requireNonNull(broadcastTables, "broadcastTables");
    Map<String, String> sharded = new LinkedHashMap<>();
    shardColumnByTable.forEach((table, column) -> {
      String name = name(table, "sharded table");
      String col = Names.normalize(column);
      if (col.isEmpty()) {
        throw new IllegalArgumentException("sharded table " + table + " has a blank shard column");
      }
      String previous = sharded.putIfAbsent(name, col);
      if (previous != null && !previous.equals(col)) {
        throw new IllegalArgumentException(
            "table " + name + " is declared sharded on two columns, " + previous + " and " + col + "; a table has one shard column");
      }
    });
    Set<String> global = names(globalTables, "global table");
    Set<String> broadcast = names(broadcastTables, "broadcast table");
    for (String table : global) {
      if (sharded.containsKey(table)) {
        throw new IllegalArgumentException(conflict(table, "sharded (on " + sharded.get(table) + ")", "global"));
      }
      if (broadcast.contains(table)) {
        throw new IllegalArgumentException(conflict(table, "global", "broadcast"));
      }
    }
    for (String table : broadcast) {
      if (sharded.containsKey(table)) {
        throw new IllegalArgumentException(conflict(table, "sharded (on " + sharded.get(table) + ")", "broadcast"));
      }
    }
    this.shardColumnByTable = Collections.unmodifiableMap(sharded);
    this.globalTables = Collections.unmodifiableSet(global);
    this.broadcastTables = Collections.unmodifiableSet(broadcast);
  }

  /** The shard column (lower case) of a sharded table; empty for any other table. */
  public Optional<String> shardColumn(String table) {
    return Optional.ofNullable(shardColumnByTable.get(Names.normalize(table)));
  }

  public boolean isSharded(String table) {
    return shardColumnByTable.containsKey(Names.normalize(table));
  }

  public boolean isGlobal(String table) {
    return globalTables.contains(Names.normalize(table));
  }

  public boolean isBroadcast(String table) {
    return broadcastTables.contains(Names.normalize(table));
  }

  /** Shard column of an already normalised name; the analyzer's hot path skips re-normalising. */
  String shardColumnOfNormalized(String normalizedTable) {
    return shardColumnByTable.get(normalizedTable);
  }

  @Override
  public String toString() {
    return "TableRules[sharded=" + shardColumnByTable + ", global=" + globalTables + ", broadcast=" + broadcastTables + "]";
  }

  private static String name(String table, String what) {
    String name = Names.normalize(table);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a " + what + " name is blank (got " + (table == null ? "null" : "'" + table + "'") + ")");
    }
    return name;
  }

  private static Set<String> names(Set<String> tables, String what) {
    Set<String> out = new LinkedHashSet<>();
    for (String table : tables) {
      out.add(name(table, what));
    }
    return out;
  }

  private static String conflict(String table, String first, String second) {
    return "table " + table + " is declared both " + first + " and " + second + "; a table is sharded, global or broadcast, never two of them";
  }
}
