package dev.shardline.directory.cli;

import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryConfig;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.NodeState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardline node add|update|list|drain|set-state}. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "List and change the directory's nodes.",
    subcommands = {
      NodeCommands.Add.class,
      NodeCommands.Update.class,
      NodeCommands.ListNodes.class,
      NodeCommands.Drain.class,
      NodeCommands.SetState.class
    })
final class NodeCommands {
  private NodeCommands() {}

  /** A short-lived client for one command; its poller stops when the command ends. */
  static Directory open(ConnectionOptions connection) throws DirectoryException {
    return Directory.open(
        DirectoryConfig.builder().primary(connection.dataSource()).instanceName("shardline-cli").build());
  }

  /** Splits {@code a:1,b:2} as given on the command line; blanks around commas are dropped. */
  static List<String> endpoints(List<String> raw) {
    List<String> out = new ArrayList<>();
    if (raw != null) {
      for (String part : raw) {
        for (String endpoint : part.split(",")) {
          if (!endpoint.isBlank()) {
            out.add(endpoint.trim());
          }
        }
      }
    }
    return out;
  }

  static void print(PrintWriter out, NodeInfo node) {
    out.println("node " + node.name() + " (id " + node.id() + "): " + node.state() + ", weight " + node.weight()
        + ", write " + String.join(",", node.writeEndpoints())
        + ", read " + (node.readEndpoints().isEmpty() ? "-" : String.join(",", node.readEndpoints())));
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Register a new ACTIVE node.")
  static final class Add implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "Node name: letters, digits, '.', '_', '-'.")
    String name;

    @Option(names = "--write", required = true, split = ",", paramLabel = "HOST:PORT",
        description = "Write endpoints (masters or write VIP) in failover order, comma-separated.")
    List<String> write;

    @Option(names = "--read", split = ",", paramLabel = "HOST:PORT",
        description = "Read endpoints (replicas or read VIP), comma-separated; none if the node has no replica.")
    List<String> read;

    @Option(names = "--weight", defaultValue = "1", description = "Share of new keys relative to other nodes (default: ${DEFAULT-VALUE}).")
    int weight;

    @Override
    public Integer call() throws DirectoryException {
      try (Directory directory = open(connection)) {
        print(spec.commandLine().getOut(), directory.registerNode(name, endpoints(write), endpoints(read), weight));
      }
      return ShardlineCommand.OK;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true, description = "Replace a node's endpoints and weight.")
  static final class Update implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--write", required = true, split = ",", paramLabel = "HOST:PORT", description = "Write endpoints, comma-separated.")
    List<String> write;

    @Option(names = "--read", split = ",", paramLabel = "HOST:PORT", description = "Read endpoints, comma-separated.")
    List<String> read;

    @Option(names = "--weight", defaultValue = "1", description = "Weight (default: ${DEFAULT-VALUE}).")
    int weight;

    @Override
    public Integer call() throws DirectoryException {
      try (Directory directory = open(connection)) {
        print(spec.commandLine().getOut(), directory.updateNode(name, endpoints(write), endpoints(read), weight));
      }
      return ShardlineCommand.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the nodes with their state, weight and key count.")
  static final class ListNodes implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() throws DirectoryException {
      try (Directory directory = open(connection)) {
        Map<String, Long> counts = directory.keyCountsByNode();
        List<NodeInfo> nodes = directory.nodes();
        Table table = new Table("ID", "NAME", "STATE", "WEIGHT", "KEYS", "WRITE", "READ");
        for (NodeInfo n : nodes) {
          table.row(
              String.valueOf(n.id()), n.name(), n.state().name(), String.valueOf(n.weight()),
              String.valueOf(counts.getOrDefault(n.name(), 0L)), String.join(",", n.writeEndpoints()),
              n.readEndpoints().isEmpty() ? "-" : String.join(",", n.readEndpoints()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (nodes.isEmpty()) {
          out.println("no nodes; add one with `shardline node add NAME --write host:port`");
        } else {
          table.print(out);
        }
      }
      return ShardlineCommand.OK;
    }
  }

  @Command(name = "drain", mixinStandardHelpOptions = true, description = "Stop placing new keys on a node (state DRAINING).")
  static final class Drain implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws DirectoryException {
      try (Directory directory = open(connection)) {
        print(spec.commandLine().getOut(), directory.setNodeState(name, NodeState.DRAINING));
      }
      return ShardlineCommand.OK;
    }
  }

  @Command(name = "set-state", mixinStandardHelpOptions = true, description = "Set a node's state: ${COMPLETION-CANDIDATES}.")
  static final class SetState implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "STATE", description = "ACTIVE, DRAINING or OFFLINE.")
    NodeState state;

    @Override
    public Integer call() throws DirectoryException {
      try (Directory directory = open(connection)) {
        print(spec.commandLine().getOut(), directory.setNodeState(name, state));
      }
      return ShardlineCommand.OK;
    }
  }
}
