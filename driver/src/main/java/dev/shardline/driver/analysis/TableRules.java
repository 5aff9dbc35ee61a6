package dev.shardline.driver.analysis;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * <p>Schema facts ({@link #withSchema}) are optional: the logical database's name and, per table,
 * its columns in ordinal order. Without them the analysis stays conservative: an INSERT without a
 * column list into a sharded table is refused, a {@code db.table} reference is taken to mean the
 * logical database, and an unqualified column of a subquery is never resolved against an outer
 * query.
 *
 * <p>Immutable and thread-safe.
 */
public final class TableRules {
  /**
   * One column of a table, as {@code information_schema.COLUMNS} describes it.
   *
   * @param name the column name, lower case
   * @param dataType {@code DATA_TYPE}, lower case, e.g. {@code bigint}, {@code varchar}
   * @param columnType {@code COLUMN_TYPE}, lower case, e.g. {@code bigint(20) unsigned}
   * @param collation {@code COLLATION_NAME}; null for columns that are not strings
   */
  public record ColumnInfo(String name, String dataType, String columnType, String collation) {
    public ColumnInfo {
      name = Names.unquote(Objects.requireNonNull(name, "name").strip()).toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a column name is blank");
      }
      dataType = Objects.requireNonNull(dataType, "dataType").strip().toLowerCase(Locale.ROOT);
      columnType = Objects.requireNonNull(columnType, "columnType").strip().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<String, String> shardColumnByTable;
  private final Set<String> globalTables;
  private final Set<String> broadcastTables;
  /** Lower-case logical database name, or null when unknown. */
  private final String database;
  /** Table -> its columns in ordinal order; tables without an entry have unknown columns. */
  private final Map<String, List<ColumnInfo>> columnsByTable;

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
    this.database = null;
    this.columnsByTable = Map.of();
  }

  private TableRules(TableRules base, String database, Map<String, List<ColumnInfo>> columnsByTable) {
    this.shardColumnByTable = base.shardColumnByTable;
    this.globalTables = base.globalTables;
    this.broadcastTables = base.broadcastTables;
    this.database = database;
    this.columnsByTable = columnsByTable;
  }

  /**
   * These rules plus schema facts: the logical database's name and each table's columns. Replaces
   * any schema facts these rules had.
   *
   * @param database the logical database the connection serves (any case, backticks allowed), or
   *     null when unknown
   * @param columnsByTable table -> its columns in ordinal order; a table without an entry has
   *     unknown columns
   * @throws IllegalArgumentException naming the table when a table name is blank, a table is
   *     given twice (e.g. {@code Users} and {@code users}), its column list is empty or names a
   *     column twice
   */
  public TableRules withSchema(String database, Map<String, List<ColumnInfo>> columnsByTable) {
    Objects.requireNonNull(columnsByTable, "columnsByTable");
    String db = database == null ? null : Names.normalize(database);
    Map<String, List<ColumnInfo>> columns = new LinkedHashMap<>();
    columnsByTable.forEach((table, list) -> {
      String name = name(table, "table");
      Objects.requireNonNull(list, () -> "the column list of table " + name + " is null");
      if (list.isEmpty()) {
        throw new IllegalArgumentException("table " + name + " has an empty column list; leave it out when its columns are unknown");
      }
      Set<String> seen = new HashSet<>();
      for (ColumnInfo column : list) {
        Objects.requireNonNull(column, () -> "table " + name + " has a null column");
        if (!seen.add(column.name())) {
          throw new IllegalArgumentException("table " + name + " lists column " + column.name() + " twice");
        }
      }
      if (columns.put(name, List.copyOf(list)) != null) {
        throw new IllegalArgumentException("table " + name + " is given twice in the schema (names are case-insensitive)");
      }
    });
    return new TableRules(this, db == null || db.isEmpty() ? null : db, Collections.unmodifiableMap(columns));
  }

  /** The logical database name (lower case), when the schema facts name it. */
  public Optional<String> database() {
    return Optional.ofNullable(database);
  }

  /** The table's columns in ordinal order, when known. */
  public Optional<List<ColumnInfo>> columns(String table) {
    return Optional.ofNullable(columnsByTable.get(Names.normalize(table)));
  }

  /** The column facts of a sharded table's shard column, when the table's columns are known and include it. */
  public Optional<ColumnInfo> shardColumnInfo(String table) {
    String name = Names.normalize(table);
    String shardColumn = shardColumnByTable.get(name);
    List<ColumnInfo> columns = columnsByTable.get(name);
    if (shardColumn == null || columns == null) {
      return Optional.empty();
    }
    for (ColumnInfo column : columns) {
      if (column.name().equals(shardColumn)) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }

  /** The shard column (lower case) of a sharded table; empty for any other table. */
  public Optional<String> shardColumn(String table) {
    return Optional.ofNullable(shardColumnByTable.get(Names.normalize(table)));
  }

  public boolean isSharded(String table) {
    return shardColumnByTable.containsKey(Names.normalize(table));
  }

  /** Whether any table is declared global. */
  public boolean hasGlobalTables() {
    return !globalTables.isEmpty();
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

  /** {@link #database()} without the Optional, for the analyzer's hot path. */
  String databaseOrNull() {
    return database;
  }

  /** Columns of an already normalised table name, or null when unknown. */
  List<ColumnInfo> columnsOfNormalized(String normalizedTable) {
    return columnsByTable.get(normalizedTable);
  }

  @Override
  public String toString() {
    return "TableRules[sharded=" + shardColumnByTable + ", global=" + globalTables + ", broadcast=" + broadcastTables
        + (database == null ? "" : ", database=" + database) + (columnsByTable.isEmpty() ? "" : ", columns of " + columnsByTable.size() + " tables")
        + "]";
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
