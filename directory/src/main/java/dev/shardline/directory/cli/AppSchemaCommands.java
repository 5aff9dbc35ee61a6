package dev.shardline.directory.cli;

import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.NodeInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code shardline schema diff|copy}: one logical schema on every node. The command lines only; the
 * work is {@link SchemaSnapshot}'s, {@link SchemaDiff}'s and {@link SchemaCopy}'s. (Not to be
 * confused with {@link SchemaCommands}, the directory's own schema.)
 */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = "Compare the application database's schema across the nodes, and copy missing tables to a node.",
    subcommands = {AppSchemaCommands.Diff.class, AppSchemaCommands.Copy.class})
final class AppSchemaCommands {
  private AppSchemaCommands() {}

  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = {
        "Compare the tables, columns and indexes of a database on the active master of every node that holds data"
            + " (ACTIVE or DRAINING) with the one of lowest id; OFFLINE nodes are left out, and named.",
        "Exit 0: identical; 5: differences found; 3: a node or the directory unreachable."
      })
  static final class Diff implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;
    @Mixin NodeLoginOptions nodes;

    @Option(names = "--json", description = "Print one JSON document instead of lines.")
    boolean json;

    @Option(names = "--shard-column", paramLabel = "COLUMN", defaultValue = "user_id",
        description = "The shard column, as the driver's shardline.shardColumn (default: ${DEFAULT-VALUE}): tables that have it are"
            + " sharded, and an AUTO_INCREMENT column on one is warned about (its ids repeat on every node). Empty to skip the check.")
    String shardColumn;

    @Override
    public Integer call() throws DirectoryException, NodeSchemaException {
      String database = nodes.database();
      NodeMasters masters = new NodeMasters(nodes.login(connection));
      List<NodeInfo> serving;
      List<SchemaDiffReport.LeftOut> leftOut;
      try (Directory directory = NodeCommands.open(connection)) {
        serving = directory.dataNodes();
        leftOut = directory.nodes().stream()
            .filter(n -> !n.state().holdsData())
            .map(n -> new SchemaDiffReport.LeftOut(n.name(), n.id(), n.state().name()))
            .toList();
      }
      if (serving.isEmpty()) {
        throw new NodeSchemaException("the directory has no node that holds data (ACTIVE or DRAINING)"
            + (leftOut.isEmpty() ? "" : "; left out: " + String.join(", ", leftOut.stream().map(n -> n.name() + " " + n.state()).toList()))
            + ", so there is no schema to compare; register one with `shardline node add NAME --write host:port`",
            ShardlineCommand.FAILED);
      }
      SchemaDiffReport report = compare(masters, serving, leftOut, database, shardColumn);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.print(report.json());
        out.flush();
      } else {
        report.printText(out);
      }
      return report.differences().isEmpty() ? ShardlineCommand.OK : ShardlineCommand.DIFFERENCES;
    }

    /** Reads every node before comparing, so one run names every node that cannot be read. */
    private static SchemaDiffReport compare(
        NodeMasters masters, List<NodeInfo> serving, List<SchemaDiffReport.LeftOut> leftOut, String database, String shardColumn)
        throws NodeSchemaException {
      List<SchemaDiffReport.NodeSchema> read = new ArrayList<>();
      List<NodeSchemaException> failures = new ArrayList<>();
      for (NodeInfo node : serving) {
        try {
          read.add(new SchemaDiffReport.NodeSchema(node.name(), node.id(), node.state().name(),
              NodeMasters.master(node), masters.snapshot(node, database)));
        } catch (NodeSchemaException e) {
          failures.add(e);
        }
      }
      if (!failures.isEmpty()) {
        boolean unreachable = failures.stream().anyMatch(e -> e.exitCode() == ShardlineCommand.UNAVAILABLE);
        throw new NodeSchemaException(
            String.join("; ", failures.stream().map(Throwable::getMessage).toList()) + ". Nothing was compared",
            unreachable ? ShardlineCommand.UNAVAILABLE : ShardlineCommand.FAILED, failures.get(0));
      }
      SchemaDiffReport.NodeSchema reference = read.get(0);
      List<SchemaDiff.Difference> differences = new ArrayList<>();
      for (SchemaDiffReport.NodeSchema node : read.subList(1, read.size())) {
        differences.addAll(SchemaDiff.compare(reference.name(), reference.snapshot(), node.name(), node.snapshot()));
      }
      return new SchemaDiffReport(database, masters.who(), read, leftOut, differences, AutoIncrementCheck.warnings(read, shardColumn));
    }
  }

  @Command(
      name = "copy",
      mixinStandardHelpOptions = true,
      description = {
        "Create on one node's active master every table and view of a database that another node has and it lacks,"
            + " empty (no rows are copied; rows move with `shardline move`). The source must hold data (ACTIVE or"
            + " DRAINING); the target may be in any state.",
        "Refuses (exit 1) if the target already has a table that differs; existing tables are never altered."
      })
  static final class Copy implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;
    @Mixin NodeLoginOptions nodes;

    @Option(names = "--from", required = true, paramLabel = "NODE", description = "The node whose tables to copy.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "NODE", description = "The node that lacks them.")
    String to;

    @Override
    public Integer call() throws DirectoryException, NodeSchemaException {
      String database = nodes.database();
      if (from.equals(to)) {
        throw new IllegalArgumentException("--from and --to both name node " + from + "; give two different nodes");
      }
      NodeMasters masters = new NodeMasters(nodes.login(connection));
      NodeInfo source;
      NodeInfo target;
      try (Directory directory = NodeCommands.open(connection)) {
        source = directory.node(from);
        target = directory.node(to);
        requireHoldsData(source, directory.dataNodes());
      }
      new SchemaCopy(masters, spec.commandLine().getOut()).run(source, target, database);
      return ShardlineCommand.OK;
    }

    /**
     * Schema changes made through the driver reach only the nodes that hold data, so an OFFLINE
     * node's schema may be behind: copying from it could create outdated tables. The target may be
     * in any state (a node is typically prepared before it takes keys).
     */
    private static void requireHoldsData(NodeInfo source, List<NodeInfo> dataNodes) throws NodeSchemaException {
      if (!source.state().holdsData()) {
        throw new NodeSchemaException("node " + source.name() + " is " + source.state() + ": it holds no data and schema"
            + " changes made through the driver skip it, so its tables may be out of date; copy from a node that holds data"
            + " (ACTIVE or DRAINING): " + (dataNodes.isEmpty() ? "there is none" : String.join(", ",
                dataNodes.stream().map(NodeInfo::name).toList())), ShardlineCommand.FAILED);
      }
    }
  }
}
