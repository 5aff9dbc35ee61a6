package dev.shardline.driver;

import dev.shardline.directory.NodeInfo;
import dev.shardline.driver.analysis.InsertRows.SplitInsert;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where one execution of a statement goes: one target, one target per node for a multi-row
 * INSERT whose rows live on several nodes, or every node for DDL and broadcast writes. The reason
 * is built only when asked for (explain), not on the hot path of every execution.
 */
record RoutePlan(List<Target> targets, Supplier<String> why) {

  String reason() {
    return why.get();
  }

  /** One physical execution: a node, a side of it, and the rows of a split INSERT (or null). */
  record Target(NodeInfo node, EndpointRole role, SplitInsert split, List<String> keys) {}

  static RoutePlan single(NodeInfo node, EndpointRole role, List<String> keys, Supplier<String> why) {
    return new RoutePlan(List.of(new Target(node, role, null, keys)), why);
  }

  boolean isSingle() {
    return targets.size() == 1;
  }

  Target first() {
    return targets.get(0);
  }
}
