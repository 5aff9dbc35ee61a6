package dev.shardline.directory.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The shape of one application database on one server, as {@code information_schema} shows it to
 * the account that reads it: tables and views (name, type, engine), their columns (name, position,
 * {@code COLUMN_TYPE}, nullability, default, extra) and their indexes (name, columns in order with
 * prefix lengths, uniqueness). Nothing else is read: no rows, no character sets, no triggers.
 *
 * <p>Immutable and thread safe; {@link #read} is the only part that touches a server.
 */
record SchemaSnapshot(String database, boolean exists, SortedMap<String, TableDef> tables) {
  SchemaSnapshot {
    Objects.requireNonNull(database, "database");
    tables = Collections.unmodifiableSortedMap(new TreeMap<>(tables));
  }

  /** A database that does not exist on the server (or that the account may not see). */
  static SchemaSnapshot missing(String database) {
    return new SchemaSnapshot(database, false, new TreeMap<>());
  }

  /** {@code type} is information_schema's {@code TABLE_TYPE}: {@code BASE TABLE}, {@code VIEW}, ... */
  record TableDef(String name, String type, String engine, List<ColumnDef> columns, SortedMap<String, IndexDef> indexes) {
    static final String BASE_TABLE = "BASE TABLE";
    static final String VIEW = "VIEW";

    TableDef {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      engine = engine == null ? "" : engine;
      columns = List.copyOf(columns);
      indexes = Collections.unmodifiableSortedMap(new TreeMap<>(indexes));
    }

    boolean isView() {
      return VIEW.equals(type);
    }

    /** The columns by name, in position order. */
    Map<String, ColumnDef> columnsByName() {
      Map<String, ColumnDef> byName = new LinkedHashMap<>();
      columns.forEach(c -> byName.put(c.name(), c));
      return byName;
    }
  }

  /**
   * {@code defaultValue} is {@code COLUMN_DEFAULT} as the server writes it: null when the column has
   * no default, the text {@code NULL} for {@code DEFAULT NULL}, string literals in quotes.
   */
  record ColumnDef(String name, int position, String type, boolean nullable, String defaultValue, String extra) {
    ColumnDef {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      extra = extra == null ? "" : extra;
    }
  }

  /** {@code columns} in index order; a prefix index on 10 characters of {@code name} is {@code name(10)}. */
  record IndexDef(String name, List<String> columns, boolean unique) {
    IndexDef {
      Objects.requireNonNull(name, "name");
      columns = List.copyOf(columns);
    }
  }

  /** Reads {@code database} from the server behind {@code c}; four queries on information_schema. */
  static SchemaSnapshot read(Connection c, String database) throws SQLException {
    if (!exists(c, database)) {
      return missing(database);
    }
    Map<String, String[]> tableRows = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT TABLE_NAME, TABLE_TYPE, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tableRows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
        }
      }
    }
    Map<String, List<ColumnDef>> columns = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA"
            + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new ColumnDef(
              rs.getString(2), rs.getInt(3), rs.getString(4), "YES".equals(rs.getString(5)), rs.getString(6),
              rs.getString(7)));
        }
      }
    }
    Map<String, Map<String, List<String>>> indexColumns = new TreeMap<>();
    Map<String, Boolean> unique = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS"
            + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          String index = rs.getString(2);
          String subPart = rs.getString(5);
          indexColumns.computeIfAbsent(table, t -> new TreeMap<>()).computeIfAbsent(index, i -> new ArrayList<>())
              .add(rs.getString(4) + (subPart == null ? "" : "(" + subPart + ")"));
          unique.put(table + "\u0000" + index, rs.getLong(3) == 0);
        }
      }
    }
    SortedMap<String, TableDef> tables = new TreeMap<>();
    tableRows.forEach((name, row) -> {
      SortedMap<String, IndexDef> indexes = new TreeMap<>();
      indexColumns.getOrDefault(name, Map.of()).forEach((index, cols) ->
          indexes.put(index, new IndexDef(index, cols, unique.get(name + "\u0000" + index))));
      tables.put(name, new TableDef(name, row[0], row[1], columns.getOrDefault(name, List.of()), indexes));
    });
    return new SchemaSnapshot(database, true, tables);
  }

  private static boolean exists(Connection c, String database) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
