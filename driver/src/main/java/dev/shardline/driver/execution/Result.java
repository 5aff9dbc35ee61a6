package dev.shardline.driver.execution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What one execution of a logical statement produced, and everything physical it still holds: the
 * physical statements whose result sets are open, and their leases. Closing it closes them and
 * gives the leases back, on every path, whichever of them fails. While the execution runs, {@link
 * #cancel()} reaches every physical statement in flight, on every node.
 *
 * <p>Thread safety: built and read by the statement's thread; {@link #cancel()} may come from any
 * thread (the list of running statements is guarded by the result's monitor).
 */
public final class Result implements AutoCloseable {
  /** A physical statement whose result set is still open, and its lease. */
  private record Open(PhysicalLease lease, Statement statement) {}

  private final LeaseSource leases;
  private final List<Open> open = new ArrayList<>(1);
  /** Physical statements in flight; guarded by {@code this} (cancel comes from another thread). */
  private final List<Statement> running = new ArrayList<>(1);
  private ResultSet resultSet;
  private long updateCount = -1;
  private GeneratedKeys generatedKeys;
  private SQLWarning warnings;
  private volatile boolean cancelled;
  private boolean closed;

  public Result(LeaseSource leases) {
    this.leases = leases;
  }

  /** A result set (physical, or built by the driver); null for an update. */
  public ResultSet resultSet() {
    return resultSet;
  }

  public boolean hasResultSet() {
    return resultSet != null;
  }

  /** The update count, summed over the nodes it ran on; -1 for a result set. */
  public long updateCount() {
    return updateCount;
  }

  /** Generated keys of every node, in execution order; null when none were asked for. */
  public ResultSet generatedKeys() throws SQLException {
    return generatedKeys == null ? null : generatedKeys.toResultSet();
  }

  public SQLWarning warnings() {
    return warnings;
  }

  // --- filled by the executor -----------------------------------------------------------

  void starting(Statement statement) throws SQLException {
    synchronized (this) {
      running.add(statement);
    }
    if (cancelled) {
      statement.cancel(); // cancel() came while this node's statement was being prepared
    }
  }

  synchronized void finished(Statement statement) {
    running.remove(statement);
  }

  /** Keeps a physical result set open, with its statement and lease, until this result closes. */
  void keep(PhysicalLease lease, Statement statement, ResultSet physical) {
    open.add(new Open(lease, statement));
    resultSet = physical;
  }

  /** A result set the driver built (no physical resources behind it). */
  void answer(ResultSet built) {
    resultSet = built;
  }

  void addUpdateCount(long count) {
    updateCount = Math.max(0, updateCount) + Math.max(0, count);
  }

  void addGeneratedKeys(ResultSet physicalKeys) throws SQLException {
    if (generatedKeys == null) {
      generatedKeys = new GeneratedKeys();
    }
    generatedKeys.add(physicalKeys);
  }

  void expectGeneratedKeys() throws SQLException {
    if (generatedKeys == null) {
      generatedKeys = new GeneratedKeys();
    }
  }

  void addWarnings(SQLWarning more) {
    if (more == null) {
      return;
    }
    if (warnings == null) {
      warnings = more;
    } else {
      warnings.setNextWarning(more);
    }
  }

  // --- control ----------------------------------------------------------------------------

  /** Cancels every physical statement running for this result, on every node. */
  public void cancel() throws SQLException {
    cancelled = true;
    List<Statement> inFlight;
    synchronized (this) {
      inFlight = List.copyOf(running);
    }
    SQLException failure = null;
    for (Statement statement : inFlight) {
      try {
        statement.cancel();
      } catch (SQLException e) {
        failure = chain(failure, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes open physical statements and gives their leases back; idempotent. */
  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    SQLException failure = null;
    for (Open o : open) {
      try {
        o.statement().close();
      } catch (SQLException e) {
        failure = chain(failure, e);
      }
      try {
        leases.release(o.lease());
      } catch (SQLException e) {
        failure = chain(failure, e);
      }
    }
    open.clear();
    if (failure != null) {
      throw failure;
    }
  }

  static SQLException chain(SQLException first, SQLException next) {
    if (first == null) {
      return next;
    }
    first.setNextException(next);
    return first;
  }
}
