package dev.shardline.driver.routing;

import dev.shardline.directory.NodeInfo;
import dev.shardline.driver.analysis.InsertRows.SplitInsert;
import dev.shardline.driver.cluster.EndpointRole;
import java.util.List;

/**
 * One physical execution of a statement: a node, the side of it, and for a split INSERT the rows
 * that go there.
 *
 * @param split the node's part of a split INSERT, or null to run the plan's SQL as it is
 * @param keys the shard keys (canonical text) that led here, for explain and messages
 */
public record Target(NodeInfo node, EndpointRole role, SplitInsert split, List<String> keys) {
  public Target {
    keys = List.copyOf(keys);
  }

  public static Target of(NodeInfo node, EndpointRole role) {
    return new Target(node, role, null, List.of());
  }
}
