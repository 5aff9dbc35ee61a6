package dev.shardline.directory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The client's copy of the node list, refreshed when the change log names a node, when this client
 * changes one, and when a look-up asks for a node it does not know yet.
 *
 * <p>Thread safety: readers take the current {@link NodeTable} from a volatile field without
 * locking. Refreshes are serialised ({@code synchronized}), so they install snapshots in the order
 * they were read and an older read can never replace a newer one.
 */
final class NodeDirectory {
  private final Sources sources;
  private volatile NodeTable table = NodeTable.EMPTY;

  NodeDirectory(Sources sources) {
    this.sources = sources;
  }

  NodeTable table() {
    return table;
  }

  /** Installs the node list read on {@code c} (a poll's connection, or open's). */
  synchronized NodeTable refresh(Connection c) throws SQLException {
    NodeTable fresh = new NodeTable(DirectoryStore.loadNodes(c));
    table = fresh;
    return fresh;
  }

  /** Reads the node list from the primary, else a replica, and installs it. */
  synchronized NodeTable refresh() throws DirectoryException {
    NodeTable fresh = new NodeTable(sources.read("reading the node list", DirectoryStore::loadNodes).value());
    table = fresh;
    return fresh;
  }

  List<NodeInfo> nodes() {
    return table.nodes();
  }
}
