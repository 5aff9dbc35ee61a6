package dev.shardline.driver.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mysql.cj.jdbc.JdbcConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What each physical connection's server session holds (autocommit, isolation, the session
 * variables applied), so that a logical connection's state is applied only where it differs.
 *
 * <h2>Why not reset on every return</h2>
 *
 * Setting isolation and autocommit on each borrow and letting the pool reset them on each return
 * cost four round trips per transaction that one direct connection does not pay. Here the state a
 * physical connection carries back to its pool is left as it is and recorded; the next borrower
 * changes only what it needs otherwise. A pool whose borrowers want the same state (the usual
 * case) pays nothing after warm-up.
 *
 * <h2>How the state is kept true</h2>
 *
 * Only Shardline uses these physical connections, and it changes their session state only here and
 * through {@link #applied}. Autocommit and isolation are set on the driver's connection under the
 * pool's proxy, so HikariCP does not reset them behind this record. When the variables a
 * connection holds are not a prefix of what the borrower wants, the server session is reset
 * ({@code COM_RESET_CONNECTION} through Connector/J) and the borrower's variables applied afresh;
 * isolation is first put back to the connection's initial level, because Connector/J remembers the
 * last level it set and would otherwise skip setting it again after the reset.
 *
 * <p>Thread safety: entries are keyed weakly by the physical connection (an evicted connection's
 * entry goes with it). An entry is used only by the thread that borrowed its connection; the pool's
 * hand-off orders one borrower's use before the next.
 */
public final class PhysicalSessions {
  /** One physical connection's server session. */
  private static final class State {
    final int initialIsolation;
    int isolation;
    boolean autoCommit = true;
    final List<String> applied = new ArrayList<>();

    State(int initialIsolation) {
      this.initialIsolation = initialIsolation;
      this.isolation = initialIsolation;
    }
  }

  private final Cache<Connection, State> states = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

  /**
   * Brings {@code raw} (the driver's connection under the pool's proxy) to {@code session}'s state
   * for a statement (autocommit on) or a transaction (autocommit off).
   */
  public void prepare(Connection raw, SessionState session, boolean transaction) throws SQLException {
    State state = state(raw);
    List<String> wanted = session.hasSettings() ? session.settingStatements() : List.of();
    if (!state.applied.equals(wanted)) {
      if (!isPrefix(state.applied, wanted)) {
        reset(raw, state);
      }
      try (Statement s = raw.createStatement()) {
        for (int i = state.applied.size(); i < wanted.size(); i++) {
          s.execute(wanted.get(i));
          state.applied.add(wanted.get(i));
        }
      }
    }
    int isolation = session.isolation() >= 0 ? session.isolation() : state.initialIsolation;
    if (state.isolation != isolation) {
      raw.setTransactionIsolation(isolation);
      state.isolation = isolation;
    }
    boolean autoCommit = !transaction;
    if (state.autoCommit != autoCommit) {
      raw.setAutoCommit(autoCommit);
      state.autoCommit = autoCommit;
    }
  }

  /** A session statement just ran on {@code raw} (inside a transaction): it now holds it. */
  public void applied(Connection raw, String sql) throws SQLException {
    state(raw).applied.add(sql);
  }

  /** The isolation level of {@code raw} changes inside a transaction. */
  public void isolationSet(Connection raw, int level) throws SQLException {
    raw.setTransactionIsolation(level);
    state(raw).isolation = level;
  }

  private State state(Connection raw) throws SQLException {
    State state = states.getIfPresent(raw);
    if (state == null) {
      // First sight of this connection: nothing has changed its session yet.
      state = new State(raw.getTransactionIsolation());
      states.put(raw, state);
    }
    return state;
  }

  private static void reset(Connection raw, State state) throws SQLException {
    if (state.isolation != state.initialIsolation) {
      raw.setTransactionIsolation(state.initialIsolation);
    }
    raw.unwrap(JdbcConnection.class).resetServerState();
    state.isolation = state.initialIsolation;
    state.autoCommit = raw.getAutoCommit();
    state.applied.clear();
  }

  private static boolean isPrefix(List<String> prefix, List<String> of) {
    if (prefix.size() > of.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (!prefix.get(i).equals(of.get(i))) {
        return false;
      }
    }
    return true;
  }
}
