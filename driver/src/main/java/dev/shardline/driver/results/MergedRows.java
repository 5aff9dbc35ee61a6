package dev.shardline.driver.results;

import dev.shardline.driver.analysis.MergeExpr;
import dev.shardline.driver.analysis.ScatterQuery;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ROWS-mode merge: the nodes' sorted streams merged into one, without holding rows in memory.
 *
 * <h2>How it reads</h2>
 *
 * Every node's result set is positioned on its next row (its "head"). {@code next()} advances the
 * node whose head was returned last, then picks the head that comes first by the sort keys (with no
 * ORDER BY: the first node that has rows left), skips it if it repeats a DISTINCT row already
 * returned or falls inside the OFFSET, and stops at the LIMIT. The application's getters are then
 * answered by that node's own result set, so every conversion is Connector/J's, exactly as for a
 * single-node statement; only the trailing hidden columns (sort keys and their weights) are out of
 * reach. Sort keys of strings compare by the server's weights under the column's collation.
 *
 * <p>Memory: one head per node, plus, for DISTINCT, the distinct rows' keys (bounded).
 *
 * <p>Not thread safe: a result set is read by one thread at a time.
 */
final class MergedRows implements InvocationHandler {
  private static final Map<Method, Method> BY_LABEL = new ConcurrentHashMap<>();

  private final ScatterQuery query;
  private final List<ResultSet> sources;
  private final List<String> nodes;
  private final Statement owner;
  private final long maxRows;
  private final ScatterMerge.SourceFailures failures;
  private final int visible;
  private final int hiddenBase;
  private final ResultSetMetaData metaData;
  private final boolean[] weighted;
  private final Object[][] heads;
  private final boolean[] exhausted;
  private final long offset;
  private final long limit;
  private final Set<List<Object>> seen;
  private int current = -1;
  private boolean started;
  private boolean closed;
  private long skipped;
  private long returned;

  private MergedRows(ScatterQuery query, List<ResultSet> sources, List<String> nodes, Statement owner, long maxRows, long offset, long limit,
      ScatterMerge.SourceFailures failures) throws SQLException {
    this.query = query;
    this.failures = failures;
    this.sources = sources;
    this.nodes = nodes;
    this.owner = owner;
    this.maxRows = maxRows;
    ResultSetMetaData first = sources.get(0).getMetaData();
    int total = first.getColumnCount();
    this.visible = total - query.hiddenColumns();
    this.hiddenBase = visible + 1;
    List<DerivedMetaData.Spec> specs = new ArrayList<>();
    for (int c = 1; c <= visible; c++) {
      specs.add(DerivedMetaData.Spec.of(c, null));
    }
    this.metaData = new DerivedMetaData(first, specs);
    List<ScatterQuery.SortKey> order = query.order();
    this.weighted = new boolean[order.size()];
    for (int k = 0; k < order.size(); k++) {
      int column = hiddenBase + ((MergeExpr.Column) order.get(k).value()).index();
      weighted[k] = isText(first.getColumnType(column));
    }
    this.heads = new Object[sources.size()][];
    this.exhausted = new boolean[sources.size()];
    this.offset = offset;
    this.limit = limit;
    this.seen = query.distinct() ? new HashSet<>() : null;
  }

  /** A forward-only result set over the nodes' result sets, in node order. */
  static ResultSet open(ScatterQuery query, List<ResultSet> sources, List<String> nodes, Statement owner, long maxRows, long offset, long limit,
      ScatterMerge.SourceFailures failures) throws SQLException {
    MergedRows merge = new MergedRows(query, sources, nodes, owner, maxRows, offset, limit, failures);
    return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, merge);
  }

  static boolean isText(int sqlType) {
    return switch (sqlType) {
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB -> true;
      default -> false;
    };
  }

  // --- the merge ----------------------------------------------------------------------------

  private boolean next() throws SQLException {
    if (!started) {
      started = true;
      for (int i = 0; i < sources.size(); i++) {
        advance(i);
      }
    } else if (current >= 0) {
      advance(current);
    }
    while (true) {
      int best = pick();
      current = best;
      if (best < 0 || (limit >= 0 && returned >= limit)) {
        current = -1;
        return false;
      }
      if (seen != null && !seen.add(distinctKey(best))) {
        advance(best);
        continue;
      }
      if (seen != null && seen.size() > maxRows) {
        throw new SQLException("SELECT DISTINCT across nodes keeps every distinct row's key in memory and reached the bound of " + maxRows
            + " rows (shardline.scatter.maxRows); narrow the query or raise the bound", "HY000");
      }
      if (skipped < offset) {
        skipped++;
        advance(best);
        continue;
      }
      returned++;
      return true;
    }
  }

  private void advance(int i) throws SQLException {
    try {
      if (sources.get(i).next()) {
        heads[i] = sortKeys(i);
      } else {
        exhausted[i] = true;
        heads[i] = null;
      }
    } catch (SQLException e) {
      failures.failed(i, e);
      throw new SQLException("node " + nodes.get(i) + " failed while its rows were being merged: " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
    }
  }

  private Object[] sortKeys(int i) throws SQLException {
    List<ScatterQuery.SortKey> order = query.order();
    Object[] keys = new Object[order.size()];
    ResultSet rs = sources.get(i);
    for (int k = 0; k < keys.length; k++) {
      ScatterQuery.SortKey key = order.get(k);
      keys[k] = weighted[k] ? rs.getBytes(hiddenBase + key.weightColumn()) : rs.getObject(hiddenBase + ((MergeExpr.Column) key.value()).index());
    }
    return keys;
  }

  /** The node whose head comes first, or -1 when every node is done. */
  private int pick() throws SQLException {
    int best = -1;
    for (int i = 0; i < sources.size(); i++) {
      if (exhausted[i]) {
        continue;
      }
      if (best < 0) {
        best = i;
        if (query.order().isEmpty()) {
          return best; // no ORDER BY: one node after another
        }
      } else if (SqlValues.compareSortKeys(query.order(), heads[i], heads[best]) < 0) {
        best = i;
      }
    }
    return best;
  }

  private List<Object> distinctKey(int i) throws SQLException {
    ResultSet rs = sources.get(i);
    ResultSetMetaData meta = rs.getMetaData();
    List<Object> key = new ArrayList<>(query.distinctKeys().size());
    for (ScatterQuery.DistinctKey d : query.distinctKeys()) {
      int column = d.visibleColumn() + 1;
      key.add(isText(meta.getColumnType(column)) ? wrap(rs.getBytes(hiddenBase + d.weightColumn())) : normalise(rs.getObject(column)));
    }
    return key;
  }

  static Object wrap(byte[] bytes) {
    return bytes == null ? null : ByteBuffer.wrap(bytes);
  }

  /** Values equal in SQL compare equal here: 2, 2.0 and 2.00 of one numeric column. */
  static Object normalise(Object value) {
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
      return SqlValues.decimal(n).stripTrailingZeros();
    }
    return value;
  }

  // --- the JDBC surface ---------------------------------------------------------------------

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      return switch (name) {
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> "Shardline merged result of " + nodes;
      };
    }
    switch (name) {
      case "close" -> {
        closed = true;
        return null;
      }
      case "isClosed" -> {
        return closed;
      }
      case "unwrap" -> {
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return proxy;
        }
        throw new SQLException("a merged result set is not a wrapper for " + ((Class<?>) args[0]).getName(), ResultSetErrors.GENERAL);
      }
      case "isWrapperFor" -> {
        return ((Class<?>) args[0]).isInstance(proxy);
      }
      default -> {
        // handled below, once the result set is known to be open
      }
    }
    if (closed) {
      throw ResultSetErrors.closed();
    }
    switch (name) {
      case "next":
        return next();
      case "getMetaData":
        return metaData;
      case "getStatement":
        return owner;
      case "findColumn":
        return findColumn((String) args[0]);
      case "getRow":
        return current >= 0 ? (int) returned : 0;
      case "getType":
        return ResultSet.TYPE_FORWARD_ONLY;
      case "getConcurrency":
        return ResultSet.CONCUR_READ_ONLY;
      case "getHoldability":
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
      case "getFetchDirection":
        return ResultSet.FETCH_FORWARD;
      case "getFetchSize":
        return 0;
      case "setFetchSize", "clearWarnings":
        return null;
      case "setFetchDirection":
        if ((Integer) args[0] != ResultSet.FETCH_FORWARD) {
          throw new SQLFeatureNotSupportedException("a merged result set is forward-only");
        }
        return null;
      case "getWarnings":
        return null;
      case "isBeforeFirst":
        return !started;
      case "isAfterLast":
        return started && current < 0;
      case "isFirst":
        return current >= 0 && returned == 1;
      case "wasNull":
        return currentSource().wasNull();
      default:
        break;
    }
    if (name.startsWith("get") && args != null && args.length >= 1) {
      ResultSet source = currentSource();
      if (args[0] instanceof Integer index) {
        if (index < 1 || index > visible) {
          throw ResultSetErrors.indexOutOfRange(index, visible);
        }
        return delegate(source, method, args);
      }
      if (args[0] instanceof String label) {
        Object[] byIndex = args.clone();
        byIndex[0] = findColumn(label);
        return delegate(source, byIndex(method), byIndex);
      }
    }
    throw new SQLFeatureNotSupportedException("a merged result set of several nodes is forward-only and read-only; " + name + " is not supported");
  }

  private ResultSet currentSource() throws SQLException {
    if (current < 0) {
      throw started ? ResultSetErrors.afterLastRow() : ResultSetErrors.beforeFirstRow();
    }
    return sources.get(current);
  }

  private int findColumn(String label) throws SQLException {
    for (int c = 1; c <= visible; c++) {
      if (metaData.getColumnLabel(c).equalsIgnoreCase(label)) {
        return c;
      }
    }
    List<String> labels = new ArrayList<>();
    for (int c = 1; c <= visible; c++) {
      labels.add(metaData.getColumnLabel(c));
    }
    throw ResultSetErrors.columnNotFound(label, labels);
  }

  private static Method byIndex(Method byLabel) {
    return BY_LABEL.computeIfAbsent(byLabel, m -> {
      Class<?>[] types = m.getParameterTypes().clone();
      types[0] = int.class;
      try {
        return ResultSet.class.getMethod(m.getName(), types);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("ResultSet." + m.getName() + " has no by-index form: " + Arrays.toString(types), e);
      }
    });
  }

  private static Object delegate(ResultSet source, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(source, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
