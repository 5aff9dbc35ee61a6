package dev.shardline.driver.session;

import dev.shardline.driver.TransactionMode;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the application set on one logical connection: the session key, autocommit, read-only,
 * isolation, the transaction mode, the session variables of its {@code SET} statements (the last value per variable,
 * in the order they were last set), and a {@code SET TRANSACTION} waiting for the next transaction.
 *
 * <p>A request boundary ({@code beginRequest}) records a baseline; {@code endRequest} (or {@code
 * resetSession()}) puts everything back to it, so nothing a request set reaches the next
 * borrower of a pooled logical connection. The baseline of a new connection is its initial state.
 *
 * <p>Not thread safe: owned by one logical connection.
 */
public final class SessionState {
  private Object key;
  private boolean autoCommit = true;
  private boolean readOnly;
  private int isolation = -1;
  private final LinkedHashMap<String, String> settings = new LinkedHashMap<>();
  private String nextTransaction;
  private TransactionMode transactionMode;
  private Baseline baseline = new Baseline(null, true, false, -1, null, List.of());

  /** The state a request boundary restores; settings in their order. */
  private record Baseline(Object key, boolean autoCommit, boolean readOnly, int isolation, TransactionMode transactionMode,
      List<Map.Entry<String, String>> settings) {}

  public Object key() {
    return key;
  }

  public void key(Object value) {
    key = value;
  }

  public boolean autoCommit() {
    return autoCommit;
  }

  public void autoCommit(boolean value) {
    autoCommit = value;
  }

  /** The mode the connection chose, or null for the driver instance's {@code shardline.transactions}. */
  public TransactionMode transactionMode() {
    return transactionMode;
  }

  public void transactionMode(TransactionMode value) {
    transactionMode = value;
  }

  public boolean readOnly() {
    return readOnly;
  }

  public void readOnly(boolean value) {
    readOnly = value;
  }

  /** The isolation the application asked for, or -1 for the server's default. */
  public int isolation() {
    return isolation;
  }

  public void isolation(int level) {
    isolation = level;
  }

  /** The isolation in effect, as {@code Connection.getTransactionIsolation} reports it. */
  public int effectiveIsolation() {
    return isolation >= 0 ? isolation : Connection.TRANSACTION_REPEATABLE_READ;
  }

  /**
   * Records one session variable's statement; a variable set again keeps only its last statement,
   * moved to the end so that replaying keeps the order the application last set them in.
   */
  public void setting(String variable, String sql) {
    settings.remove(variable);
    settings.put(variable, sql);
  }

  /** The session variables' statements, in the order to apply them. */
  public List<String> settingStatements() {
    return settings.isEmpty() ? List.of() : new ArrayList<>(settings.values());
  }

  Map<String, String> settings() {
    return settings;
  }

  public boolean hasSettings() {
    return !settings.isEmpty();
  }

  /** A {@code SET TRANSACTION ...} (no scope) for the next transaction only. */
  public void nextTransaction(String sql) {
    nextTransaction = sql;
  }

  /** Takes the pending {@code SET TRANSACTION}, if any: it applies once. */
  public String takeNextTransaction() {
    String sql = nextTransaction;
    nextTransaction = null;
    return sql;
  }

  /** {@code beginRequest}: what the connection looks like now is what the request's end restores. */
  public void markBaseline() {
    List<Map.Entry<String, String>> copy = new ArrayList<>(settings.size());
    settings.forEach((variable, sql) -> copy.add(Map.entry(variable, sql)));
    baseline = new Baseline(key, autoCommit, readOnly, isolation, transactionMode, List.copyOf(copy));
  }

  /** {@code endRequest}: back to the baseline. Autocommit is restored by the caller, which ends any transaction first. */
  public void restoreBaseline() {
    key = baseline.key();
    readOnly = baseline.readOnly();
    isolation = baseline.isolation();
    transactionMode = baseline.transactionMode();
    settings.clear();
    baseline.settings().forEach(e -> settings.put(e.getKey(), e.getValue()));
    nextTransaction = null;
  }

  public boolean baselineAutoCommit() {
    return baseline.autoCommit();
  }
}
