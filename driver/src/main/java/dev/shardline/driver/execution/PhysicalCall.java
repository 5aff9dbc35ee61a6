package dev.shardline.driver.execution;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How one logical statement becomes a physical one: a plain {@code Statement} or a prepared one
 * with its parameters bound, with the logical statement's options (timeout, fetch size, max rows)
 * applied. The logical statement classes implement it; the executor only calls it.
 */
public interface PhysicalCall {
  /**
   * A physical statement on {@code connection} for {@code sql}, ready to run.
   *
   * @param parameterMapping for a split INSERT, entry i is the original index of the physical
   *     statement's parameter i+1; null to bind every parameter in order
   */
  Statement create(Connection connection, String sql, int[] parameterMapping) throws SQLException;

  /** Runs the statement; true when it produced a result set. */
  boolean run(Statement statement, String sql) throws SQLException;

  /** Whether generated keys are wanted. */
  boolean wantsGeneratedKeys();
}
