package dev.shardline.driver;

import dev.shardline.directory.NodeInfo;
import dev.shardline.driver.analysis.InsertRows.SplitInsert;
import java.util.List;

/**
 * Where one execution of a statement goes: one target, one target per node for a multi-row
 * INSERT whose rows live on several nodes, or every node for DDL and broadcast writes.
 */
record RoutePlan(List<Target> targets, String reason) {

  /** One physical execution: a node, a side of it, and the rows of a split INSERT (or null). */
  record Target(NodeInfo node, EndpointRole role, SplitInsert split, List<String> keys) {}

  static RoutePlan single(NodeInfo node, EndpointRole role, List<String> keys, String reason) {
    return new RoutePlan(List.of(new Target(node, role, null, keys)), reason);
  }

  boolean isSingle() {
    return targets.size() == 1;
  }

  Target first() {
    return targets.get(0);
  }
}
