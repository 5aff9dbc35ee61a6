package dev.shardline.driver.execution;

import dev.shardline.directory.NodeInfo;
import dev.shardline.driver.cluster.EndpointRole;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A physical connection borrowed from one endpoint's pool for one statement, or for a whole
 * transaction. Closing it gives the connection back to its pool; what session state it carries
 * back is tracked by the session layer, which resets it lazily, only for a borrower that needs
 * something else.
 *
 * <p>Not thread safe: owned by one logical connection.
 */
public final class PhysicalLease implements AutoCloseable {
  private final NodeInfo node;
  private final EndpointRole role;
  private final String endpoint;
  private final Connection connection;
  private final Connection raw;
  private boolean closed;

  /**
   * @param connection the pooled connection (closing it gives it back)
   * @param raw the driver's connection under the pool's proxy, on which statements are created
   */
  public PhysicalLease(NodeInfo node, EndpointRole role, String endpoint, Connection connection, Connection raw) {
    this.node = node;
    this.role = role;
    this.endpoint = endpoint;
    this.connection = connection;
    this.raw = raw;
  }

  public NodeInfo node() {
    return node;
  }

  public EndpointRole role() {
    return role;
  }

  public String endpoint() {
    return endpoint;
  }

  /** The pooled connection (HikariCP's proxy): for commit, rollback, and giving it back. */
  public Connection connection() {
    return connection;
  }

  /**
   * Connector/J's connection under the pool's proxy. Statements are created on it: they are always
   * closed by the driver itself, so the pool's statement tracking and its proxies for statements
   * and result sets would be pure cost on every execution. A failed connection is evicted through
   * the endpoint layer, not the pool's proxy.
   */
  public Connection raw() {
    return raw;
  }

  public String describe() {
    return "node " + node.name() + " (" + role.label() + " " + endpoint + ")";
  }

  /** The connection was evicted from its pool (closed there): giving it back is a no-op from now on. */
  public void evicted() {
    closed = true;
  }

  /** Gives the connection back; idempotent, since error paths and result sets may both close it. */
  @Override
  public void close() throws SQLException {
    if (!closed) {
      closed = true;
      connection.close();
    }
  }
}
