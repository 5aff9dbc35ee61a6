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
  private boolean closed;

  public PhysicalLease(NodeInfo node, EndpointRole role, String endpoint, Connection connection) {
    this.node = node;
    this.role = role;
    this.endpoint = endpoint;
    this.connection = connection;
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

  /** The pooled connection (HikariCP's proxy). */
  public Connection connection() {
    return connection;
  }

  public String describe() {
    return "node " + node.name() + " (" + role.label() + " " + endpoint + ")";
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
