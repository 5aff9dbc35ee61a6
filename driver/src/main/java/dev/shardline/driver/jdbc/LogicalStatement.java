package dev.shardline.driver.jdbc;

import dev.shardline.driver.analysis.StatementAnalysis;
import dev.shardline.driver.execution.GeneratedKeys;
import dev.shardline.driver.execution.PhysicalCall;
import dev.shardline.driver.execution.Result;
import dev.shardline.driver.execution.RetryPolicy;
import dev.shardline.driver.routing.RoutePlan;
import dev.shardline.driver.routing.StatementRouter;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A logical statement: each execution is analysed (cached), routed, and run by the executor into a
 * {@link Result} that holds whatever stays open (a result set's physical statement and connection)
 * until it is closed, or the statement re-executes or closes.
 *
 * <p>Not thread safe, like any JDBC statement, except {@link #cancel()}.
 */
class LogicalStatement implements Statement, PhysicalCall {
  protected final LogicalConnection connection;
  private final List<String> batch = new ArrayList<>();
  private int queryTimeout;
  private int fetchSize;
  private int maxRows;
  private int maxFieldSize;
  private boolean closed;
  private boolean closeOnCompletion;
  private boolean poolable;
  private boolean wantKeys;

  private Result result;
  private ResultSet resultSet;
  private long updateCount = -1;
  private ResultSet generatedKeys;
  private SQLWarning warnings;
  private volatile Result running;

  LogicalStatement(LogicalConnection connection) {
    this.connection = connection;
  }

  // --- the physical call: how plain SQL runs on a node --------------------------------------

  @Override
  public Statement create(Connection physicalConnection, String sql, int[] parameterMapping) throws SQLException {
    Statement statement = physicalConnection.createStatement();
    applyOptionsTo(statement);
    return statement;
  }

  @Override
  public boolean run(Statement statement, String sql) throws SQLException {
    return statement.execute(sql, wantKeys ? RETURN_GENERATED_KEYS : NO_GENERATED_KEYS);
  }

  @Override
  public boolean wantsGeneratedKeys() {
    return wantKeys;
  }

  /** The values bound to the statement's parameters, for routing; empty for plain statements. */
  List<Object> routingValues() {
    return List.of();
  }

  // --- execution --------------------------------------------------------------------------

  /** Analyses, routes and runs {@code sql}; true when it produced a result set. */
  final boolean executeSql(String sql, boolean keys) throws SQLException {
    checkOpen();
    clearResults();
    StatementAnalysis analysis = connection.runtime().analyze(sql);
    switch (analysis.kind()) {
      case SET_SHARD_KEY -> {
        if (analysis.clearsSessionShardKey()) {
          connection.clearKey();
        } else {
          connection.useKey(analysis.sessionShardKey().orElseThrow());
        }
        updateCount = 0;
        return false;
      }
      case TRANSACTION -> {
        connection.transactionStatement(sql);
        updateCount = 0;
        return false;
      }
      case SESSION -> {
        connection.applySessionStatement(sql, analysis);
        updateCount = 0;
        return false;
      }
      default -> {
        // routed below
      }
    }
    RoutePlan plan = connection.plan(sql, analysis, routingValues());
    wantKeys = keys;
    Result execution = new Result(connection.leases());
    running = execution;
    try {
      connection.runtime().executor().execute(plan, nature(analysis), isQuery(analysis), this, connection.leases(), sql, execution);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(execution, e);
      throw e;
    } finally {
      running = null;
    }
    warnings = execution.warnings();
    boolean hasResultSet = execution.hasResultSet();
    if (hasResultSet) {
      result = execution;
      resultSet = LeasedResultSet.wrap(execution.resultSet(), this, this::releaseCurrent, execution::nextFailed);
    } else {
      updateCount = execution.updateCount();
      ResultSet keysOut = execution.generatedKeys();
      if (keysOut != null) {
        generatedKeys = keysOut;
      }
      execution.close();
    }
    if (analysis.kind() == StatementAnalysis.Kind.DDL) {
      connection.runtime().refreshTableRules();
    }
    return hasResultSet;
  }

  static RetryPolicy.Nature nature(StatementAnalysis analysis) {
    if (analysis.isWrite()) {
      return RetryPolicy.Nature.WRITE;
    }
    return analysis.lockingRead() ? RetryPolicy.Nature.LOCKING_READ : RetryPolicy.Nature.READ;
  }

  private static boolean isQuery(StatementAnalysis analysis) {
    return analysis.kind() == StatementAnalysis.Kind.SELECT || analysis.kind() == StatementAnalysis.Kind.SHOW;
  }

  private static void closeQuietly(Result execution, Exception failure) {
    try {
      execution.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  final void applyOptionsTo(Statement statement) throws SQLException {
    if (queryTimeout > 0) {
      statement.setQueryTimeout(queryTimeout);
    }
    if (fetchSize != 0) {
      statement.setFetchSize(fetchSize);
    }
    if (maxRows > 0) {
      statement.setMaxRows(maxRows);
    }
    if (maxFieldSize > 0) {
      statement.setMaxFieldSize(maxFieldSize);
    }
  }

  /** Closes the current result's physical statement and gives its connection back. */
  private void releaseCurrent() throws SQLException {
    Result open = result;
    result = null;
    resultSet = null;
    if (open != null) {
      open.close();
    }
    if (closeOnCompletion) {
      close();
    }
  }

  private void clearResults() throws SQLException {
    generatedKeys = null;
    updateCount = -1;
    warnings = null;
    ResultSet open = resultSet;
    if (open != null) {
      boolean completion = closeOnCompletion;
      closeOnCompletion = false;
      try {
        open.close();
      } finally {
        closeOnCompletion = completion;
      }
    }
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("the statement is closed", "HY010");
    }
    connection.checkOpen();
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return executeSql(sql, false);
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return executeSql(sql, autoGeneratedKeys == RETURN_GENERATED_KEYS);
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return executeSql(sql, true);
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return executeSql(sql, true);
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    return query(executeSql(sql, false), sql);
  }

  /** The result set of an execution that must have produced one. */
  final ResultSet query(boolean hasResultSet, String sql) throws SQLException {
    if (!hasResultSet) {
      throw new SQLException("executeQuery: the statement returned no result set [statement: " + StatementRouter.abbreviate(sql) + "]", "HY000");
    }
    return resultSet;
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return (int) update(executeSql(sql, false), sql);
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return (int) update(executeSql(sql, autoGeneratedKeys == RETURN_GENERATED_KEYS), sql);
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return (int) update(executeSql(sql, true), sql);
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return (int) update(executeSql(sql, true), sql);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return update(executeSql(sql, false), sql);
  }

  final long update(boolean hasResultSet, String sql) throws SQLException {
    if (hasResultSet) {
      clearResults();
      throw new SQLException("executeUpdate: the statement returned a result set; use executeQuery [statement: " + StatementRouter.abbreviate(sql) + "]", "HY000");
    }
    return Math.max(0, updateCount);
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    checkOpen();
    return resultSet;
  }

  @Override
  public int getUpdateCount() throws SQLException {
    checkOpen();
    return (int) updateCount;
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    checkOpen();
    return updateCount;
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    checkOpen();
    clearResults();
    return false;
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    return getMoreResults();
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    checkOpen();
    return generatedKeys != null ? generatedKeys : GeneratedKeys.none();
  }

  // --- batches ----------------------------------------------------------------------------

  @Override
  public void addBatch(String sql) throws SQLException {
    checkOpen();
    batch.add(sql);
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batch.clear();
  }

  /** Each SQL of a plain batch is routed on its own, in order. */
  @Override
  public int[] executeBatch() throws SQLException {
    checkOpen();
    int[] counts = new int[batch.size()];
    try {
      for (int i = 0; i < batch.size(); i++) {
        if (executeSql(batch.get(i), false)) {
          clearResults();
          throw new BatchUpdateException("a batch may not contain a query: " + StatementRouter.abbreviate(batch.get(i)), "HY000", counts);
        }
        counts[i] = (int) Math.max(0, updateCount);
      }
      return counts;
    } catch (BatchUpdateException e) {
      throw e;
    } catch (SQLException e) {
      throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), counts, e);
    } finally {
      batch.clear();
    }
  }

  void setUpdateCount(long count) {
    updateCount = count;
  }

  void setGeneratedKeys(ResultSet keys) {
    generatedKeys = keys;
  }

  void resetResults() throws SQLException {
    clearResults();
  }

  // --- options, cancel, close -------------------------------------------------------------

  /** Cancels the execution in flight on every node it runs on. */
  @Override
  public void cancel() throws SQLException {
    Result r = running;
    if (r != null) {
      r.cancel();
    }
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closeOnCompletion = false;
    try {
      clearResults();
    } finally {
      closed = true;
      connection.forget(this);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    checkOpen();
    closeOnCompletion = true;
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    checkOpen();
    return closeOnCompletion;
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    checkOpen();
    return queryTimeout;
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    checkOpen();
    if (seconds < 0) {
      throw new SQLException("query timeout must be >= 0, was " + seconds, "HY024");
    }
    queryTimeout = seconds;
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return fetchSize;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    fetchSize = rows;
  }

  @Override
  public int getMaxRows() throws SQLException {
    checkOpen();
    return maxRows;
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    checkOpen();
    if (max < 0) {
      throw new SQLException("max rows must be >= 0, was " + max, "HY024");
    }
    maxRows = max;
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    checkOpen();
    return maxFieldSize;
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    checkOpen();
    maxFieldSize = max;
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    checkOpen();
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    if (direction != ResultSet.FETCH_FORWARD) {
      throw new SQLFeatureNotSupportedException("only FETCH_FORWARD is supported");
    }
  }

  @Override
  public int getFetchDirection() {
    return ResultSet.FETCH_FORWARD;
  }

  @Override
  public int getResultSetConcurrency() {
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getResultSetType() {
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public int getResultSetHoldability() {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    throw new SQLFeatureNotSupportedException("named cursors are not supported");
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return warnings;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
    warnings = null;
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return connection;
  }

  @Override
  public void setPoolable(boolean value) throws SQLException {
    checkOpen();
    poolable = value;
  }

  @Override
  public boolean isPoolable() throws SQLException {
    checkOpen();
    return poolable;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("a Shardline statement is not a wrapper for " + iface.getName(), "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
