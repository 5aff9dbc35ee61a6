package dev.shardline.directory.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code shardline schema diff} prints: plain lines for people, or with {@code --json} one
 * document for scripts. The first node is the reference every other node was compared with;
 * {@code leftOut} are the nodes that hold no data ({@code OFFLINE}), named so that nobody takes
 * their absence for a comparison.
 *
 * <p>Immutable; pure rendering, no server involved.
 */
record SchemaDiffReport(
    String database, String login, List<NodeSchema> nodes, List<LeftOut> leftOut, List<SchemaDiff.Difference> differences,
    List<String> warnings) {
  /** One compared node: its directory entry's name, id and state, the master that was read, what it holds. */
  record NodeSchema(String name, int id, String state, String master, SchemaSnapshot snapshot) {}

  /** A node that was not compared because it holds no data. */
  record LeftOut(String name, int id, String state) {}

  SchemaDiffReport {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least the reference node");
    }
    nodes = List.copyOf(nodes);
    leftOut = List.copyOf(leftOut);
    differences = List.copyOf(differences);
    warnings = List.copyOf(warnings);
  }

  /** A report with no warning. */
  SchemaDiffReport(String database, String login, List<NodeSchema> nodes, List<LeftOut> leftOut, List<SchemaDiff.Difference> differences) {
    this(database, login, nodes, leftOut, differences, List.of());
  }

  /** A report with no node left out and no warning. */
  SchemaDiffReport(String database, String login, List<NodeSchema> nodes, List<SchemaDiff.Difference> differences) {
    this(database, login, nodes, List.of(), differences);
  }

  NodeSchema reference() {
    return nodes.get(0);
  }

  long differencesOf(String node) {
    return differences.stream().filter(d -> d.node().equals(node)).count();
  }

  void printText(PrintWriter out) {
    NodeSchema ref = reference();
    out.println("database " + database + " on " + nodes.size() + (nodes.size() == 1 ? " node" : " nodes")
        + ", compared with " + ref.name() + " (" + ref.master() + ") as " + login);
    leftOut.forEach(n -> out.println("left out: " + n.name() + " (" + n.state() + ", holds no data)"));
    differences.forEach(d -> out.println(d.line()));
    warnings.forEach(w -> out.println("warning: " + w));
    List<String> names = nodes.stream().map(NodeSchema::name).toList();
    if (differences.isEmpty()) {
      out.println("identical: " + String.join(", ", names) + " ("
          + (ref.snapshot().exists() ? count(ref.snapshot().tables().size(), "table or view", "tables and views")
              : "database " + database + " exists on none of them")
          + (nodes.size() == 1 ? "; no other node to compare with" : "") + ")");
    } else {
      List<String> perNode = new ArrayList<>();
      for (NodeSchema n : nodes.subList(1, nodes.size())) {
        long count = differencesOf(n.name());
        perNode.add(n.name() + (count == 0 ? " is identical" : " has " + count));
      }
      out.println(count(differences.size(), "difference", "differences") + " from " + ref.name() + ": "
          + String.join(", ", perNode));
    }
    out.flush();
  }

  /** The {@code --json} document, two-space indented, one node or difference per line. */
  String json() {
    StringBuilder b = new StringBuilder();
    b.append("{\n  \"database\": ").append(quote(database))
        .append(",\n  \"reference\": ").append(quote(reference().name()))
        .append(",\n  \"identical\": ").append(differences.isEmpty())
        .append(",\n  \"nodes\": [");
    for (int i = 0; i < nodes.size(); i++) {
      NodeSchema n = nodes.get(i);
      b.append(i == 0 ? "\n    " : ",\n    ")
          .append("{\"name\": ").append(quote(n.name()))
          .append(", \"id\": ").append(n.id())
          .append(", \"state\": ").append(quote(n.state()))
          .append(", \"master\": ").append(quote(n.master()))
          .append(", \"database_exists\": ").append(n.snapshot().exists())
          .append(", \"tables\": ").append(n.snapshot().tables().size())
          .append(", \"differences\": ").append(differencesOf(n.name()))
          .append('}');
    }
    b.append("\n  ],\n  \"left_out\": [");
    for (int i = 0; i < leftOut.size(); i++) {
      LeftOut n = leftOut.get(i);
      b.append(i == 0 ? "" : ", ")
          .append("{\"name\": ").append(quote(n.name()))
          .append(", \"id\": ").append(n.id())
          .append(", \"state\": ").append(quote(n.state()))
          .append('}');
    }
    b.append("],\n  \"warnings\": [");
    for (int i = 0; i < warnings.size(); i++) {
      b.append(i == 0 ? "\n    " : ",\n    ").append(quote(warnings.get(i)));
    }
    b.append(warnings.isEmpty() ? "" : "\n  ").append("],\n  \"differences\": [");
    for (int i = 0; i < differences.size(); i++) {
      SchemaDiff.Difference d = differences.get(i);
      b.append(i == 0 ? "\n    " : ",\n    ")
          .append("{\"node\": ").append(quote(d.node()))
          .append(", \"table\": ").append(d.table() == null ? "null" : quote(d.table()))
          .append(", \"kind\": ").append(quote(d.kind().code()))
          .append(", \"detail\": ").append(quote(d.detail()))
          .append('}');
    }
    b.append(differences.isEmpty() ? "]" : "\n  ]").append("\n}\n");
    return b.toString();
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  /** A JSON string: quotes, backslashes and control characters escaped. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
