package dev.shardline.driver.execution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one execution of a logical statement produced, and everything physical it still holds: the
 * physical statements whose result sets are open, and their leases. Closing it closes them and
 * gives the leases back, on every path, whichever of them fails. While the execution runs, {@link
 * #cancel()} reaches every physical statement in flight, on every node.
 *
 * <p>Thread safety: built and read by the statement's thread, except that a scatter's worker threads
 * create, hold and run their nodes' statements, and {@link #cancel()} may come from any thread: the
 * lists of held and running statements are guarded by the result's monitor.
 */
public final class Result implements AutoCloseable {
  private final LeaseSource leases;
  /** A physical statement and the lease it runs on. */
  private record Held(PhysicalLease lease, Statement statement) {}

  /** Physical statements and leases this result holds until it closes (statements close first); statements guarded by {@code this}. */
  private final List<Held> statements = new ArrayList<>(1);
  private final List<PhysicalLease> held = new ArrayList<>(1);
  /** Held leases whose results failed while being read, with the failure: discarded on close, never given back. */
  private Map<PhysicalLease, SQLException> broken;
  /** Physical statements in flight; guarded by {@code this} (cancel comes from another thread). */
  private final List<Statement> running = new ArrayList<>(1);
  private ResultSet resultSet;
  /** The lease of a physical result set answered as it is; null for a result set the driver built. */
  private PhysicalLease keptLease;
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
    holdStatement(lease, statement);
    hold(lease);
    resultSet = physical;
    keptLease = lease;
  }

  /** Holds a lease until this result closes. */
  void hold(PhysicalLease lease) {
    if (!held.contains(lease)) {
      held.add(lease);
    }
  }

  /** Holds a physical statement, created on {@code lease}, until this result closes. */
  synchronized void holdStatement(PhysicalLease lease, Statement statement) {
    statements.add(new Held(lease, statement));
  }

  /**
   * A held lease whose connection failed before any of its rows were read (its part runs again
   * elsewhere): its statements are closed and the connection is dropped from its pool now, so the
   * retry can take another and no one is lent this one.
   */
  void drop(PhysicalLease lease, SQLException cause) {
    List<Held> onLease = new ArrayList<>(1);
    synchronized (this) {
      statements.removeIf(h -> h.lease() == lease && onLease.add(h));
    }
    for (Held h : onLease) {
      try {
        h.statement().close();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
    }
    held.remove(lease);
    leases.discard(lease, cause);
    try {
      leases.release(lease);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Reading a result of {@code lease} failed. Connector/J swallows what goes wrong while a closing
   * statement drains a stream, so such a connection may still hold the failed stream (or a dead
   * socket behind it): it is discarded when this result closes, not lent to the next statement.
   */
  void readFailed(PhysicalLease lease, SQLException cause) {
    if (broken == null) {
      broken = new HashMap<>(2);
    }
    broken.putIfAbsent(lease, cause);
  }

  /**
   * Moving to the next row of {@link #resultSet()} failed. For a node's own result set, its lease is
   * {@linkplain #readFailed(PhysicalLease, SQLException) discarded}; a merged result reports the
   * node that failed itself.
   */
  public void nextFailed(SQLException cause) {
    if (keptLease != null) {
      readFailed(keptLease, cause);
    }
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
    List<Held> open;
    synchronized (this) {
      open = List.copyOf(statements);
      statements.clear();
    }
    for (Held statement : open) {
      try {
        statement.statement().close();
      } catch (SQLException e) {
        // it may leave its rows streaming on the connection: lend that connection to no one else
        failure = chain(failure, e);
        readFailed(statement.lease(), e);
      }
    }
    for (PhysicalLease lease : held) {
      SQLException brokenBy = broken == null ? null : broken.get(lease);
      if (brokenBy != null) {
        leases.discard(lease, brokenBy);
      }
      try {
        leases.release(lease);
      } catch (SQLException e) {
        failure = chain(failure, e);
      }
    }
    held.clear();
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
