package dev.shardline.driver.execution;

import dev.shardline.driver.routing.Target;
import java.sql.SQLException;

/**
 * Where the executor gets physical connections for one logical connection: the bound
 * transaction's connection, or a fresh lease with the connection's session state applied. The
 * executor never decides what a transaction is; it asks here.
 *
 * <p>Not thread safe: one per logical connection.
 */
public interface LeaseSource {
  /** A connection for {@code target}; inside a transaction, the transaction's (binding it on first use). */
  PhysicalLease acquire(Target target) throws SQLException;

  /** Gives back a lease after its statement is done, unless it belongs to the transaction. */
  void release(PhysicalLease lease) throws SQLException;

  /**
   * A statement on {@code lease} could not be closed: its connection is not lent again (outside a
   * transaction it is evicted from its pool; a transaction's connection is left to the transaction,
   * whose next statement meets the same failure). Never throws: this runs on error paths.
   */
  void discard(PhysicalLease lease, SQLException cause);

  /** Whether {@code lease} is the bound transaction's connection. */
  boolean inTransaction(PhysicalLease lease);

  /**
   * The transaction's connection failed: the server rolls the transaction back, so the logical
   * transaction is dropped too. Returns the exception to throw (rolled back, retry it).
   */
  SQLException transactionLost(PhysicalLease lease, SQLException cause);

  /** A write reached {@code lease}'s node: reads of it go to the master for the read-your-writes window. */
  void wrote(PhysicalLease lease);
}
