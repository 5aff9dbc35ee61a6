package dev.shardline.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Shardline's own API on a logical connection, reached with
 * {@code connection.unwrap(ShardlineConnection.class)} (also through HikariCP's proxies).
 */
public interface ShardlineConnection extends Connection {

  /**
   * Routes every following statement of this connection that has no key of its own to {@code
   * key}'s node, until {@link #clearKey()}. Same as {@code SET @@shardline.key = ...}. A read whose
   * SQL names keys follows its SQL; a write whose SQL names another key is refused.
   *
   * @param key a number or a non-blank string
   * @throws SQLException if the key is null, blank or of an unsupported type
   */
  void useKey(Object key) throws SQLException;

  /** Stops routing by a session key; statements are routed by their own keys again. */
  void clearKey() throws SQLException;

  /**
   * Puts the connection back to the state it had when its current request began ({@code
   * beginRequest}) or, without one, when it was created: the session key, session variables set
   * with {@code SET}, read-only, isolation and autocommit; an open transaction is rolled back. The
   * same as {@code endRequest()}. For pools that do not call {@code beginRequest}/{@code
   * endRequest}: call it when the application gives the connection back.
   */
  void resetSession() throws SQLException;

  /**
   * Where {@code sql} with these parameters would go, and why, without running it and without
   * assigning new keys.
   */
  Explanation explain(String sql, Object... parameters) throws SQLException;

  /**
   * How this connection's next transactions may span nodes, instead of the driver instance's
   * {@code shardline.transactions}; back to that default at the end of the request (as every
   * session setting). Refused (SQLState 25000) while a transaction has run a statement.
   */
  void setTransactionMode(TransactionMode mode) throws SQLException;

  /** The mode this connection's transactions use now. */
  TransactionMode getTransactionMode() throws SQLException;

  /**
   * The next id of the cluster-wide sequence {@code sequence}: unique across every driver instance
   * and process that uses the same directory, and increasing in the order this instance hands them
   * out. Ids come from blocks the directory reserves ({@code shardline.ids.blockSize} at a time),
   * so most calls touch no server; the id never encodes a node (keys move, ids stay). Works in or
   * out of a transaction and does not change it.
   *
   * @param sequence 1 to 64 letters, digits, '.', '_' or '-', e.g. {@code posts}
   * @throws SQLException if the name is not valid, or the directory's primary cannot be reached
   *     when a new block is needed
   */
  long nextId(String sequence) throws SQLException;

  /** The figures of every physical pool this connection's driver instance has opened. */
  List<PoolStats> poolStats() throws SQLException;
}
