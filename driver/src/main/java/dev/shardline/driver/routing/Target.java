package dev.shardline.driver.routing;

import dev.shardline.directory.NodeInfo;
import dev.shardline.driver.analysis.NodeSql;
import dev.shardline.driver.cluster.EndpointRole;
import java.util.List;

/**
 * One physical execution of a statement: a node, the side of it, and the SQL it runs there when
 * that differs from the plan's (a split INSERT's rows, a scatter query's per-node form, an IN list
 * pruned to the node's keys).
 *
 * @param nodeSql the node's own SQL and parameter mapping, or null to run the plan's SQL as it is
 * @param keys the shard keys (canonical text) that led here, for explain and messages
 */
public record Target(NodeInfo node, EndpointRole role, NodeSql nodeSql, List<String> keys) {
  public Target {
    keys = List.copyOf(keys);
  }

  public static Target of(NodeInfo node, EndpointRole role) {
    return new Target(node, role, null, List.of());
  }
}
