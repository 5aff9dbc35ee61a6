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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code shardline node add|update|list|drain|set-state|set-global}. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "List and change the directory's nodes.",
    subcommands = {
      NodeCommands.Add.class,
      NodeCommands.Update.class,
      NodeCommands.ListNodes.class,
      NodeCommands.Drain.class,
      NodeCommands.SetState.class,
      NodeCommands.SetGlobal.class
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

  /** {@code node node1 is the global node (it holds the global tables)}, when it is. */
  static void printIfGlobal(PrintWriter out, Directory directory, NodeInfo node) {
    if (directory.globalNode().map(g -> g.id() == node.id()).orElse(false)) {
      out.println("node " + node.name() + " is the global node (it holds the global tables)");
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Register a new ACTIVE node. The first node registered becomes the global node.")
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
        PrintWriter out = spec.commandLine().getOut();
        NodeInfo node = directory.registerNode(name, endpoints(write), endpoints(read), weight);
        print(out, node);
        printIfGlobal(out, directory, node);
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

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the nodes with their state, whether each is the global node, weight, key count and endpoints.")
  static final class ListNodes implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--json", description = "Print one JSON document instead of a table.")
    boolean json;

    @Override
    public Integer call() throws DirectoryException {
      try (Directory directory = open(connection)) {
        Map<String, Long> counts = directory.keyCountsByNode();
        List<NodeInfo> nodes = directory.nodes();
        Integer global = directory.globalNode().map(NodeInfo::id).orElse(null);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          out.print(json(nodes, counts, directory.globalNode().map(NodeInfo::name).orElse(null)));
          out.flush();
          return ShardlineCommand.OK;
        }
        Table table = new Table("ID", "NAME", "STATE", "GLOBAL", "WEIGHT", "KEYS", "WRITE", "READ");
        for (NodeInfo n : nodes) {
          table.row(
              String.valueOf(n.id()), n.name(), n.state().name(), global != null && global == n.id() ? "yes" : "no",
              String.valueOf(n.weight()), String.valueOf(counts.getOrDefault(n.name(), 0L)),
              String.join(",", n.writeEndpoints()), n.readEndpoints().isEmpty() ? "-" : String.join(",", n.readEndpoints()));
        }
        if (nodes.isEmpty()) {
          out.println("no nodes; add one with `shardline node add NAME --write host:port`");
        } else {
          table.print(out);
        }
      }
      return ShardlineCommand.OK;
    }

    /** {@code {"global_node": "node1", "nodes": [{...}, ...]}}, one node per line. */
    static String json(List<NodeInfo> nodes, Map<String, Long> counts, String globalNode) {
      StringBuilder b = new StringBuilder("{\n  \"global_node\": ")
          .append(globalNode == null ? "null" : SchemaDiffReport.quote(globalNode))
          .append(",\n  \"nodes\": [");
      for (int i = 0; i < nodes.size(); i++) {
        NodeInfo n = nodes.get(i);
        b.append(i == 0 ? "\n    " : ",\n    ")
            .append("{\"id\": ").append(n.id())
            .append(", \"name\": ").append(SchemaDiffReport.quote(n.name()))
            .append(", \"state\": ").append(SchemaDiffReport.quote(n.state().name()))
            .append(", \"global\": ").append(n.name().equals(globalNode))
            .append(", \"weight\": ").append(n.weight())
            .append(", \"keys\": ").append(counts.getOrDefault(n.name(), 0L))
            .append(", \"write\": ").append(list(n.writeEndpoints()))
            .append(", \"read\": ").append(list(n.readEndpoints()))
            .append('}');
      }
      return b.append(nodes.isEmpty() ? "]" : "\n  ]").append("\n}\n").toString();
    }

    private static String list(List<String> values) {
      return values.stream().map(SchemaDiffReport::quote).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
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

  @Command(name = "set-state", mixinStandardHelpOptions = true,
      description = {"Set a node's state: ${COMPLETION-CANDIDATES}.",
          "The global node cannot be set OFFLINE; pin another with `node set-global` first."})
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

  @Command(name = "set-global", mixinStandardHelpOptions = true,
      description = {
        "Pin NAME as the global node: the node that holds the global tables and serves statements that touch no"
            + " sharded table. Every driver follows within its poll interval.",
        "Copy the global tables' rows to NAME first: this command changes only the directory, it copies no data.",
        "NAME must hold data (ACTIVE or DRAINING)."
      })
  static final class SetGlobal implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws DirectoryException {
      try (Directory directory = open(connection)) {
        String before = directory.globalNode().map(NodeInfo::name).orElse(null);
        NodeInfo node = directory.setGlobalNode(name);
        PrintWriter out = spec.commandLine().getOut();
        if (node.name().equals(before)) {
          out.println("node " + node.name() + " is already the global node; nothing to do");
        } else {
          out.println("node " + node.name() + " (id " + node.id() + ") is now the global node"
              + (before == null ? "" : " (was " + before + ")") + "; drivers follow within their poll interval");
        }
      }
      return ShardlineCommand.OK;
    }
  }
}
