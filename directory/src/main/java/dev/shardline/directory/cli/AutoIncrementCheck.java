package dev.shardline.directory.cli;

import dev.shardline.directory.cli.SchemaSnapshot.ColumnDef;
import dev.shardline.directory.cli.SchemaSnapshot.TableDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warns about {@code AUTO_INCREMENT} columns of sharded tables. Every node counts from its own
 * counter, so the nodes hand out the same ids (one client's table had all 1,511 of node1's ids on
 * node2 too): ids that are not unique across the cluster collide when a key's rows move. A table
 * counts as sharded when it has the shard column, the driver's default discovery
 * ({@code shardline.shardColumn}).
 *
 * <p>Pure and stateless.
 */
final class AutoIncrementCheck {
  private AutoIncrementCheck() {}

  /** One line per sharded table with an AUTO_INCREMENT column, naming the nodes where it is. */
  static List<String> warnings(List<SchemaDiffReport.NodeSchema> nodes, String shardColumn) {
    if (shardColumn == null || shardColumn.isBlank()) {
      return List.of();
    }
    String column = shardColumn.toLowerCase(Locale.ROOT);
    Map<String, List<String>> nodesByColumn = new LinkedHashMap<>();
    for (SchemaDiffReport.NodeSchema node : nodes) {
      for (TableDef table : node.snapshot().tables().values()) {
        if (table.isView() || table.columns().stream().noneMatch(c -> c.name().toLowerCase(Locale.ROOT).equals(column))) {
          continue;
        }
        for (ColumnDef c : table.columns()) {
          if (c.extra().toLowerCase(Locale.ROOT).contains("auto_increment")) {
            nodesByColumn.computeIfAbsent(table.name() + "." + c.name(), k -> new ArrayList<>()).add(node.name());
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    nodesByColumn.forEach((tableColumn, on) -> out.add("sharded table " + tableColumn.substring(0, tableColumn.indexOf('.'))
        + " (it has " + column + ") has AUTO_INCREMENT column " + tableColumn + " on " + String.join(", ", on)
        + ": every node counts from its own counter, so nodes hand out the same ids and a key's rows collide when they move;"
        + " use cluster-wide ids (ShardlineConnection.nextId, @ShardlineId in Hibernate; see docs/hibernate.md)"));
    return List.copyOf(out);
  }
}
