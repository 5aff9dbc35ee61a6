package dev.shardline.driver.session;

import dev.shardline.directory.NodeInfo;
import dev.shardline.driver.execution.PhysicalLease;
import dev.shardline.driver.routing.RoutePlan;
import dev.shardline.driver.routing.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One logical transaction of a connection (autocommit off), from its first statement to COMMIT or
 * ROLLBACK. How it spans nodes is the implementation's: {@link SingleNodeTransaction} binds to the
 * node of its first statement and refuses a second one; {@link BestEffortTransaction} and
 * {@link TwoPhaseTransaction} hold a branch on every node they touch.
 *
 * <p>Not thread safe: owned by one logical connection.
 */
public interface Transaction {
  /**
   * Refuses, before anything runs, a plan this transaction cannot take (a second node, a write on a
   * read-only transaction's replica).
   */
  void checkScope(RoutePlan plan) throws SQLException;

  /** The physical connection for {@code target} inside this transaction, beginning it there on first use. */
  PhysicalLease lease(Target target) throws SQLException;

  /** Whether {@code lease} is one of this transaction's connections. */
  boolean owns(PhysicalLease lease);

  /** The node the transaction is bound to, or null before its first statement. */
  NodeInfo node();

  /** The connection savepoints and transaction statements run on; refuses before the first statement. */
  Connection bound(String operation) throws SQLException;

  /** Every connection the transaction holds now (session statements such as SET reach them all). */
  List<Connection> connections();

  /** Commits; the transaction is over whatever happens. */
  void commit() throws SQLException;

  /** Rolls back; the transaction is over whatever happens. */
  void rollback() throws SQLException;

  /**
   * A connection of the transaction failed: the server rolled it back. The transaction is over;
   * returns the exception the application gets.
   */
  SQLException lost(PhysicalLease lease, SQLException cause);
}
