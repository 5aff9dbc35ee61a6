package dev.shardline.driver.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Mechanical delegation for the JDBC proxies: call the physical object, rethrow what it threw. */
final class Delegation {
  private Delegation() {}

  static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
