package dev.shardline.driver.jdbc;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A physical result set handed to the application as-is, except that closing it gives the
 * physical connection back, and {@code getStatement()} answers the logical statement. Every other
 * call is delegated mechanically.
 */
final class LeasedResultSet {
  /** What to do when the application closes the result set. */
  interface OnClose {
    void closed() throws SQLException;
  }

  private LeasedResultSet() {}

  static ResultSet wrap(ResultSet physical, Statement logical, OnClose onClose) {
    boolean[] closed = {false};
    return (ResultSet) Proxy.newProxyInstance(
        ResultSet.class.getClassLoader(),
        new Class<?>[] {ResultSet.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "close":
              if (!closed[0]) {
                closed[0] = true;
                try {
                  physical.close();
                } finally {
                  onClose.closed();
                }
              }
              return null;
            case "isClosed":
              return closed[0] || physical.isClosed();
            case "getStatement":
              return logical;
            case "unwrap":
              return ((Class<?>) args[0]).isInstance(proxy) ? proxy : physical.unwrap((Class<?>) args[0]);
            case "isWrapperFor":
              return ((Class<?>) args[0]).isInstance(proxy) || physical.isWrapperFor((Class<?>) args[0]);
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            case "toString":
              return "Shardline" + physical;
            default:
              return Delegation.invoke(physical, method, args);
          }
        });
  }
}
