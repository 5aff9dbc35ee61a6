package dev.shardline.driver;

import dev.shardline.directory.NodeInfo;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A physical connection borrowed from one endpoint's pool for one statement, or for a whole
 * transaction. Closing it gives the connection back to its pool.
 *
 * <p>Not thread safe: owned by one logical connection.
 */
final class PhysicalLease implements AutoCloseable {
  private final NodeInfo node;
  private final EndpointRole role;
  private final String endpoint;
  private final Connection connection;
  private boolean sessionChanged;

  PhysicalLease(NodeInfo node, EndpointRole role, String endpoint, Connection connection) {
    this.node = node;
    this.role = role;
    this.endpoint = endpoint;
    this.connection = connection;
  }

  NodeInfo node() {
    return node;
  }

  EndpointRole role() {
    return role;
  }

  String endpoint() {
    return endpoint;
  }

  Connection connection() {
    return connection;
  }

  /** Session variables were set on this connection; they are reset before it goes back. */
  void markSessionChanged() {
    sessionChanged = true;
  }

  String describe() {
    return "node " + node.name() + " (" + role.label() + " " + endpoint + ")";
  }

  @Override
  public void close() throws SQLException {
    try {
      if (sessionChanged && !connection.isClosed()) {
        // A pooled connection must not carry one application's session into another's.
        connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).resetServerState();
      }
    } finally {
      connection.close();
    }
  }
}
