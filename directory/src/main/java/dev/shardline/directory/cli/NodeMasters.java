package dev.shardline.directory.cli;

import dev.shardline.directory.NodeInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How {@code shardline schema diff|copy} reach a node's active master (its first write endpoint)
 * as the node user, and how they word a failure: a master that no server answers for is
 * unreachable ({@link ShardlineCommand#UNAVAILABLE}); one that answers with an error refused
 * ({@link ShardlineCommand#FAILED}).
 *
 * <p>Immutable; the connections it returns are the caller's.
 */
final class NodeMasters {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

  private final MasterLogin login;

  NodeMasters(MasterLogin login) {
    this.login = login;
  }

  /** {@code node user 'app'}, for output; never the password. */
  String who() {
    return "node user '" + login.user() + "'";
  }

  static String master(NodeInfo node) {
    return node.writeEndpoints().get(0);
  }

  Connection connect(NodeInfo node) throws NodeSchemaException {
    try {
      return login.connect(master(node), CONNECT_TIMEOUT, SOCKET_TIMEOUT);
    } catch (SQLException e) {
      if (Promotion.noServerAnswered(e)) {
        throw new NodeSchemaException(
            "node " + node.name() + ": its active master " + master(node) + " cannot be reached as " + who() + " ("
                + Promotion.firstLine(e) + "). Check that it runs; if it is down for good, promote another master"
                + " with `shardline promote " + node.name() + "`, or leave the node out with `shardline node set-state "
                + node.name() + " OFFLINE`", ShardlineCommand.UNAVAILABLE, e);
      }
      throw new NodeSchemaException(
          "node " + node.name() + ": its active master " + master(node) + " refused " + who() + " ("
              + Promotion.firstLine(e) + "); check --node-user, --node-password and the account's grants",
          ShardlineCommand.FAILED, e);
    }
  }

  /** Reads {@code database} on the node's active master. */
  SchemaSnapshot snapshot(NodeInfo node, String database) throws NodeSchemaException {
    try (Connection c = connect(node)) {
      return SchemaSnapshot.read(c, database);
    } catch (SQLException e) {
      throw failed(node, "reading the schema of database " + database, e);
    }
  }

  /** A statement on a node's master failed: lost connection is unreachable, anything else refused. */
  NodeSchemaException failed(NodeInfo node, String doing, SQLException e) {
    String state = e.getSQLState();
    boolean lost = state != null && state.startsWith("08");
    return new NodeSchemaException(
        "node " + node.name() + ": " + doing + " on its active master " + master(node) + " as " + who() + " failed ("
            + Promotion.firstLine(e) + ")", lost ? ShardlineCommand.UNAVAILABLE : ShardlineCommand.FAILED, e);
  }
}
