package dev.shardline.driver;

import dev.shardline.directory.ShardKey;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One logical connection: what the application holds. It owns no physical connection between
 * statements in autocommit mode; inside a transaction it holds one, on the master (or, read-only,
 * a replica) of the node its first statement went to, and refuses statements for other nodes.
 *
 * <p>Session state the application sets (autocommit, read-only, isolation, session key, session
 * statements) lives here and is applied to each physical connection it borrows.
 *
 * <p>Not thread safe, like a JDBC connection: one thread at a time, except {@link
 * LogicalStatement#cancel()}.
 */
final class LogicalConnection implements ShardlineConnection {
  private final ShardlineRuntime runtime;
  private final StatementRouter router;
  private final Set<LogicalStatement> statements = new LinkedHashSet<>();
  private final Map<Integer, Long> writeWindows = new HashMap<>();
  private final List<String> sessionStatements = new ArrayList<>();
  private final long readYourWritesNanos;

  private boolean autoCommit = true;
  private boolean readOnly;
  private int isolation = -1;
  private ShardKey sessionKey;
  private PhysicalLease transaction;
  private PhysicalLease metadataLease;
  private boolean closed;
  private boolean sqlBegunTransaction;

  LogicalConnection(ShardlineRuntime runtime) {
    this.runtime = runtime;
    this.router = new StatementRouter(runtime);
    this.readYourWritesNanos = runtime.config().millis(ShardlineProperty.READ_YOUR_WRITES_MS).toNanos();
  }

  ShardlineRuntime runtime() {
    return runtime;
  }

  StatementRouter router() {
    return router;
  }

  RoutingContext context() {
    long now = System.nanoTime();
    return new RoutingContext(sessionKey, !autoCommit, readOnly, id -> {
      Long until = writeWindows.get(id);
      return until != null && until - now > 0;
    });
  }

  /**
   * The physical connection a target runs on: the transaction's, once bound, else a fresh one
   * from the target endpoint's pool. A transaction refuses a second node before anything runs.
   */
  PhysicalLease acquire(RoutePlan.Target target) throws SQLException {
    checkOpen();
    if (!autoCommit) {
      if (transaction == null) {
        PhysicalLease begun = borrow(target);
        try {
          begun.connection().setAutoCommit(false);
        } catch (SQLException e) {
          begun.close(); // never bind a transaction to a connection that could not begin one
          throw e;
        }
        transaction = begun;
      } else if (transaction.node().id() != target.node().id()) {
        throw crossNode(target);
      }
      return transaction;
    }
    return borrow(target);
  }

  /** Checks, before anything runs, that every target fits the bound transaction. */
  void checkTransactionScope(RoutePlan plan) throws SQLException {
    if (autoCommit) {
      return;
    }
    int bound = transaction != null ? transaction.node().id() : plan.first().node().id();
    for (RoutePlan.Target target : plan.targets()) {
      if (target.node().id() != bound) {
        throw crossNode(target);
      }
    }
    if (readOnly && plan.targets().stream().anyMatch(t -> t.role() == EndpointRole.MASTER) && transaction != null
        && transaction.role() == EndpointRole.REPLICA) {
      throw new SQLException("the connection is read-only and its transaction runs on a replica of " + transaction.node().name()
          + "; call setReadOnly(false) before the transaction to write", "25006");
    }
  }

  private SQLException crossNode(RoutePlan.Target target) {
    String bound = transaction != null ? transaction.node().name() : "another node";
    return new SQLException(
        "the transaction is bound to node " + bound + " (its first statement went there) and this statement needs node "
            + target.node().name() + " (keys " + target.keys() + "); nothing was executed. A transaction spans one node: "
            + "commit or roll back first, or keep a transaction's keys on one node", "25000");
  }

  private PhysicalLease borrow(RoutePlan.Target target) throws SQLException {
    EndpointRole role = target.role();
    String endpoint = runtime.endpoint(target.node(), role);
    java.sql.Connection physical = runtime.borrow(target.node(), role, endpoint);
    PhysicalLease lease = new PhysicalLease(target.node(), role, endpoint, physical);
    try {
      if (isolation >= 0) {
        physical.setTransactionIsolation(isolation);
      }
      if (!sessionStatements.isEmpty()) {
        lease.markSessionChanged();
        try (Statement s = physical.createStatement()) {
          for (String sql : sessionStatements) {
            s.execute(sql);
          }
        }
      }
      return lease;
    } catch (SQLException e) {
      lease.close();
      throw e;
    }
  }

  Backoff newBackoff() {
    long deadline = runtime.failoverEnabled() ? runtime.config().integer(ShardlineProperty.FAILOVER_DEADLINE_MS) : 0;
    return new Backoff(deadline, runtime.config().integer(ShardlineProperty.FAILOVER_BACKOFF_MS));
  }

  boolean isTransaction(PhysicalLease lease) {
    return lease != null && lease == transaction;
  }

  /**
   * The transaction's physical connection broke (or its master turned read-only): the server
   * rolls the transaction back, so it is dropped here too. The connection stays usable; its next
   * statement begins a new transaction on a surviving endpoint.
   */
  ShardlineFailoverException transactionLost(PhysicalLease lease, SQLException cause) {
    transaction = null;
    try {
      lease.close();
    } catch (SQLException alreadyBroken) {
      cause.addSuppressed(alreadyBroken);
    }
    restoreAutoCommitAfterSqlTransaction();
    return new ShardlineFailoverException(ShardlineFailoverException.Outcome.ROLLED_BACK,
        "the transaction on " + lease.describe() + " was rolled back: its connection failed (" + cause.getMessage()
            + "). Nothing of it is committed; retry the whole transaction", cause);
  }

  /** Gives back a statement's physical connection, unless it is the transaction's. */
  void release(PhysicalLease lease) throws SQLException {
    if (lease != null && lease != transaction) {
      lease.close();
    }
  }

  /** Reads of this node go to its master for the read-your-writes window. */
  void wroteTo(int nodeId) {
    if (readYourWritesNanos > 0) {
      writeWindows.put(nodeId, System.nanoTime() + readYourWritesNanos);
    }
  }

  private static final java.util.regex.Pattern USE = java.util.regex.Pattern.compile(
      "\\s*USE\\s+`?([A-Za-z0-9_$]+)`?\\s*;?\\s*", java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * A {@code SET} statement: kept and applied to every physical connection this logical one uses,
   * on any node and after any failover, in order. {@code USE} of the logical database is a no-op;
   * of any other, refused: a logical connection has one database.
   */
  void applySessionStatement(String sql) throws SQLException {
    checkOpen();
    java.util.regex.Matcher use = USE.matcher(sql);
    if (use.matches()) {
      setCatalog(use.group(1));
      return;
    }
    if (transaction != null) {
      try (Statement s = transaction.connection().createStatement()) {
        s.execute(sql);
      }
      transaction.markSessionChanged();
    }
    sessionStatements.add(sql);
  }

  /**
   * BEGIN, START TRANSACTION, COMMIT, ROLLBACK and savepoint statements, mapped to the JDBC calls
   * so the transaction is bound and released the same way. Like MySQL, a transaction begun by
   * SQL ends at COMMIT or ROLLBACK and autocommit comes back on.
   */
  void transactionStatement(String sql) throws SQLException {
    checkOpen();
    String text = sql.trim().replaceAll("\\s+", " ").toUpperCase(java.util.Locale.ROOT);
    if (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).trim();
    }
    if (text.startsWith("BEGIN") || text.startsWith("START TRANSACTION")) {
      if (!autoCommit) {
        endTransaction(true); // MySQL commits an open transaction at BEGIN
      }
      setAutoCommit(false);
      sqlBegunTransaction = true;
    } else if (text.startsWith("COMMIT")) {
      if (!autoCommit) {
        endTransaction(true);
      }
      restoreAutoCommitAfterSqlTransaction();
    } else if (text.startsWith("ROLLBACK") && !text.contains(" TO ")) {
      if (!autoCommit) {
        endTransaction(false);
      }
      restoreAutoCommitAfterSqlTransaction();
    } else {
      try (Statement s = boundTransaction(text.split(" ")[0]).createStatement()) {
        s.execute(sql);
      }
    }
  }

  private void restoreAutoCommitAfterSqlTransaction() {
    if (sqlBegunTransaction) {
      autoCommit = true;
      sqlBegunTransaction = false;
    }
  }

  void forget(LogicalStatement statement) {
    statements.remove(statement);
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("the connection is closed", "08003");
    }
  }

  // --- Shardline API ----------------------------------------------------------------------

  @Override
  public void useKey(Object key) throws SQLException {
    checkOpen();
    try {
      sessionKey = ShardKey.of(key);
    } catch (IllegalArgumentException e) {
      throw new SQLException("useKey: " + e.getMessage(), "22023", e);
    }
  }

  @Override
  public void clearKey() throws SQLException {
    checkOpen();
    sessionKey = null;
  }

  @Override
  public Explanation explain(String sql, Object... parameters) throws SQLException {
    checkOpen();
    RoutePlan plan = router.plan(sql, runtime.analyze(sql), Arrays.asList(parameters), context(), true);
    List<Explanation.Target> targets = new ArrayList<>();
    for (RoutePlan.Target t : plan.targets()) {
      EndpointRole role = transaction != null ? transaction.role() : t.role();
      String endpoint = transaction != null ? transaction.endpoint() : runtime.endpoint(t.node(), role);
      targets.add(new Explanation.Target(t.node().name(), role.label(), endpoint, t.keys()));
    }
    return new Explanation(List.copyOf(targets), plan.reason());
  }

  @Override
  public List<PoolStats> poolStats() {
    return runtime.poolStats();
  }

  // --- transactions -----------------------------------------------------------------------

  @Override
  public void setAutoCommit(boolean value) throws SQLException {
    checkOpen();
    if (value && !autoCommit) {
      endTransaction(true);
    }
    autoCommit = value;
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return autoCommit;
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
    if (autoCommit) {
      throw new SQLException("commit() called while autocommit is on", "25000");
    }
    endTransaction(true);
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    if (autoCommit) {
      throw new SQLException("rollback() called while autocommit is on", "25000");
    }
    endTransaction(false);
  }

  private void endTransaction(boolean commit) throws SQLException {
    PhysicalLease tx = transaction;
    if (tx == null) {
      return;
    }
    transaction = null;
    try {
      if (commit) {
        tx.connection().commit();
        if (tx.role() == EndpointRole.MASTER) {
          wroteTo(tx.node().id());
        }
      } else {
        tx.connection().rollback();
      }
    } catch (SQLException e) {
      if (!ConnectionFailures.isConnectionFailure(e)) {
        throw e;
      }
      runtime.endpointFailed(tx.endpoint(), tx.role(), e);
      if (commit) {
        throw new ShardlineFailoverException(ShardlineFailoverException.Outcome.UNKNOWN,
            "the connection to " + tx.describe() + " broke during COMMIT: the transaction may or may not be committed. "
                + "Check whether its writes are there, then retry it: " + e.getMessage(), e);
      }
      // A rollback whose connection broke: the server discards an uncommitted transaction on disconnect.
    } finally {
      try {
        tx.close();
      } catch (SQLException alreadyBroken) {
        // evicted by the pool; nothing more to give back
      }
    }
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return boundTransaction("setSavepoint").setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return boundTransaction("setSavepoint").setSavepoint(name);
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    boundTransaction("rollback(Savepoint)").rollback(savepoint);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    boundTransaction("releaseSavepoint").releaseSavepoint(savepoint);
  }

  private java.sql.Connection boundTransaction(String operation) throws SQLException {
    checkOpen();
    if (autoCommit) {
      throw new SQLException(operation + " needs a transaction: call setAutoCommit(false) first", "25000");
    }
    if (transaction == null) {
      throw new SQLException(operation + ": the transaction is not bound to a node yet; run its first statement before taking a savepoint", "25000");
    }
    return transaction.connection();
  }

  @Override
  public void setReadOnly(boolean value) throws SQLException {
    checkOpen();
    if (transaction != null && value != readOnly) {
      throw new SQLException("setReadOnly cannot change a transaction in progress on " + transaction.describe() + "; commit or roll back first", "25000");
    }
    readOnly = value;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return readOnly;
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
      throw new SQLException("unsupported transaction isolation level " + level, "HY024");
    }
    isolation = level;
    if (transaction != null) {
      transaction.connection().setTransactionIsolation(level);
    }
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return isolation >= 0 ? isolation : TRANSACTION_REPEATABLE_READ;
  }

  // --- statements -------------------------------------------------------------------------

  private <T extends LogicalStatement> T track(T statement) {
    statements.add(statement);
    return statement;
  }

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    return track(new LogicalStatement(this));
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    requireDefaultCursor(resultSetType, resultSetConcurrency);
    return createStatement();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    requireDefaultCursor(resultSetType, resultSetConcurrency);
    return createStatement();
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    checkOpen();
    return track(new LogicalPreparedStatement(this, sql, Statement.NO_GENERATED_KEYS));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    checkOpen();
    return track(new LogicalPreparedStatement(this, sql, autoGeneratedKeys));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    requireDefaultCursor(resultSetType, resultSetConcurrency);
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    requireDefaultCursor(resultSetType, resultSetConcurrency);
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
  }

  private static void requireDefaultCursor(int type, int concurrency) throws SQLException {
    if (type != ResultSet.TYPE_FORWARD_ONLY || concurrency != ResultSet.CONCUR_READ_ONLY) {
      throw new SQLFeatureNotSupportedException(
          "Shardline supports forward-only, read-only result sets (asked for type " + type + ", concurrency " + concurrency + ")");
    }
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw new SQLFeatureNotSupportedException("stored procedure calls are not routed by Shardline; call them on a node directly");
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    return prepareCall(sql);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return prepareCall(sql);
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    return sql;
  }

  // --- lifecycle --------------------------------------------------------------------------

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    SQLException failure = null;
    for (LogicalStatement statement : List.copyOf(statements)) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = chain(failure, e);
      }
    }
    try {
      endTransaction(false); // an open transaction is rolled back, never half-committed
    } catch (SQLException e) {
      failure = chain(failure, e);
    }
    try {
      if (metadataLease != null) {
        metadataLease.close();
        metadataLease = null;
      }
    } catch (SQLException e) {
      failure = chain(failure, e);
    }
    closed = true;
    if (failure != null) {
      throw failure;
    }
  }

  private static SQLException chain(SQLException first, SQLException next) {
    if (first == null) {
      return next;
    }
    first.setNextException(next);
    return first;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw new SQLException("isValid timeout must be >= 0, was " + timeout, "HY024");
    }
    return !closed;
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    close();
  }

  // --- metadata, catalog, misc ------------------------------------------------------------

  /** Metadata of the global node's master, answered on a connection held until this one closes. */
  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    if (metadataLease == null) {
      metadataLease = borrow(new RoutePlan.Target(runtime.globalNode(), EndpointRole.MASTER, null, List.of()));
    }
    DatabaseMetaData physical = metadataLease.connection().getMetaData();
    return (DatabaseMetaData) Proxy.newProxyInstance(
        DatabaseMetaData.class.getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            return this;
          }
          if (method.getName().equals("getURL")) {
            return ShardlineUrl.redact(ShardlineUrl.PREFIX + String.join(",", runtime.config().url().directoryHosts()) + "/" + runtime.config().url().directoryDatabase());
          }
          if (method.getName().equals("getDriverName")) {
            return ShardlineDriver.NAME;
          }
          if (method.getName().equals("getDriverVersion")) {
            return ShardlineDriver.VERSION;
          }
          return Delegation.invoke(physical, method, args);
        });
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen();
    String database = runtime.config().text(ShardlineProperty.DATABASE);
    if (catalog != null && !catalog.equalsIgnoreCase(database)) {
      throw new SQLFeatureNotSupportedException(
          "a Shardline connection has one database (" + database + "); setCatalog(" + catalog + ") is not supported");
    }
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return runtime.config().text(ShardlineProperty.DATABASE);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    setCatalog(schema);
  }

  @Override
  public String getSchema() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return new HashMap<>();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    if (map != null && !map.isEmpty()) {
      throw new SQLFeatureNotSupportedException("custom type maps are not supported");
    }
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    checkOpen();
  }

  @Override
  public int getHoldability() throws SQLException {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public Clob createClob() throws SQLException {
    throw new SQLFeatureNotSupportedException("createClob is not supported; bind a String or a Reader instead");
  }

  @Override
  public Blob createBlob() throws SQLException {
    throw new SQLFeatureNotSupportedException("createBlob is not supported; bind a byte[] or an InputStream instead");
  }

  @Override
  public NClob createNClob() throws SQLException {
    throw new SQLFeatureNotSupportedException("createNClob is not supported; bind a String instead");
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw new SQLFeatureNotSupportedException("SQLXML is not supported by MySQL");
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    throw new SQLFeatureNotSupportedException("arrays are not supported by MySQL");
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    throw new SQLFeatureNotSupportedException("structs are not supported by MySQL");
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    // Client info is not forwarded to the nodes; accepting it keeps pools that set it working.
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    // see setClientInfo(String, String)
  }

  @Override
  public String getClientInfo(String name) {
    return null;
  }

  @Override
  public Properties getClientInfo() {
    return new Properties();
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    checkOpen();
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return 0;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("a Shardline connection is not a wrapper for " + iface.getName(), "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
