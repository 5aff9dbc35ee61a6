package dev.shardline.driver.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters bound to a logical prepared statement: each value (for routing) and how to set
 * it on a physical statement (replayed at execute time, remapped for a split INSERT).
 *
 * <p>Not thread safe: one per statement.
 */
final class BoundParameters {
  /** Sets one value on a physical statement at an index. */
  interface Setter {
    void apply(PreparedStatement statement, int index) throws SQLException;
  }

  private Object[] values;
  private Setter[] setters;
  private int highest;

  BoundParameters(int expected) {
    values = new Object[Math.max(expected, 4)];
    setters = new Setter[values.length];
  }

  private BoundParameters(Object[] values, Setter[] setters, int highest) {
    this.values = values;
    this.setters = setters;
    this.highest = highest;
  }

  void set(int index, Object value, Setter setter) throws SQLException {
    if (index < 1) {
      throw new SQLException("parameter index " + index + " is out of range; indexes start at 1", "07009");
    }
    if (index > values.length) {
      int size = Math.max(index, values.length * 2);
      values = Arrays.copyOf(values, size);
      setters = Arrays.copyOf(setters, size);
    }
    values[index - 1] = value;
    setters[index - 1] = setter;
    highest = Math.max(highest, index);
  }

  void clear() {
    Arrays.fill(values, null);
    Arrays.fill(setters, null);
    highest = 0;
  }

  BoundParameters copy() {
    return new BoundParameters(values.clone(), setters.clone(), highest);
  }

  /** Bound values by index (entry i is parameter i+1), for routing. */
  List<Object> values() {
    Object[] snapshot = values;
    int size = highest;
    return new AbstractList<>() {
      @Override
      public Object get(int i) {
        if (setters[i] == null) {
          throw new IllegalStateException("parameter " + (i + 1) + " is not bound");
        }
        return snapshot[i];
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /**
   * Sets the parameters on {@code statement}: all of them in order, or with a mapping where
   * {@code mapping[i]} is the original index of the physical statement's parameter i+1.
   */
  void applyTo(PreparedStatement statement, int[] mapping, int expected) throws SQLException {
    if (mapping == null) {
      for (int i = 1; i <= expected; i++) {
        setter(i).apply(statement, i);
      }
    } else {
      for (int i = 0; i < mapping.length; i++) {
        setter(mapping[i]).apply(statement, i + 1);
      }
    }
  }

  private Setter setter(int index) throws SQLException {
    Setter setter = index <= setters.length ? setters[index - 1] : null;
    if (setter == null) {
      throw new SQLException("no value specified for parameter " + index, "07001");
    }
    return setter;
  }
}
