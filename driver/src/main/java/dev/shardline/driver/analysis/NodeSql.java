package dev.shardline.driver.analysis;

import java.util.Arrays;
import java.util.Objects;

/**
 * The SQL one node runs for a statement the driver rewrote (a split INSERT's rows for that node, a
 * scatter query's per-node form, an IN list pruned to the node's keys), and for each of its
 * parameters (entry i is parameter i + 1) the original 1-based parameter index whose value it
 * takes.
 *
 * <p>A fresh instance per rewrite; the array belongs to the caller.
 */
public record NodeSql(String sql, int[] parameterMapping) {
  public NodeSql {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(parameterMapping, "parameterMapping");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NodeSql that && sql.equals(that.sql) && Arrays.equals(parameterMapping, that.parameterMapping);
  }

  @Override
  public int hashCode() {
    return sql.hashCode() * 31 + Arrays.hashCode(parameterMapping);
  }

  @Override
  public String toString() {
    return "NodeSql[sql=" + sql + ", parameterMapping=" + Arrays.toString(parameterMapping) + "]";
  }
}
