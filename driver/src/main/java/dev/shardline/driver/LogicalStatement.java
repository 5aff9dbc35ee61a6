package dev.shardline.driver;

import dev.shardline.driver.analysis.StatementAnalysis;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A logical statement: each execution is analysed (cached), routed, and run on a physical
 * statement of the chosen endpoint. A result set keeps its physical connection until it is
 * closed (or the statement re-executes or closes); an update gives it back at once.
 *
 * <p>Not thread safe, like any JDBC statement, except {@link #cancel()}.
 */
class LogicalStatement implements Statement {
  protected final LogicalConnection connection;
  private final List<String> batch = new ArrayList<>();
  private int queryTimeout;
  private int fetchSize;
  private int maxRows;
  private int maxFieldSize;
  private boolean closed;
  private boolean closeOnCompletion;
  private boolean poolable;

  private PhysicalLease lease;
  private Statement physical;
  private ResultSet resultSet;
  private long updateCount = -1;
  private ResultSet generatedKeys;
  private SQLWarning warnings;
  private volatile Statement running;

  LogicalStatement(LogicalConnection connection) {
    this.connection = connection;
  }

  // --- hooks for prepared statements ------------------------------------------------------

  /** The physical statement for one target; prepared statements bind their parameters here. */
  Statement physicalStatement(Connection physicalConnection, String sql, int[] parameterMapping, boolean wantKeys) throws SQLException {
    return physicalConnection.createStatement();
  }

  boolean runPhysical(Statement statement, String sql, boolean wantKeys) throws SQLException {
    return statement.execute(sql, wantKeys ? RETURN_GENERATED_KEYS : NO_GENERATED_KEYS);
  }

  /** The values bound to the statement's parameters, for routing; empty for plain statements. */
  List<Object> routingValues() {
    return List.of();
  }

  // --- execution --------------------------------------------------------------------------

  /** Analyses, routes and runs {@code sql}; true when it produced a result set. */
  final boolean executeSql(String sql, boolean wantKeys) throws SQLException {
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
        connection.applySessionStatement(sql);
        updateCount = 0;
        return false;
      }
      default -> {
        // routed below
      }
    }
    RoutePlan plan = connection.router().plan(sql, analysis, routingValues(), connection.context(), false);
    connection.checkTransactionScope(plan);
    boolean hasResultSet;
    if (plan.isSingle() && plan.first().split() == null) {
      hasResultSet = runOn(plan.first(), sql, null, analysis, wantKeys, null);
    } else {
      runEverywhere(plan, sql, analysis, wantKeys);
      hasResultSet = false;
    }
    if (analysis.kind() == StatementAnalysis.Kind.DDL) {
      connection.runtime().refreshTableRules();
    }
    return hasResultSet;
  }

  /**
   * Runs one target, retrying on the node's surviving endpoints where that is safe (see
   * docs/failover.md): a statement whose connection could not be had (nothing was sent), a read,
   * and a write a read-only master refused. A write in flight when its connection broke, and any
   * failure inside a transaction, become a {@link ShardlineFailoverException} instead.
   */
  private boolean runOn(RoutePlan.Target target, String sql, int[] mapping, StatementAnalysis analysis, boolean wantKeys, GeneratedKeys keys)
      throws SQLException {
    Backoff backoff = null;
    while (true) {
      PhysicalLease acquired;
      try {
        acquired = connection.acquire(target);
      } catch (SQLException e) {
        if (ConnectionFailures.isConnectionFailure(e)) {
          backoff = backoff != null ? backoff : connection.newBackoff();
          if (backoff.pause()) {
            continue; // nothing was sent: safe for any statement
          }
        }
        throw e;
      }
      try {
        return attempt(acquired, target, sql, mapping, analysis, wantKeys, keys);
      } catch (SQLException e) {
        boolean inTransaction = connection.isTransaction(acquired);
        if (ConnectionFailures.isConnectionFailure(e)) {
          connection.runtime().endpointFailed(acquired.endpoint(), acquired.role(), e);
          if (inTransaction) {
            throw connection.transactionLost(acquired, e);
          }
          if (analysis.isWrite()) {
            throw new ShardlineFailoverException(ShardlineFailoverException.Outcome.UNKNOWN,
                "the connection to " + acquired.describe() + " broke while a write was in flight: it may or may not have been applied. "
                    + "Check whether it is there, then retry it [statement: " + StatementRouter.abbreviate(sql) + "]: " + e.getMessage(), e);
          }
          backoff = backoff != null ? backoff : connection.newBackoff();
          if (!analysis.lockingRead() && backoff.pause()) {
            continue; // a read: run it again on a survivor
          }
        } else if (ConnectionFailures.isReadOnlyRefusal(e) && analysis.isWrite() && acquired.role() == EndpointRole.MASTER) {
          connection.runtime().masterRefusedWrite(acquired.endpoint());
          if (inTransaction) {
            throw connection.transactionLost(acquired, e);
          }
          backoff = backoff != null ? backoff : connection.newBackoff();
          if (backoff.pause()) {
            continue; // refused, so not applied: try the next writable master
          }
        }
        throw NodeErrors.withContext(e, e.getMessage() + " [on " + acquired.describe() + "]");
      }
    }
  }

  /** One execution on one physical connection; keeps it only when a result set came back. */
  private boolean attempt(PhysicalLease acquired, RoutePlan.Target target, String sql, int[] mapping, StatementAnalysis analysis, boolean wantKeys,
      GeneratedKeys keys) throws SQLException {
    Statement statement = null;
    boolean keep = false;
    try {
      statement = physicalStatement(acquired.connection(), sql, mapping, wantKeys);
      applyOptions(statement);
      running = statement;
      boolean hasResultSet = runPhysical(statement, sql, wantKeys);
      if (analysis.isWrite()) {
        connection.wroteTo(target.node().id());
      }
      warnings = statement.getWarnings();
      if (hasResultSet) {
        lease = acquired;
        physical = statement;
        resultSet = LeasedResultSet.wrap(statement.getResultSet(), this, this::releaseCurrent);
        keep = true;
        return true;
      }
      updateCount = Math.max(0, updateCount) + Math.max(0, statement.getLargeUpdateCount());
      if (wantKeys) {
        GeneratedKeys into = keys != null ? keys : new GeneratedKeys();
        into.add(statement.getGeneratedKeys());
        if (keys == null) {
          generatedKeys = into.toResultSet();
        }
      }
      return false;
    } finally {
      running = null;
      if (!keep) {
        try {
          if (statement != null) {
            statement.close();
          }
        } catch (SQLException ignored) {
          // the statement's connection may be the broken one; the lease below is what matters
        } finally {
          connection.release(acquired);
        }
      }
    }
  }

  /** DDL, broadcast writes and split INSERTs: one execution per target, in order. */
  private void runEverywhere(RoutePlan plan, String sql, StatementAnalysis analysis, boolean wantKeys) throws SQLException {
    GeneratedKeys keys = wantKeys ? new GeneratedKeys() : null;
    List<String> done = new ArrayList<>();
    for (RoutePlan.Target target : plan.targets()) {
      String targetSql = target.split() != null ? target.split().sql() : sql;
      int[] mapping = target.split() != null ? target.split().parameterMapping() : null;
      try {
        runOn(target, targetSql, mapping, analysis, wantKeys, keys);
      } catch (SQLException e) {
        String applied = done.isEmpty() ? "no node had applied it yet" : "node(s) " + done + " had already applied it";
        throw NodeErrors.withContext(e,
            "the statement failed on node " + target.node().name() + "; " + applied
                + (analysis.kind() == StatementAnalysis.Kind.DDL ? " (re-run it once the node is back; use IF NOT EXISTS / IF EXISTS to make it idempotent)" : "")
                + ": " + e.getMessage());
      }
      done.add(target.node().name());
    }
    if (keys != null) {
      generatedKeys = keys.toResultSet();
    }
  }

  private void applyOptions(Statement statement) throws SQLException {
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
    Statement s = physical;
    PhysicalLease l = lease;
    physical = null;
    lease = null;
    resultSet = null;
    try {
      if (s != null) {
        s.close();
      }
    } finally {
      connection.release(l);
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
    return generatedKeys != null ? generatedKeys : new GeneratedKeys().toResultSet();
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
          throw new java.sql.BatchUpdateException("a batch may not contain a query: " + StatementRouter.abbreviate(batch.get(i)), "HY000", counts);
        }
        counts[i] = (int) Math.max(0, updateCount);
      }
      return counts;
    } catch (java.sql.BatchUpdateException e) {
      throw e;
    } catch (SQLException e) {
      throw new java.sql.BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), counts, e);
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

  @Override
  public void cancel() throws SQLException {
    Statement s = running;
    if (s != null) {
      s.cancel();
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
