package dev.shardline.directory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's copy of the node list and of the pinned global node, refreshed when the change log
 * names a node or a setting, when this client changes one, and when a look-up asks for a node it
 * does not know yet.
 *
 * <p>A refresh reads the global node setting first and the node list second, in two statements.
 * That order makes the pair consistent enough without a transaction: a node is pinned only once it
 * exists and nodes are never deleted, so the list read second always contains the pinned node.
 *
 * <p>Thread safety: readers take the current {@link NodeTable} from a volatile field without
 * locking. Refreshes are serialised ({@code synchronized}), so they install snapshots in the order
 * they were read and an older read can never replace a newer one.
 */
final class NodeDirectory {
  private static final Logger log = LoggerFactory.getLogger(NodeDirectory.class);

  private final Sources sources;
  private final String instance;
  private volatile NodeTable table = NodeTable.EMPTY;

  NodeDirectory(Sources sources, String instance) {
    this.sources = sources;
    this.instance = instance;
  }

  NodeTable table() {
    return table;
  }

  /** Installs the node list read on {@code c} (a poll's connection, or open's). */
  synchronized NodeTable refresh(Connection c) throws SQLException {
    return install(read(c));
  }

  /** Reads the node list from the primary, else a replica, and installs it. */
  synchronized NodeTable refresh() throws DirectoryException {
    return install(sources.read("reading the node list", NodeDirectory::read).value());
  }

  List<NodeInfo> nodes() {
    return table.nodes();
  }

  private static NodeTable read(Connection c) throws SQLException {
    Integer pinned = DirectoryStore.pinnedGlobalNodeId(c, "");
    return new NodeTable(DirectoryStore.loadNodes(c), pinned);
  }

  private NodeTable install(NodeTable fresh) {
    if (!fresh.globalNodePinned()) {
      log.warn("directory[{}]: the directory pins no listed node as the global node (cluster_settings.global_node);"
          + " using node {} meanwhile. Pin the node that holds the global tables with `shardline node set-global NAME`",
          instance, fresh.globalNode().map(NodeInfo::name).orElse("?"));
    }
    table = fresh;
    return fresh;
  }
}
