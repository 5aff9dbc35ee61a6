package dev.shardline.directory.cli;

import dev.shardline.directory.cli.SchemaSnapshot.ColumnDef;
import dev.shardline.directory.cli.SchemaSnapshot.IndexDef;
import dev.shardline.directory.cli.SchemaSnapshot.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Compares one node's {@link SchemaSnapshot} with the reference node's and says every difference
 * in plain words, always from the compared node's side: "table posts is missing" means the
 * reference has it and the node does not.
 *
 * <p>Column positions are compared among the columns both sides have, so one missing column is one
 * difference, not one for every column after it. A table and a view of the same name differ as a
 * whole; their columns and indexes are then not compared.
 *
 * <p>Pure and stateless: no server is involved.
 */
final class SchemaDiff {
  /** The {@code kind} of a difference; {@link #code()} is what {@code --json} writes. */
  enum Kind {
    MISSING_DATABASE, EXTRA_DATABASE,
    MISSING_TABLE, EXTRA_TABLE, TABLE_DIFFERS,
    MISSING_COLUMN, EXTRA_COLUMN, COLUMN_DIFFERS,
    MISSING_INDEX, EXTRA_INDEX, INDEX_DIFFERS;

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One difference of {@code node} from the reference; {@code table} is null for the database itself. */
  record Difference(String node, String table, Kind kind, String detail) {
    Difference {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
    }

    /** As the text output prints it: {@code node2: table posts is missing}. */
    String line() {
      return node + ": " + detail;
    }
  }

  private final String referenceName;
  private final String nodeName;
  private final List<Difference> out = new ArrayList<>();

  private SchemaDiff(String referenceName, String nodeName) {
    this.referenceName = referenceName;
    this.nodeName = nodeName;
  }

  /** Every difference of {@code node} from {@code reference}, table by table in name order; empty when identical. */
  static List<Difference> compare(String referenceName, SchemaSnapshot reference, String nodeName, SchemaSnapshot node) {
    SchemaDiff diff = new SchemaDiff(referenceName, nodeName);
    diff.database(reference, node);
    return List.copyOf(diff.out);
  }

  private void database(SchemaSnapshot reference, SchemaSnapshot node) {
    if (reference.exists() != node.exists()) {
      add(null, reference.exists() ? Kind.MISSING_DATABASE : Kind.EXTRA_DATABASE,
          "database " + reference.database()
              + (reference.exists() ? " is missing" : " exists, " + referenceName + " has no such database"));
      return;
    }
    SortedSet<String> names = new TreeSet<>(reference.tables().keySet());
    names.addAll(node.tables().keySet());
    for (String name : names) {
      TableDef ref = reference.tables().get(name);
      TableDef own = node.tables().get(name);
      if (own == null) {
        add(name, Kind.MISSING_TABLE, kindOf(ref) + " " + name + " is missing");
      } else if (ref == null) {
        add(name, Kind.EXTRA_TABLE, kindOf(own) + " " + name + " is extra (" + referenceName + " has no such table)");
      } else {
        table(ref, own);
      }
    }
  }

  private void table(TableDef ref, TableDef own) {
    String name = ref.name();
    if (!ref.type().equals(own.type())) {
      add(name, Kind.TABLE_DIFFERS, kindOf(own) + " " + name + " is a " + own.type() + ", " + referenceName
          + " has a " + ref.type());
      return;
    }
    if (!ref.engine().equals(own.engine())) {
      add(name, Kind.TABLE_DIFFERS, "table " + name + " has engine " + show(own.engine()) + ", " + referenceName
          + " has " + show(ref.engine()));
    }
    columns(ref, own);
    indexes(ref, own);
  }

  private void columns(TableDef ref, TableDef own) {
    Map<String, ColumnDef> refColumns = ref.columnsByName();
    Map<String, ColumnDef> ownColumns = own.columnsByName();
    List<String> refCommon = refColumns.keySet().stream().filter(ownColumns::containsKey).toList();
    List<String> ownCommon = ownColumns.keySet().stream().filter(refColumns::containsKey).toList();
    for (ColumnDef r : ref.columns()) {
      ColumnDef o = ownColumns.get(r.name());
      String column = ref.name() + "." + r.name();
      if (o == null) {
        add(ref.name(), Kind.MISSING_COLUMN, "column " + column + " is missing");
        continue;
      }
      List<String> mine = new ArrayList<>();
      List<String> theirs = new ArrayList<>();
      differ(mine, theirs, o.type(), r.type());
      differ(mine, theirs, o.nullable() ? "NULL" : "NOT NULL", r.nullable() ? "NULL" : "NOT NULL");
      differ(mine, theirs, defaultOf(o), defaultOf(r));
      if (!o.extra().equals(r.extra())) {
        mine.add(o.extra().isEmpty() ? "without " + r.extra() : o.extra());
        theirs.add(r.extra().isEmpty() ? "without " + o.extra() : r.extra());
      }
      if (refCommon.indexOf(r.name()) != ownCommon.indexOf(r.name())) {
        mine.add("at position " + o.position());
        theirs.add("at position " + r.position());
      }
      if (!mine.isEmpty()) {
        add(ref.name(), Kind.COLUMN_DIFFERS, column + " is " + String.join(" ", mine) + ", " + referenceName + " has "
            + String.join(" ", theirs));
      }
    }
    for (ColumnDef o : own.columns()) {
      if (!refColumns.containsKey(o.name())) {
        add(ref.name(), Kind.EXTRA_COLUMN, "column " + ref.name() + "." + o.name() + " is extra (" + referenceName
            + " has no such column)");
      }
    }
  }

  private void indexes(TableDef ref, TableDef own) {
    SortedSet<String> names = new TreeSet<>(ref.indexes().keySet());
    names.addAll(own.indexes().keySet());
    for (String name : names) {
      IndexDef r = ref.indexes().get(name);
      IndexDef o = own.indexes().get(name);
      String index = "index " + ref.name() + "." + name;
      if (o == null) {
        add(ref.name(), Kind.MISSING_INDEX, index + " is missing");
      } else if (r == null) {
        add(ref.name(), Kind.EXTRA_INDEX, index + " is extra (" + referenceName + " has no such index)");
      } else if (!r.equals(o)) {
        add(ref.name(), Kind.INDEX_DIFFERS, index + " is " + describe(o) + ", " + referenceName + " has " + describe(r));
      }
    }
  }

  private void add(String table, Kind kind, String detail) {
    out.add(new Difference(nodeName, table, kind, detail));
  }

  private static void differ(List<String> mine, List<String> theirs, String own, String ref) {
    if (!own.equals(ref)) {
      mine.add(own);
      theirs.add(ref);
    }
  }

  private static String kindOf(TableDef table) {
    return table.isView() ? "view" : "table";
  }

  private static String defaultOf(ColumnDef column) {
    return column.defaultValue() == null ? "without default" : "DEFAULT " + column.defaultValue();
  }

  /** {@code UNIQUE (a, b(10))} or {@code (a)}. */
  static String describe(IndexDef index) {
    return (index.unique() ? "UNIQUE " : "") + "(" + String.join(", ", index.columns()) + ")";
  }

  private static String show(String engine) {
    return engine.isEmpty() ? "(none)" : engine;
  }
}
