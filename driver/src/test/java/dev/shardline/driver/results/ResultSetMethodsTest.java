package dev.shardline.driver.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dispatch table covers ResultSet, and its rules hold for every method they catch. */
class ResultSetMethodsTest {
  private static final Set<String> ANSWER_WHEN_CLOSED = Set.of("close", "isClosed", "unwrap", "isWrapperFor");

  @Test
  void everyResultSetMethodHasAnEntry() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Method m : ResultSet.class.getMethods()) {
      if (!Modifier.isStatic(m.getModifiers()) && !ResultSetMethods.handles(m)) {
        missing.add(m.toString());
      }
    }
    assertEquals(List.of(), missing);
    assertTrue(ResultSetMethods.handles(Object.class.getMethod("equals", Object.class)));
    assertTrue(ResultSetMethods.handles(Object.class.getMethod("hashCode")));
    assertTrue(ResultSetMethods.handles(Object.class.getMethod("toString")));
  }

  @Test
  void everyUpdateMethodRefusesAsReadOnly() throws Exception {
    int checked = 0;
    for (Method m : ResultSet.class.getMethods()) {
      String name = m.getName();
      if (name.startsWith("update") || Set.of("insertRow", "deleteRow", "refreshRow", "cancelRowUpdates", "moveToInsertRow", "moveToCurrentRow").contains(name)) {
        ResultSet rs = Rows.of(Rows.row(1L, "a"));
        rs.next();
        SQLException e = invokeFailing(rs, m);
        assertEquals("S1000", e.getSQLState(), m.toString());
        assertTrue(e.getMessage().startsWith(name + "(): this result set is read-only"), e.getMessage());
        checked++;
      }
    }
    assertTrue(checked > 80, "update methods checked: " + checked);
  }

  @Test
  void everyScrollMethodRefusesAsForwardOnly() throws Exception {
    for (String name : List.of("absolute", "relative", "previous", "first", "last", "beforeFirst", "afterLast")) {
      for (Method m : ResultSet.class.getMethods()) {
        if (m.getName().equals(name)) {
          SQLException e = invokeFailing(Rows.of(Rows.row(1L, "a")), m);
          assertEquals("S1000", e.getSQLState());
          assertTrue(e.getMessage().contains("forward-only (TYPE_FORWARD_ONLY)"), e.getMessage());
        }
      }
    }
  }

  @Test
  void everyMethodButCloseIsClosedAndTheWrapperQuestionsFailsAfterClose() throws Exception {
    int checked = 0;
    for (Method m : ResultSet.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || ANSWER_WHEN_CLOSED.contains(m.getName())) {
        continue;
      }
      ResultSet rs = Rows.of(Rows.row(1L, "a"));
      rs.next();
      rs.close();
      SQLException e = invokeFailing(rs, m);
      assertEquals("the result set is closed", e.getMessage(), m.toString());
      assertEquals("S1000", e.getSQLState(), m.toString());
      checked++;
    }
    assertTrue(checked > 180, "methods checked: " + checked);
  }

  @Test
  void closeIsClosedAndWrapperQuestionsStillAnswerAfterClose() throws SQLException {
    ResultSet rs = Rows.of();
    rs.close();
    rs.close();
    assertTrue(rs.isClosed());
    assertTrue(rs.isWrapperFor(ResultSet.class));
    assertTrue(rs.unwrap(ResultSet.class) == rs);
    assertEquals(rs, rs);
    assertTrue(rs.toString().contains("closed"), rs.toString());
  }

  /** Calls a method with placeholder arguments and returns the SQLException it must throw. */
  static SQLException invokeFailing(ResultSet rs, Method m) throws IllegalAccessException {
    Object[] args = new Object[m.getParameterCount()];
    Class<?>[] types = m.getParameterTypes();
    for (int i = 0; i < args.length; i++) {
      args[i] = placeholder(types[i], i);
    }
    try {
      m.invoke(rs, args);
    } catch (InvocationTargetException e) {
      return assertInstanceOf(SQLException.class, e.getCause(), m.toString());
    }
    throw new AssertionError(m + " did not fail");
  }

  private static Object placeholder(Class<?> type, int position) {
    if (type == int.class) {
      return 1;
    }
    if (type == String.class) {
      return position == 0 ? "id" : "x";
    }
    if (type == long.class) {
      return 1L;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == byte.class) {
      return (byte) 0;
    }
    if (type == short.class) {
      return (short) 0;
    }
    if (type == float.class) {
      return 0f;
    }
    if (type == double.class) {
      return 0d;
    }
    if (type == Class.class) {
      return String.class;
    }
    return null;
  }

  @Test
  void aMethodTheTableDoesNotKnowIsNotSupportedNotACrash() throws Exception {
    RowCursor cursor = new RowCursor(Rows.ID_NAME, List.<Object[]>of().iterator(), null, null);
    Method foreign = Runnable.class.getMethod("run");
    SQLException e = assertThrows(SQLException.class, () -> ResultSetMethods.invoke(cursor, null, foreign, null));
    assertInstanceOf(java.sql.SQLFeatureNotSupportedException.class, e);
    assertFalse(e.getMessage().isEmpty());
  }
}
