package dev.shardline.driver;

import java.util.List;

/**
 * Where a statement would go and why: {@link ShardlineConnection#explain}.
 *
 * @param targets one entry per physical execution (several for a split INSERT or DDL)
 * @param reason the routing decision in words
 */
public record Explanation(List<Target> targets, String reason) {

  /**
   * @param node the node's name in the directory
   * @param role "master" or "replica"
   * @param endpoint the {@code host:port} that would be used
   * @param keys the shard keys that led there (canonical text), empty when none did
   * @param sql the SQL that node would run: the statement's own, or the driver's rewrite of it for
   *     that node (a split INSERT's rows, a scatter query's per-node form, an IN list cut to the
   *     node's keys)
   */
  public record Target(String node, String role, String endpoint, List<String> keys, String sql) {}

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Target t : targets) {
      out.append(t.node()).append(' ').append(t.role()).append(' ').append(t.endpoint()).append(" keys=").append(t.keys()).append(": ").append(t.sql()).append('\n');
    }
    return out.append(reason).toString();
  }
}
