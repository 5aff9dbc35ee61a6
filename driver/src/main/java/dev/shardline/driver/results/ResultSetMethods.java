package dev.shardline.driver.results;

import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Calendar;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What every {@link ResultSet} method does on a driver-built result set: a table from Method to
 * handler, built once when the class loads. The decisions live in {@link RowCursor} (position,
 * close) and {@link ValueConversions} (what a getter returns); this class only wires them, so
 * each of ResultSet's ~190 methods is one line here or falls in a rule (every {@code update*}
 * method refuses, every scroll method refuses).
 *
 * <p>Every call checks that the result set is open, except close, isClosed, unwrap, isWrapperFor
 * and Object's methods. A getter by label resolves the label first, then checks that there is a
 * current row, as Connector/J does; by index, the row first, then the index.
 *
 * <p>Lookup is one HashMap get: Method's hash is its name's and its class's, both cached.
 *
 * <p>Thread safety: the table is filled in the static initializer and never changed afterwards.
 */
final class ResultSetMethods {
  /** One ResultSet method. {@code args} is null for methods without parameters, as Proxy passes it. */
  @FunctionalInterface
  interface Handler {
    Object invoke(RowCursor rows, Object proxy, Object[] args) throws SQLException;
  }

  /** A getter, given the stored value of the column it named; {@code args} holds the extra parameters. */
  @FunctionalInterface
  private interface Getter {
    Object get(Object value, ColumnMeta column, Object[] args) throws SQLException;
  }

  private static final Set<String> SCROLLING = Set.of("absolute", "relative", "previous", "first", "last", "beforeFirst", "afterLast");
  private static final Set<String> UPDATING = Set.of(
      "insertRow", "deleteRow", "refreshRow", "cancelRowUpdates", "moveToInsertRow", "moveToCurrentRow");
  private static final Set<String> UNSUPPORTED_GETTERS = Set.of("getArray", "getRef", "getRowId", "getSQLXML");

  private static final Map<Method, Handler> TABLE = build();

  private ResultSetMethods() {}

  static Object invoke(RowCursor rows, Object proxy, Method method, Object[] args) throws SQLException {
    Handler handler = TABLE.get(method);
    if (handler == null) {
      // a method added to ResultSet after this table was written
      rows.checkOpen();
      throw ResultSetErrors.notSupported("ResultSet." + method.getName());
    }
    return handler.invoke(rows, proxy, args);
  }

  /** Whether a method has an entry; for the test that every ResultSet method has one. */
  static boolean handles(Method method) {
    return TABLE.containsKey(method);
  }

  private static Map<Method, Handler> build() {
    Map<Method, Handler> table = new HashMap<>();
    Builder b = new Builder(table);

    b.always(method(Object.class, "equals", Object.class), (rows, proxy, args) -> proxy == args[0]);
    b.always(method(Object.class, "hashCode"), (rows, proxy, args) -> System.identityHashCode(proxy));
    b.always(method(Object.class, "toString"), (rows, proxy, args) -> rows.toString());
    b.always(method("close"), (rows, proxy, args) -> {
      rows.close();
      return null;
    });
    b.always(method("isClosed"), (rows, proxy, args) -> rows.isClosed());
    b.always(method("unwrap", Class.class), (rows, proxy, args) -> {
      Class<?> iface = (Class<?>) args[0];
      if (iface != null && iface.isInstance(proxy)) {
        return proxy;
      }
      throw ResultSetErrors.notAWrapper(iface, "Shardline in-memory result set");
    });
    b.always(method("isWrapperFor", Class.class), (rows, proxy, args) -> args[0] != null && ((Class<?>) args[0]).isInstance(proxy));

    b.open("next", (rows, proxy, args) -> rows.next());
    b.open("isBeforeFirst", (rows, proxy, args) -> rows.isBeforeFirst());
    b.open("isAfterLast", (rows, proxy, args) -> rows.isAfterLast());
    b.open("isFirst", (rows, proxy, args) -> rows.isFirst());
    b.open("isLast", (rows, proxy, args) -> rows.isLast());
    b.open("getRow", (rows, proxy, args) -> rows.row());
    b.open("wasNull", (rows, proxy, args) -> rows.wasNull());
    b.open("getMetaData", (rows, proxy, args) -> rows.columns().metaData());
    b.open("getStatement", (rows, proxy, args) -> rows.owner());
    b.open("getWarnings", (rows, proxy, args) -> null);
    b.open("clearWarnings", (rows, proxy, args) -> null);
    b.open("findColumn", (rows, proxy, args) -> rows.columns().findColumn((String) args[0]), String.class);
    b.open("getFetchSize", (rows, proxy, args) -> rows.fetchSize());
    b.open("setFetchSize", (rows, proxy, args) -> {
      rows.fetchSize((Integer) args[0]);
      return null;
    }, int.class);
    b.open("getFetchDirection", (rows, proxy, args) -> ResultSet.FETCH_FORWARD);
    b.open("setFetchDirection", (rows, proxy, args) -> {
      rows.fetchDirection((Integer) args[0]);
      return null;
    }, int.class);
    b.open("getType", (rows, proxy, args) -> ResultSet.TYPE_FORWARD_ONLY);
    b.open("getConcurrency", (rows, proxy, args) -> ResultSet.CONCUR_READ_ONLY);
    b.open("getHoldability", (rows, proxy, args) -> ResultSet.CLOSE_CURSORS_AT_COMMIT);
    b.open("getCursorName", (rows, proxy, args) -> {
      throw new SQLException("getCursorName: positioned updates are not supported; this result set has no cursor on a server", ResultSetErrors.DRIVER_NOT_CAPABLE);
    });
    for (String name : new String[] {"rowUpdated", "rowInserted", "rowDeleted"}) {
      b.open(name, (rows, proxy, args) -> {
        throw ResultSetErrors.notSupported("ResultSet." + name + "()");
      });
    }

    b.cells("getObject", (value, column, args) -> value);
    b.cells("getObject", (value, column, args) -> ValueConversions.toObject(value, column, (Class<?>) args[1]), Class.class);
    b.cells("getObject", (value, column, args) -> value, Map.class); // Connector/J ignores the type map too
    b.cells("getString", (value, column, args) -> ValueConversions.toStringValue(value, column));
    b.cells("getNString", (value, column, args) -> ValueConversions.toStringValue(value, column));
    b.cells("getBoolean", (value, column, args) -> ValueConversions.toBoolean(value, column));
    b.cells("getByte", (value, column, args) -> ValueConversions.toByte(value, column));
    b.cells("getShort", (value, column, args) -> ValueConversions.toShort(value, column));
    b.cells("getInt", (value, column, args) -> ValueConversions.toInt(value, column));
    b.cells("getLong", (value, column, args) -> ValueConversions.toLong(value, column));
    b.cells("getFloat", (value, column, args) -> ValueConversions.toFloat(value, column));
    b.cells("getDouble", (value, column, args) -> ValueConversions.toDouble(value, column));
    b.cells("getBigDecimal", (value, column, args) -> ValueConversions.toBigDecimal(value, column));
    b.cells("getBigDecimal", (value, column, args) -> ValueConversions.toBigDecimal(value, column, (Integer) args[1]), int.class);
    b.cells("getBytes", (value, column, args) -> ValueConversions.toBytes(value, column));
    b.cells("getDate", (value, column, args) -> TemporalConversions.toDate(value, column, null));
    b.cells("getDate", (value, column, args) -> TemporalConversions.toDate(value, column, (Calendar) args[1]), Calendar.class);
    b.cells("getTime", (value, column, args) -> TemporalConversions.toTime(value, column, null));
    b.cells("getTime", (value, column, args) -> TemporalConversions.toTime(value, column, (Calendar) args[1]), Calendar.class);
    b.cells("getTimestamp", (value, column, args) -> TemporalConversions.toTimestamp(value, column, null));
    b.cells("getTimestamp", (value, column, args) -> TemporalConversions.toTimestamp(value, column, (Calendar) args[1]), Calendar.class);
    b.cells("getAsciiStream", (value, column, args) -> ValueConversions.toBinaryStream(value, column));
    b.cells("getUnicodeStream", (value, column, args) -> ValueConversions.toBinaryStream(value, column));
    b.cells("getBinaryStream", (value, column, args) -> ValueConversions.toBinaryStream(value, column));
    b.cells("getCharacterStream", (value, column, args) -> ValueConversions.toReader(value, column));
    b.cells("getNCharacterStream", (value, column, args) -> ValueConversions.toReader(value, column));
    b.cells("getBlob", (value, column, args) -> ValueConversions.toBlob(value, column));
    b.cells("getClob", (value, column, args) -> ValueConversions.toClob(value, column));
    b.cells("getNClob", (value, column, args) -> ValueConversions.toNClob(value, column));
    b.cells("getURL", (value, column, args) -> ValueConversions.toUrl(value, column));
    for (String name : UNSUPPORTED_GETTERS) {
      b.cells(name, (value, column, args) -> {
        throw ResultSetErrors.notSupported("ResultSet." + name);
      });
    }

    // The rules: whatever ResultSet declares (overloads and later additions included) under these names.
    for (Method m : ResultSet.class.getMethods()) {
      String name = m.getName();
      if (name.startsWith("update") || UPDATING.contains(name)) {
        b.open(m, (rows, proxy, args) -> {
          throw ResultSetErrors.readOnly(name + "()");
        });
      } else if (SCROLLING.contains(name)) {
        b.open(m, (rows, proxy, args) -> {
          throw ResultSetErrors.forwardOnly(name + "()");
        });
      }
    }
    return Map.copyOf(table);
  }

  private static Method method(String name, Class<?>... parameters) {
    return method(ResultSet.class, name, parameters);
  }

  private static Method method(Class<?> type, String name, Class<?>... parameters) {
    try {
      return type.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("the result-set table names a method " + type.getName() + " does not have: " + name, e);
    }
  }

  /** Registers handlers, wrapping them with the open check or the column resolution they need. */
  private static final class Builder {
    private final Map<Method, Handler> table;

    Builder(Map<Method, Handler> table) {
      this.table = table;
    }

    void always(Method method, Handler handler) {
      put(method, handler);
    }

    void open(String name, Handler handler, Class<?>... parameters) {
      open(method(name, parameters), handler);
    }

    void open(Method method, Handler handler) {
      put(method, (rows, proxy, args) -> {
        rows.checkOpen();
        return handler.invoke(rows, proxy, args);
      });
    }

    /** The by-index and the by-label variant of a getter, with the same extra parameters. */
    void cells(String name, Getter getter, Class<?>... extra) {
      Handler handler = (rows, proxy, args) -> {
        int index = rows.column(args[0]);
        return getter.get(rows.value(index), rows.columns().column(index), args);
      };
      put(method(name, withFirst(int.class, extra)), handler);
      put(method(name, withFirst(String.class, extra)), handler);
    }

    private static Class<?>[] withFirst(Class<?> first, Class<?>[] rest) {
      Class<?>[] all = new Class<?>[rest.length + 1];
      all[0] = first;
      System.arraycopy(rest, 0, all, 1, rest.length);
      return all;
    }

    private void put(Method method, Handler handler) {
      if (table.putIfAbsent(method, handler) != null) {
        throw new IllegalStateException("the result-set table has two entries for " + method);
      }
    }
  }
}
