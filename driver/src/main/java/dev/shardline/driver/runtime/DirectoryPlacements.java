package dev.shardline.driver.runtime;

import dev.shardline.directory.Access;
import dev.shardline.directory.Directory;
import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.Placement;
import dev.shardline.directory.ShardKey;
import dev.shardline.driver.routing.Placements;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.Optional;

/**
 * The router's view of the directory, answered by the caching directory client. The global node
 * is the one the directory pins; {@code shardline.globalNode}, when set, only checks it.
 *
 * <p>Thread safety: thread safe, as the directory client is.
 */
final class DirectoryPlacements implements Placements {
  private final Directory directory;

  DirectoryPlacements(Directory directory) {
    this.directory = directory;
  }

  @Override
  public Optional<Placement> find(ShardKey key, Access access) throws SQLException {
    return directory.find(key, access);
  }

  @Override
  public Placement findOrAssign(ShardKey key) throws SQLException {
    return directory.findOrAssign(key);
  }

  @Override
  public Optional<Placement> lookUpOnPrimary(ShardKey key) throws SQLException {
    return directory.lookUpOnPrimary(key);
  }

  @Override
  public NodeInfo node(int id) throws SQLException {
    return directory.node(id);
  }

  @Override
  public List<NodeInfo> dataNodes() {
    return directory.dataNodes();
  }

  @Override
  public NodeInfo globalNode() throws SQLException {
    return directory.globalNode().orElseThrow(() -> new SQLNonTransientConnectionException(
        "the directory has no global node: it lists no node; register one with `shardline node add`", "08001"));
  }
}
