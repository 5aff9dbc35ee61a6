package dev.shardline.driver.jdbc;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * A result set handed to the application as the node (or the driver) made it, except that closing
 * it gives the physical connection back, and {@code getStatement()} answers the logical statement.
 * Every other call is delegated mechanically; the few it decides are matched by {@link Method},
 * not by name.
 */
final class LeasedResultSet {
  /** What to do when the application closes the result set. */
  interface OnClose {
    void closed() throws SQLException;
  }

  private static final Method CLOSE = method("close");
  private static final Method NEXT = method("next");
  private static final Method IS_CLOSED = method("isClosed");
  private static final Method GET_STATEMENT = method("getStatement");
  private static final Method UNWRAP = method("unwrap", Class.class);
  private static final Method IS_WRAPPER_FOR = method("isWrapperFor", Class.class);

  private LeasedResultSet() {}

  /**
   * The proxy class's constructor, looked up once: {@code Proxy.newProxyInstance} would look the
   * class up again for every result set, on the per-statement path.
   */
  private static final Constructor<?> PROXY = proxyConstructor();

  /**
   * @param onNextFailure told when moving to the next row fails (the connection may be left
   *     half-read), before the error reaches the application
   */
  static ResultSet wrap(ResultSet physical, Statement logical, OnClose onClose, Consumer<SQLException> onNextFailure) throws SQLException {
    boolean[] closed = {false};
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.equals(CLOSE)) {
            if (!closed[0]) {
              closed[0] = true;
              try {
                physical.close();
              } finally {
                onClose.closed();
              }
            }
            return null;
          }
          if (method.equals(IS_CLOSED)) {
            return closed[0] || physical.isClosed();
          }
          if (method.equals(GET_STATEMENT)) {
            return logical;
          }
          if (method.equals(UNWRAP)) {
            return ((Class<?>) args[0]).isInstance(proxy) ? proxy : physical.unwrap((Class<?>) args[0]);
          }
          if (method.equals(IS_WRAPPER_FOR)) {
            return ((Class<?>) args[0]).isInstance(proxy) || physical.isWrapperFor((Class<?>) args[0]);
          }
          if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, physical, method, args);
          }
          if (method.equals(NEXT)) {
            try {
              return physical.next();
            } catch (SQLException e) {
              onNextFailure.accept(e);
              throw e;
            }
          }
          return Delegation.invoke(physical, method, args);
        };
    try {
      return (ResultSet) PROXY.newInstance(handler);
    } catch (ReflectiveOperationException e) {
      throw new SQLException("cannot wrap the result set: " + e, "HY000", e);
    }
  }

  private static Constructor<?> proxyConstructor() {
    Object probe = Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (p, m, a) -> null);
    try {
      return probe.getClass().getConstructor(InvocationHandler.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static Object objectMethod(Object proxy, ResultSet physical, Method method, Object[] args) {
    return switch (method.getName()) {
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> "Shardline" + physical;
    };
  }

  private static Method method(String name, Class<?>... parameters) {
    try {
      return ResultSet.class.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
