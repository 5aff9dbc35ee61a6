package dev.shardline.driver.routing;

import dev.shardline.directory.Access;
import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.Placement;
import dev.shardline.directory.ShardKey;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What the router asks the directory: the seam between routing and the directory client, so the
 * routing rules can be tested against an in-memory directory.
 *
 * <p>Implementations are thread safe.
 */
public interface Placements {
  /** Where {@code key} lives, or empty when the directory does not know it (see {@code Directory.find}). */
  Optional<Placement> find(ShardKey key, Access access) throws SQLException;

  /** Where {@code key} lives, assigning it a node atomically when it is new. */
  Placement findOrAssign(ShardKey key) throws SQLException;

  /** The key's placement read on the directory primary now, bypassing the cache (a writer waiting out a move). */
  Optional<Placement> lookUpOnPrimary(ShardKey key) throws SQLException;

  NodeInfo node(int id) throws SQLException;

  /** The nodes that hold data (ACTIVE and DRAINING), in id order: where DDL and broadcast writes go. */
  List<NodeInfo> dataNodes() throws SQLException;

  /** The node pinned in the directory to hold global tables and serve statements on no sharded table. */
  NodeInfo globalNode() throws SQLException;
}
