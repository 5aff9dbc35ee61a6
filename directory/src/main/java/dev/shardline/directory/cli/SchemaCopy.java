package dev.shardline.directory.cli;

import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.cli.SchemaDiff.Difference;
import dev.shardline.directory.cli.SchemaDiff.Kind;
import dev.shardline.directory.cli.SchemaSnapshot.TableDef;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The steps of {@code shardline schema copy --from A --to B}: give node B every table and view of
 * the application database that node A has and B lacks, empty.
 *
 * <ol>
 *   <li>Read both schemas. A table or view that B already has but that differs from A's stops the
 *       copy before anything is created: the copy never alters an existing table.
 *   <li>{@code CREATE DATABASE IF NOT EXISTS} on B, with A's default character set and collation.
 *   <li>Every missing table, from {@code SHOW CREATE TABLE} on A, without its {@code AUTO_INCREMENT}
 *       counter, with {@code foreign_key_checks = 0} so tables that refer to each other can be
 *       created in any order.
 *   <li>Every missing view, from {@code SHOW CREATE VIEW} on A without its {@code DEFINER} (B's
 *       views belong to the node user), retried while one view waits for another.
 * </ol>
 *
 * <p>No rows are copied. Running it again after a failure is safe: what was created is identical
 * and left alone. Tables B has and A lacks are left alone too.
 *
 * <p>Not thread safe; one instance per command.
 */
final class SchemaCopy {
  /** The table option after the closing parenthesis: {@code ) ENGINE=InnoDB AUTO_INCREMENT=42 ...}. */
  private static final Pattern AUTO_INCREMENT = Pattern.compile(" AUTO_INCREMENT=\\d+");
  private static final Pattern DEFINER = Pattern.compile(" DEFINER=(`[^`]*`|'[^']*'|[^ @]+)@(`[^`]*`|'[^']*'|[^ ]+)");

  private final NodeMasters masters;
  private final PrintWriter out;
  private final List<String> created = new ArrayList<>();

  SchemaCopy(NodeMasters masters, PrintWriter out) {
    this.masters = masters;
    this.out = out;
  }

  void run(NodeInfo from, NodeInfo to, String database) throws NodeSchemaException {
    out.println("copying the tables of database " + database + " from " + from.name() + " (" + NodeMasters.master(from)
        + ") to " + to.name() + " (" + NodeMasters.master(to) + ") as " + masters.who() + "; no rows are copied");
    out.flush();
    try (Connection source = masters.connect(from);
        Connection target = masters.connect(to)) {
      SchemaSnapshot a = read(source, from, database);
      SchemaSnapshot b = read(target, to, database);
      if (!a.exists()) {
        throw new NodeSchemaException("node " + from.name() + " has no database " + database + " (or " + masters.who()
            + " may not see it); nothing to copy", ShardlineCommand.FAILED);
      }
      List<Difference> differences = SchemaDiff.compare(from.name(), a, to.name(), b);
      refuseConflicts(from, to, database, differences);
      List<TableDef> missing = a.tables().values().stream().filter(t -> !b.tables().containsKey(t.name())).toList();
      if (b.exists() && missing.isEmpty()) {
        out.println("nothing to do: " + to.name() + " has every table of database " + database + " that " + from.name()
            + " has");
      } else {
        create(source, target, from, to, database, b.exists(), missing);
      }
      differences.stream().filter(d -> d.kind() == Kind.EXTRA_TABLE).forEach(d ->
          out.println("left alone: " + d.detail().replace(" is extra (", " on " + to.name() + " (")));
      out.flush();
    } catch (SQLException e) {
      // Only close() gets here: the work is done, and a failed close of a read-only session changes nothing.
    }
  }

  private SchemaSnapshot read(Connection c, NodeInfo node, String database) throws NodeSchemaException {
    try {
      return SchemaSnapshot.read(c, database);
    } catch (SQLException e) {
      throw masters.failed(node, "reading the schema of database " + database, e);
    }
  }

  /** Tables both have that differ: listed by name with their differences, nothing created. */
  private void refuseConflicts(NodeInfo from, NodeInfo to, String database, List<Difference> differences)
      throws NodeSchemaException {
    Map<String, List<String>> conflicts = new LinkedHashMap<>();
    for (Difference d : differences) {
      if (d.table() != null && d.kind() != Kind.MISSING_TABLE && d.kind() != Kind.EXTRA_TABLE) {
        conflicts.computeIfAbsent(d.table(), t -> new ArrayList<>()).add(d.detail());
      }
    }
    if (conflicts.isEmpty()) {
      return;
    }
    List<String> listed = new ArrayList<>();
    conflicts.forEach((table, details) -> listed.add(table + " (" + String.join("; ", details) + ")"));
    throw new NodeSchemaException(
        "node " + to.name() + " already has " + conflicts.size() + (conflicts.size() == 1 ? " table" : " tables")
            + " of database " + database + " that " + (conflicts.size() == 1 ? "differs" : "differ") + " from "
            + from.name() + "'s: " + String.join(", ", listed)
            + "; schema copy never alters an existing table, so nothing was created. Make "
            + (conflicts.size() == 1 ? "it" : "them") + " identical by hand, or drop " + (conflicts.size() == 1 ? "it" : "them")
            + " on " + to.name() + " if empty, and run this again", ShardlineCommand.FAILED);
  }

  private void create(Connection source, Connection target, NodeInfo from, NodeInfo to, String database,
      boolean databaseExists, List<TableDef> missing) throws NodeSchemaException {
    String doing = "creating database " + database;
    try {
      if (!databaseExists) {
        try (Statement s = target.createStatement()) {
          s.execute(createDatabase(source, database));
        }
        out.println("created database " + database + " on " + to.name());
      }
      // Before the statement is made: Connector/J switches back to a statement's database at every execute.
      target.setCatalog(database);
    } catch (SQLException e) {
      throw masters.failed(to, doing, e);
    }
    doing = "setting foreign_key_checks = 0";
    try (Statement s = target.createStatement()) {
      s.execute("SET SESSION foreign_key_checks = 0");
      List<TableDef> views = new ArrayList<>();
      for (TableDef table : missing) {
        if (table.isView()) {
          views.add(table);
          continue;
        }
        doing = "creating table " + table.name();
        s.execute(withoutAutoIncrement(showCreate(source, from, database, table)));
        created.add(table.name());
        out.println("created table " + table.name());
        out.flush();
      }
      doing = "creating views";
      createViews(source, s, from, database, views);
      long tables = missing.stream().filter(t -> !t.isView()).count();
      out.println("done: " + tables + (tables == 1 ? " table" : " tables") + " and " + views.size()
          + (views.size() == 1 ? " view" : " views") + " created on " + to.name()
          + ", all empty (rows move with `shardline move`)");
    } catch (SQLException e) {
      NodeSchemaException failed = masters.failed(to, doing, e);
      throw new NodeSchemaException(failed.getMessage() + "; created so far: "
          + (created.isEmpty() ? "nothing" : String.join(", ", created)) + ". Run this again once that is fixed:"
          + " what was created is identical and is left alone", failed.exitCode(), e);
    }
  }

  /**
   * Views may select from each other, so each round creates the ones it can; a round that creates
   * none ends with the first error.
   */
  private void createViews(Connection source, Statement s, NodeInfo from, String database, List<TableDef> views)
      throws SQLException, NodeSchemaException {
    List<TableDef> pending = new ArrayList<>(views);
    while (!pending.isEmpty()) {
      SQLException first = null;
      List<TableDef> next = new ArrayList<>();
      for (TableDef view : pending) {
        try {
          s.execute(withoutDefiner(showCreate(source, from, database, view)));
          created.add(view.name());
          out.println("created view " + view.name());
          out.flush();
        } catch (SQLException e) {
          if (first == null) {
            first = e;
          }
          next.add(view);
        }
      }
      if (next.size() == pending.size()) {
        throw new SQLException("creating view " + pending.get(0).name() + ": " + first.getMessage(), first.getSQLState(),
            first.getErrorCode(), first);
      }
      pending = next;
    }
  }

  /** {@code CREATE DATABASE IF NOT EXISTS} with the source's default character set and collation. */
  private String createDatabase(Connection source, String database) throws SQLException {
    try (var ps = source.prepareStatement("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
        + " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        String sql = "CREATE DATABASE IF NOT EXISTS " + NodeLoginOptions.quote(database);
        return rs.next() ? sql + " CHARACTER SET " + rs.getString(1) + " COLLATE " + rs.getString(2) : sql;
      }
    }
  }

  private String showCreate(Connection source, NodeInfo from, String database, TableDef table)
      throws NodeSchemaException {
    String sql = (table.isView() ? "SHOW CREATE VIEW " : "SHOW CREATE TABLE ") + NodeLoginOptions.quote(database) + "."
        + NodeLoginOptions.quote(table.name());
    try (Statement s = source.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException(sql + " returned nothing", "42S02");
      }
      return rs.getString(2);
    } catch (SQLException e) {
      throw masters.failed(from, "reading the definition of " + (table.isView() ? "view " : "table ") + table.name(), e);
    }
  }

  /** The table is created empty, so its counter starts at 1; only the options after the columns are touched. */
  static String withoutAutoIncrement(String createTable) {
    int options = createTable.lastIndexOf("\n)");
    if (options < 0) {
      return createTable;
    }
    return createTable.substring(0, options) + AUTO_INCREMENT.matcher(createTable.substring(options)).replaceFirst("");
  }

  /** {@code CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY ...}: the definer is dropped. */
  static String withoutDefiner(String createView) {
    int view = createView.indexOf(" VIEW ");
    if (view < 0) {
      return createView;
    }
    return DEFINER.matcher(createView.substring(0, view)).replaceFirst("") + createView.substring(view);
  }
}
