package dev.shardline.driver.jdbc;

import dev.shardline.driver.Explanation;
import dev.shardline.driver.PoolStats;
import dev.shardline.driver.ShardlineConnection;
import dev.shardline.driver.TransactionMode;
import dev.shardline.driver.analysis.SessionSetting;
import dev.shardline.driver.analysis.StatementAnalysis;
import dev.shardline.driver.cluster.EndpointRole;
import dev.shardline.driver.execution.PhysicalLease;
import dev.shardline.driver.routing.RoutePlan;
import dev.shardline.driver.routing.RoutingContext;
import dev.shardline.driver.routing.Target;
import dev.shardline.driver.runtime.ShardlineRuntime;
import dev.shardline.driver.runtime.Version;
import dev.shardline.driver.session.ConnectionLeases;
import dev.shardline.driver.session.SessionState;
import dev.shardline.driver.session.Transaction;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLDataException;
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
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical connection: what the application holds. It owns no physical connection between
 * statements in autocommit mode; inside a transaction its {@link Transaction} holds one.
 *
 * <p>Session state the application sets (autocommit, read-only, isolation, session key, session
 * variables) lives in a {@link SessionState} and is applied to each physical connection it
 * borrows, only where that connection differs. A pool's request boundaries ({@code beginRequest}
 * / {@code endRequest}, which HikariCP calls with
 * {@code -Dcom.zaxxer.hikari.enableRequestBoundaries=true}) and {@link #resetSession()} put it back
 * to the state it had when the request began, so nothing a request set leaks to the next borrower.
 *
 * <p>Not thread safe, like a JDBC connection: one thread at a time, except {@link
 * LogicalStatement#cancel()}.
 */
public final class LogicalConnection implements ShardlineConnection {
  private static final Logger log = LoggerFactory.getLogger(LogicalConnection.class);
  private static final Pattern USE = Pattern.compile("\\s*USE\\s+`?([A-Za-z0-9_$]+)`?\\s*;?\\s*", Pattern.CASE_INSENSITIVE);

  private final ShardlineRuntime runtime;
  private final SessionState session = new SessionState();
  private final ConnectionLeases leases;
  private final Set<LogicalStatement> statements = new LinkedHashSet<>();
  private PhysicalLease metadataLease;
  private boolean closed;
  private boolean sqlBegunTransaction;

  public LogicalConnection(ShardlineRuntime runtime) {
    this.runtime = runtime;
    this.leases = new ConnectionLeases(runtime.endpoints(), runtime.physicalSessions(), session, runtime.readYourWritesMs(),
        runtime.transactionMode(), runtime.decisionLog(), runtime.nodeWorkers());
    this.leases.onTransactionLost(this::restoreAutoCommitAfterSqlTransaction);
  }

  ShardlineRuntime runtime() {
    return runtime;
  }

  ConnectionLeases leases() {
    return leases;
  }

  RoutingContext context() {
    return new RoutingContext(session.key(), !session.autoCommit(), session.readOnly(), leases.transactionNode(), leases::recentlyWrote,
        runtime.keylessWrites());
  }

  /** Where a statement goes, checked against the open transaction before anything runs. */
  RoutePlan plan(String sql, StatementAnalysis analysis, List<Object> parameters) throws SQLException {
    RoutePlan plan = runtime.plan(sql, analysis, parameters, context(), false);
    leases.checkScope(plan);
    return plan;
  }

  // --- statements the driver handles itself -------------------------------------------------

  /**
   * A {@code SET} statement: each session variable keeps its last value and is applied to every
   * physical connection this logical one uses, on any node and after any failover; {@code SET
   * autocommit} and isolation map to the JDBC calls. {@code USE} of the logical database is a no-op;
   * of any other, refused: a logical connection has one database.
   */
  void applySessionStatement(String sql, StatementAnalysis analysis) throws SQLException {
    checkOpen();
    Matcher use = USE.matcher(sql);
    if (use.matches()) {
      setCatalog(use.group(1));
      return;
    }
    for (SessionSetting setting : analysis.sessionSettings()) {
      switch (setting.kind()) {
        case AUTOCOMMIT -> setAutoCommit(setting.autocommit());
        case ISOLATION -> setTransactionIsolation(setting.isolation());
        case NEXT_TRANSACTION -> session.nextTransaction(setting.sql());
        case VARIABLE -> {
          session.setting(setting.variable(), setting.sql());
          leases.appliedInTransaction(setting.sql());
        }
      }
    }
  }

  /**
   * BEGIN, START TRANSACTION, COMMIT, ROLLBACK and savepoint statements, mapped to the JDBC calls
   * so the transaction is bound and released the same way. Like MySQL, a transaction begun by
   * SQL ends at COMMIT or ROLLBACK and autocommit comes back on.
   */
  void transactionStatement(String sql) throws SQLException {
    checkOpen();
    String text = sql.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    if (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).trim();
    }
    if (text.startsWith("BEGIN") || text.startsWith("START TRANSACTION")) {
      if (!session.autoCommit()) {
        leases.endTransaction(true); // MySQL commits an open transaction at BEGIN
      }
      setAutoCommit(false);
      sqlBegunTransaction = true;
    } else if (text.startsWith("COMMIT")) {
      if (!session.autoCommit()) {
        leases.endTransaction(true);
      }
      restoreAutoCommitAfterSqlTransaction();
    } else if (text.startsWith("ROLLBACK") && !text.contains(" TO ")) {
      if (!session.autoCommit()) {
        leases.endTransaction(false);
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
      session.autoCommit(true);
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
      // Refused now if no shard column could hold it; made canonical per statement by the column's type.
      runtime.checkExplicitKey(key);
    } catch (IllegalArgumentException e) {
      throw new SQLDataException("the session key cannot be used: " + e.getMessage(), "22023", e);
    }
    session.key(key);
  }

  @Override
  public void clearKey() throws SQLException {
    checkOpen();
    session.key(null);
  }

  @Override
  public void resetSession() throws SQLException {
    endRequest();
  }

  @Override
  public Explanation explain(String sql, Object... parameters) throws SQLException {
    checkOpen();
    RoutePlan plan = runtime.plan(sql, runtime.analyze(sql), Arrays.asList(parameters), context(), true);
    Transaction open = leases.currentTransaction();
    List<Explanation.Target> targets = new ArrayList<>();
    for (Target t : plan.targets()) {
      String endpoint = plan.shape() == RoutePlan.Shape.NO_ROWS ? "(nothing runs)" : runtime.endpoints().choose(t.node(), t.role());
      targets.add(new Explanation.Target(t.node().name(), t.role().label(), endpoint, t.keys(), plan.sql(t)));
    }
    String reason = plan.reason();
    if (open != null && open.node() != null) {
      reason += " (inside the open transaction on " + open.node().name() + ")";
    }
    return new Explanation(List.copyOf(targets), reason);
  }

  @Override
  public long nextId(String sequence) throws SQLException {
    checkOpen();
    return runtime.nextId(sequence);
  }

  @Override
  public List<PoolStats> poolStats() {
    return runtime.poolStats();
  }

  @Override
  public void setTransactionMode(TransactionMode mode) throws SQLException {
    checkOpen();
    if (mode == null) {
      throw new SQLException("setTransactionMode(null): give one of " + java.util.Arrays.toString(TransactionMode.values()), "HY024");
    }
    if (leases.currentTransaction() != null && leases.currentTransaction().node() != null) {
      throw new SQLException("setTransactionMode(" + mode + "): a transaction is open on node " + leases.currentTransaction().node().name()
          + "; commit or roll back first", "25000");
    }
    leases.endTransaction(false); // a transaction that ran nothing yet takes the new mode
    session.transactionMode(mode);
  }

  @Override
  public TransactionMode getTransactionMode() throws SQLException {
    checkOpen();
    return leases.transactionMode();
  }

  // --- request boundaries --------------------------------------------------------------------

  @Override
  public void beginRequest() throws SQLException {
    checkOpen();
    session.markBaseline();
  }

  /**
   * Puts the session back to its state at {@link #beginRequest()} (or at creation): the session
   * key, session variables, read-only, isolation and autocommit. An open transaction is rolled
   * back first: a request that returned its connection mid-transaction must not leave it to the next.
   */
  @Override
  public void endRequest() throws SQLException {
    if (closed) {
      return;
    }
    if (leases.currentTransaction() != null && leases.currentTransaction().node() != null) {
      log.warn("{}: a request ended with its transaction open on {}; it is rolled back", runtime.name(), leases.currentTransaction().node().name());
    }
    leases.endTransaction(false);
    sqlBegunTransaction = false;
    session.restoreBaseline();
    session.autoCommit(session.baselineAutoCommit());
  }

  // --- transactions -----------------------------------------------------------------------

  @Override
  public void setAutoCommit(boolean value) throws SQLException {
    checkOpen();
    if (value && !session.autoCommit()) {
      leases.endTransaction(true);
    }
    session.autoCommit(value);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return session.autoCommit();
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
    if (session.autoCommit()) {
      throw new SQLException("commit() called while autocommit is on", "25000");
    }
    leases.endTransaction(true);
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    if (session.autoCommit()) {
      throw new SQLException("rollback() called while autocommit is on", "25000");
    }
    leases.endTransaction(false);
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
    if (session.autoCommit()) {
      throw new SQLException(operation + " needs a transaction: call setAutoCommit(false) first", "25000");
    }
    return leases.transaction().bound(operation);
  }

  @Override
  public void setReadOnly(boolean value) throws SQLException {
    checkOpen();
    Transaction open = leases.currentTransaction();
    if (open != null && open.node() != null && value != session.readOnly()) {
      throw new SQLException("setReadOnly cannot change a transaction in progress on node " + open.node().name() + "; commit or roll back first", "25000");
    }
    session.readOnly(value);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return session.readOnly();
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
      throw new SQLException("unsupported transaction isolation level " + level, "HY024");
    }
    session.isolation(level);
    leases.isolationInTransaction(level);
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return session.effectiveIsolation();
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
      leases.endTransaction(false); // an open transaction is rolled back, never half-committed
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
      metadataLease = leases.borrowOutsideTransaction(Target.of(runtime.globalNode(), EndpointRole.MASTER));
    }
    DatabaseMetaData physical = metadataLease.connection().getMetaData();
    return (DatabaseMetaData) Proxy.newProxyInstance(
        DatabaseMetaData.class.getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getConnection" -> this;
          case "getURL" -> runtime.describeUrl();
          case "getDriverName" -> Version.NAME;
          case "getDriverVersion" -> Version.VERSION;
          default -> Delegation.invoke(physical, method, args);
        });
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen();
    String database = runtime.database();
    if (catalog != null && !catalog.equalsIgnoreCase(database)) {
      throw new SQLFeatureNotSupportedException(
          "a Shardline connection has one database (" + database + "); setCatalog(" + catalog + ") is not supported");
    }
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return runtime.database();
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
