package dev.shardline.driver.execution;

import dev.shardline.driver.analysis.ScatterQuery;
import dev.shardline.driver.cluster.NodeErrors;
import dev.shardline.driver.routing.RoutePlan;
import dev.shardline.driver.routing.StatementRouter;
import dev.shardline.driver.routing.Target;
import dev.shardline.driver.results.ScatterMerge;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One SELECT on several nodes: a connection to each, taken in node-id order (every scatter takes
 * them in the same order and at most one per node, so concurrent scatters cannot deadlock on the
 * pools, and a pool that is exhausted makes a scatter wait, bounded by the checkout timeout, never
 * hold one node while waiting for another forever); the nodes' statements run in parallel, each
 * streaming its rows; their result sets are merged ({@link ScatterMerge}).
 *
 * <p>A node that fails before the merge has read anything is a read that may be retried: it is run
 * again on a surviving endpoint through the {@link RetryPolicy}. A failure once rows flow fails the
 * whole statement, naming the node. Every connection is given back on every path: they are held by
 * the {@link Result} from the moment they are taken.
 *
 * <p>Not thread safe: one per execution; the worker threads only run the physical statements.
 */
final class ScatterRun {
  /** One node's part: its lease, its physical statement and result. */
  private record Part(PhysicalLease lease, Statement statement, ResultSet rows) {}

  private final RetryPolicy retry;
  private final ExecutorService workers;
  /** The most rows a node's part may send without streaming. */
  static final long BUFFERED_ROWS = 1_000;
  private final long maxRows;

  ScatterRun(RetryPolicy retry, ExecutorService workers, long maxRows) {
    this.retry = retry;
    this.workers = workers;
    this.maxRows = maxRows;
  }

  void run(RoutePlan plan, PhysicalCall call, LeaseSource leases, String sql, Result into) throws SQLException {
    List<Target> targets = plan.targets();
    boolean stream = streams(plan.merge());
    List<PhysicalLease> taken = new ArrayList<>(targets.size());
    for (Target target : targets) {
      PhysicalLease lease = retry.acquire(target, leases);
      into.hold(lease);
      taken.add(lease);
    }
    List<Future<Part>> running = new ArrayList<>(targets.size());
    for (int i = 1; i < targets.size(); i++) {
      Target target = targets.get(i);
      PhysicalLease lease = taken.get(i);
      running.add(workers.submit(() -> execute(target, lease, call, into, stream)));
    }
    List<Part> parts = new ArrayList<>(targets.size());
    SQLException failure = null;
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(i);
      try {
        parts.add(i == 0 ? execute(target, taken.get(0), call, into, stream) : waitFor(running.get(i - 1), into));
      } catch (SQLException e) {
        Part again = null;
        if (failure == null && retry.retryableRead(taken.get(i), leases, e)) {
          into.drop(taken.get(i), e);
          again = retry.run(target, RetryPolicy.Nature.READ, leases, sql, lease -> {
            into.hold(lease);
            return execute(target, lease, call, into, stream);
          });
        }
        if (again != null) {
          parts.add(again);
        } else if (failure == null) {
          failure = NodeErrors.withContext(e, "node " + target.node().name() + " failed to answer its part of a query on " + targets.size()
              + " nodes; nothing was returned and every node's connection is given back [statement: " + StatementRouter.abbreviate(sql) + "]: "
              + e.getMessage());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    List<ResultSet> sources = new ArrayList<>(parts.size());
    List<String> nodes = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      sources.add(parts.get(i).rows());
      nodes.add(targets.get(i).node().name());
    }
    RoutePlan.Merge merge = plan.merge();
    // A node whose stream fails mid-read may leave its connection half-read: it is never lent again.
    into.answer(ScatterMerge.open(merge.query(), sources, nodes, merge.parameters(), null, maxRows, (source, e) -> into.readFailed(parts.get(source).lease(), e)));
  }

  /**
   * Whether the nodes stream their rows. A node asked for at most {@link #BUFFERED_ROWS} rows (a
   * {@code LIMIT} in rows mode) sends them whole: streaming would cost more than those rows weigh.
   */
  private static boolean streams(RoutePlan.Merge merge) throws SQLException {
    ScatterQuery query = merge.query();
    if (query.mode() != ScatterQuery.Mode.ROWS || query.limit() == null) {
      return true;
    }
    long offset = query.offset() == null ? 0 : query.offset().value(merge.parameters());
    return offset + query.limit().value(merge.parameters()) > BUFFERED_ROWS;
  }

  private static Part execute(Target target, PhysicalLease lease, PhysicalCall call, Result into, boolean stream) throws SQLException {
    String sql = target.nodeSql().sql();
    Statement statement = call.create(lease.raw(), sql, target.nodeSql().parameterMapping());
    into.holdStatement(lease, statement);
    if (stream) {
      statement.setFetchSize(Integer.MIN_VALUE); // stream the node's rows: the merge holds one row per node, not the results
    }
    into.starting(statement);
    try {
      if (!call.run(statement, sql)) {
        throw new SQLException("node " + target.node().name() + " answered its part of a query with no result set", "HY000");
      }
      return new Part(lease, statement, statement.getResultSet());
    } finally {
      into.finished(statement);
    }
  }

  /**
   * The node's part, once its worker is done. An interrupt cancels the statements in flight, and the
   * wait goes on until the worker returns: its connection must not be given back while it runs.
   */
  private static Part waitFor(Future<Part> part, Result into) throws SQLException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return part.get();
        } catch (InterruptedException e) {
          if (!interrupted) {
            interrupted = true;
            into.cancel();
          }
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException("a node's part of the query failed: " + e.getCause(), "HY000", e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
