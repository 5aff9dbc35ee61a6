package dev.shardline.directory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.directory.cli.SchemaDiff.Difference;
import dev.shardline.directory.cli.SchemaDiff.Kind;
import dev.shardline.directory.cli.SchemaSnapshot.ColumnDef;
import dev.shardline.directory.cli.SchemaSnapshot.IndexDef;
import dev.shardline.directory.cli.SchemaSnapshot.TableDef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pure comparison of two schema snapshots, and how the report prints it. */
class SchemaDiffTest {
  private static ColumnDef col(String name, int position, String type) {
    return new ColumnDef(name, position, type, false, null, "");
  }

  private static IndexDef index(String name, boolean unique, String... columns) {
    return new IndexDef(name, List.of(columns), unique);
  }

  private static TableDef table(String name, List<ColumnDef> columns, IndexDef... indexes) {
    Map<String, IndexDef> byName = new TreeMap<>();
    Arrays.stream(indexes).forEach(i -> byName.put(i.name(), i));
    return new TableDef(name, TableDef.BASE_TABLE, "InnoDB", columns, new TreeMap<>(byName));
  }

  private static SchemaSnapshot snapshot(TableDef... tables) {
    Map<String, TableDef> byName = new TreeMap<>();
    Arrays.stream(tables).forEach(t -> byName.put(t.name(), t));
    return new SchemaSnapshot("app", true, new TreeMap<>(byName));
  }

  private static TableDef users() {
    return table("users",
        List.of(col("id", 1, "bigint(20)"), col("name", 2, "varchar(64)"), col("email", 3, "varchar(128)")),
        index("PRIMARY", true, "id"), index("idx_name", false, "name"));
  }

  private static TableDef posts() {
    return table("posts", List.of(col("id", 1, "bigint(20)"), col("body", 2, "text")), index("PRIMARY", true, "id"));
  }

  private static List<Difference> diff(SchemaSnapshot reference, SchemaSnapshot node) {
    return SchemaDiff.compare("node1", reference, "node2", node);
  }

  private static List<String> lines(List<Difference> differences) {
    return differences.stream().map(Difference::line).toList();
  }

  @Test
  void identicalSchemasHaveNoDifference() {
    assertEquals(List.of(), diff(snapshot(users(), posts()), snapshot(posts(), users())));
    assertEquals(List.of(), diff(SchemaSnapshot.missing("app"), SchemaSnapshot.missing("app")));
    assertEquals(List.of(), diff(snapshot(), snapshot()));
  }

  @Test
  void aMissingOrExtraDatabaseIsOneDifference() {
    List<Difference> missing = diff(snapshot(users()), SchemaSnapshot.missing("app"));
    assertEquals(List.of(new Difference("node2", null, Kind.MISSING_DATABASE, "database app is missing")), missing);
    assertEquals(List.of("node2: database app exists, node1 has no such database"),
        lines(diff(SchemaSnapshot.missing("app"), snapshot(users()))));
    assertEquals(Kind.EXTRA_DATABASE, diff(SchemaSnapshot.missing("app"), snapshot()).get(0).kind());
  }

  @Test
  void missingAndExtraTablesAndViews() {
    TableDef view = new TableDef("active_users", TableDef.VIEW, null, List.of(col("id", 1, "bigint(20)")), new TreeMap<>());
    TableDef audit = table("audit", List.of(col("id", 1, "int(11)")));
    List<Difference> d = diff(snapshot(users(), posts(), view), snapshot(users(), audit));
    assertEquals(List.of(
        "node2: view active_users is missing",
        "node2: table audit is extra (node1 has no such table)",
        "node2: table posts is missing"), lines(d));
    assertEquals(List.of(Kind.MISSING_TABLE, Kind.EXTRA_TABLE, Kind.MISSING_TABLE), d.stream().map(Difference::kind).toList());
    assertEquals("posts", d.get(2).table());
  }

  @Test
  void aTableWhoseEngineOrTypeDiffers() {
    TableDef myisam = new TableDef("posts", TableDef.BASE_TABLE, "MyISAM", posts().columns(), posts().indexes());
    assertEquals(List.of(new Difference("node2", "posts", Kind.TABLE_DIFFERS, "table posts has engine MyISAM, node1 has InnoDB")),
        diff(snapshot(posts()), snapshot(myisam)));
    TableDef view = new TableDef("posts", TableDef.VIEW, null, List.of(col("id", 1, "bigint(20)")), new TreeMap<>());
    assertEquals(List.of("node2: view posts is a VIEW, node1 has a BASE TABLE"), lines(diff(snapshot(posts()), snapshot(view))));
  }

  @Test
  void missingExtraAndChangedColumns() {
    TableDef changed = table("users",
        List.of(col("id", 1, "bigint(20)"), col("name", 2, "varchar(32)"), col("nick", 3, "varchar(16)")),
        index("PRIMARY", true, "id"), index("idx_name", false, "name"));
    List<Difference> d = diff(snapshot(users()), snapshot(changed));
    assertEquals(List.of(
        "node2: users.name is varchar(32), node1 has varchar(64)",
        "node2: column users.email is missing",
        "node2: column users.nick is extra (node1 has no such column)"), lines(d));
    assertEquals(List.of(Kind.COLUMN_DIFFERS, Kind.MISSING_COLUMN, Kind.EXTRA_COLUMN), d.stream().map(Difference::kind).toList());
    assertTrue(d.stream().allMatch(x -> x.table().equals("users")));
  }

  @Test
  void everyAttributeOfAColumnIsCompared() {
    TableDef ref = table("t", List.of(
        new ColumnDef("id", 1, "int(11)", false, null, "auto_increment"),
        new ColumnDef("a", 2, "int(11)", true, "NULL", ""),
        new ColumnDef("b", 3, "varchar(8)", false, "'x'", "")));
    TableDef own = table("t", List.of(
        new ColumnDef("id", 1, "int(11)", false, null, ""),
        new ColumnDef("a", 2, "int(11)", false, null, ""),
        new ColumnDef("b", 3, "varchar(8)", false, "'y'", "")));
    assertEquals(List.of(
        "node2: t.id is without auto_increment, node1 has auto_increment",
        "node2: t.a is NOT NULL without default, node1 has NULL DEFAULT NULL",
        "node2: t.b is DEFAULT 'y', node1 has DEFAULT 'x'"), lines(diff(snapshot(ref), snapshot(own))));
  }

  @Test
  void columnOrderCountsOnlyAmongTheColumnsBothHave() {
    // two columns swapped: each is at another place among the common columns
    TableDef shorter = table("users", List.of(col("id", 1, "bigint(20)"), col("email", 2, "varchar(128)"),
        col("name", 3, "varchar(64)")), index("PRIMARY", true, "id"), index("idx_name", false, "name"));
    assertEquals(List.of(
        "node2: users.name is at position 3, node1 has at position 2",
        "node2: users.email is at position 2, node1 has at position 3"), lines(diff(snapshot(users()), snapshot(shorter))));
    // one column fewer: the columns after it keep their relative order, so no position difference
    TableDef withoutName = table("users", List.of(col("id", 1, "bigint(20)"), col("email", 2, "varchar(128)")),
        index("PRIMARY", true, "id"), index("idx_name", false, "name"));
    assertEquals(List.of("node2: column users.name is missing"), lines(diff(snapshot(users()), snapshot(withoutName))));
  }

  @Test
  void missingExtraAndChangedIndexes() {
    TableDef own = table("users", users().columns(),
        index("PRIMARY", true, "id"), index("idx_email", true, "email"));
    TableDef changed = table("users", users().columns(),
        index("PRIMARY", true, "id"), index("idx_name", true, "name(10)", "email"));
    List<Difference> d = new ArrayList<>(diff(snapshot(users()), snapshot(own)));
    d.addAll(diff(snapshot(users()), snapshot(changed)));
    assertEquals(List.of(
        "node2: index users.idx_email is extra (node1 has no such index)",
        "node2: index users.idx_name is missing",
        "node2: index users.idx_name is UNIQUE (name(10), email), node1 has (name)"), lines(d));
    assertEquals(List.of(Kind.EXTRA_INDEX, Kind.MISSING_INDEX, Kind.INDEX_DIFFERS), d.stream().map(Difference::kind).toList());
  }

  @Test
  void kindCodesAreTheJsonNames() {
    assertEquals("missing_table", Kind.MISSING_TABLE.code());
    assertEquals("column_differs", Kind.COLUMN_DIFFERS.code());
  }

  @Test
  void theReportInTextAndJson() {
    SchemaSnapshot ref = snapshot(users(), posts());
    SchemaSnapshot two = snapshot(users());
    List<Difference> d = diff(ref, two);
    SchemaDiffReport report = new SchemaDiffReport("app", "node user 'app'", List.of(
        new SchemaDiffReport.NodeSchema("node1", 1, "ACTIVE", "10.0.1.10:3306", ref),
        new SchemaDiffReport.NodeSchema("node2", 2, "DRAINING", "10.0.2.10:3306", two),
        new SchemaDiffReport.NodeSchema("node3", 3, "ACTIVE", "10.0.3.10:3306", ref)), d);
    StringWriter text = new StringWriter();
    report.printText(new PrintWriter(text));
    assertEquals("""
        database app on 3 nodes, compared with node1 (10.0.1.10:3306) as node user 'app'
        node2: table posts is missing
        1 difference from node1: node2 has 1, node3 is identical
        """, text.toString());
    assertEquals("""
        {
          "database": "app",
          "reference": "node1",
          "identical": false,
          "nodes": [
            {"name": "node1", "id": 1, "state": "ACTIVE", "master": "10.0.1.10:3306", "database_exists": true, "tables": 2, "differences": 0},
            {"name": "node2", "id": 2, "state": "DRAINING", "master": "10.0.2.10:3306", "database_exists": true, "tables": 1, "differences": 1},
            {"name": "node3", "id": 3, "state": "ACTIVE", "master": "10.0.3.10:3306", "database_exists": true, "tables": 2, "differences": 0}
          ],
          "left_out": [],
          "warnings": [],
          "differences": [
            {"node": "node2", "table": "posts", "kind": "missing_table", "detail": "table posts is missing"}
          ]
        }
        """, report.json());

    SchemaDiffReport same = new SchemaDiffReport("app", "node user 'app'", List.of(
        new SchemaDiffReport.NodeSchema("node1", 1, "ACTIVE", "h:1", ref),
        new SchemaDiffReport.NodeSchema("node2", 2, "ACTIVE", "h:2", ref)), List.of());
    StringWriter identical = new StringWriter();
    same.printText(new PrintWriter(identical));
    assertTrue(identical.toString().endsWith("identical: node1, node2 (2 tables and views)\n"), identical.toString());
    assertTrue(same.json().contains("\"identical\": true,") && same.json().contains("\"differences\": []\n}"), same.json());
  }

  @Test
  void offlineNodesAreNamedAsLeftOutInTextAndJson() {
    SchemaSnapshot ref = snapshot(users());
    SchemaDiffReport report = new SchemaDiffReport("app", "node user 'app'", List.of(
        new SchemaDiffReport.NodeSchema("node1", 1, "ACTIVE", "h:1", ref),
        new SchemaDiffReport.NodeSchema("node2", 2, "DRAINING", "h:2", ref)),
        List.of(new SchemaDiffReport.LeftOut("node3", 3, "OFFLINE"), new SchemaDiffReport.LeftOut("node4", 4, "OFFLINE")),
        List.of());
    StringWriter text = new StringWriter();
    report.printText(new PrintWriter(text));
    assertEquals("""
        database app on 2 nodes, compared with node1 (h:1) as node user 'app'
        left out: node3 (OFFLINE, holds no data)
        left out: node4 (OFFLINE, holds no data)
        identical: node1, node2 (1 table or view)
        """, text.toString());
    assertTrue(report.json().contains("\n  \"left_out\": [{\"name\": \"node3\", \"id\": 3, \"state\": \"OFFLINE\"},"
        + " {\"name\": \"node4\", \"id\": 4, \"state\": \"OFFLINE\"}],\n"), report.json());
  }

  @Test
  void autoIncrementKeysOfShardedTablesAreWarnedAboutInTextAndJson() {
    TableDef counted = table("comments", List.of(new ColumnDef("id", 1, "bigint(20)", false, null, "auto_increment"),
        col("user_id", 2, "bigint(20)")), index("PRIMARY", true, "id"));
    TableDef unsharded = table("countries", List.of(new ColumnDef("id", 1, "int(11)", false, null, "auto_increment")), index("PRIMARY", true, "id"));
    SchemaSnapshot both = snapshot(counted, unsharded, posts());
    List<SchemaDiffReport.NodeSchema> nodes = List.of(
        new SchemaDiffReport.NodeSchema("node1", 1, "ACTIVE", "h:1", both),
        new SchemaDiffReport.NodeSchema("node2", 2, "ACTIVE", "h:2", both));
    List<String> warnings = AutoIncrementCheck.warnings(nodes, "user_id");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("sharded table comments (it has user_id) has AUTO_INCREMENT column comments.id on node1, node2:"),
        warnings.get(0));
    assertTrue(warnings.get(0).contains("ShardlineConnection.nextId"), warnings.get(0));
    assertEquals(List.of(), AutoIncrementCheck.warnings(nodes, ""), "an empty shard column skips the check");

    SchemaDiffReport report = new SchemaDiffReport("app", "node user 'app'", nodes, List.of(), List.of(), warnings);
    StringWriter text = new StringWriter();
    report.printText(new PrintWriter(text));
    assertTrue(text.toString().contains("\nwarning: sharded table comments (it has user_id) has AUTO_INCREMENT column comments.id"), text.toString());
    assertTrue(text.toString().endsWith("identical: node1, node2 (3 tables and views)\n"), "a warning is not a difference: " + text);
    assertTrue(report.json().contains("\"warnings\": [\n    \"sharded table comments"), report.json());
  }

  @Test
  void jsonStringsAreEscaped() {
    assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", SchemaDiffReport.quote("a\"b\\c\nd\u0001"));
  }

  @Test
  void copiedDefinitionsLoseTheirCounterAndDefiner() {
    assertEquals("CREATE TABLE `t` (\n  `id` int(11) NOT NULL AUTO_INCREMENT COMMENT ' AUTO_INCREMENT=5',\n  PRIMARY KEY (`id`)\n)"
            + " ENGINE=InnoDB DEFAULT CHARSET=latin1",
        SchemaCopy.withoutAutoIncrement("CREATE TABLE `t` (\n  `id` int(11) NOT NULL AUTO_INCREMENT COMMENT ' AUTO_INCREMENT=5',\n"
            + "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=latin1"));
    assertEquals("CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v` AS select 1 AS `DEFINER=x@y`",
        SchemaCopy.withoutDefiner("CREATE ALGORITHM=UNDEFINED DEFINER=`sandbox_admin`@`%` SQL SECURITY DEFINER VIEW `v` AS"
            + " select 1 AS `DEFINER=x@y`"));
  }
}
