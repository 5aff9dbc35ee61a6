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
   * Routes every following statement of this connection to {@code key}'s node, whatever keys
   * the SQL holds, until {@link #clearKey()}. Same as {@code SET @@shardline.key = ...}.
   *
   * @param key a number or a non-blank string
   * @throws SQLException if the key is null, blank or of an unsupported type
   */
  void useKey(Object key) throws SQLException;

  /** Stops routing by a session key; statements are routed by their own keys again. */
  void clearKey() throws SQLException;

  /**
   * Where {@code sql} with these parameters would go, and why, without running it and without
   * assigning new keys.
   */
  Explanation explain(String sql, Object... parameters) throws SQLException;

  /** The figures of every physical pool this connection's driver instance has opened. */
  List<PoolStats> poolStats() throws SQLException;
}
