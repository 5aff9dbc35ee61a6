package dev.shardline.driver.execution;

import dev.shardline.driver.cluster.NodeErrors;
import dev.shardline.driver.routing.RoutePlan;
import dev.shardline.driver.routing.StatementRouter;
import dev.shardline.driver.routing.Target;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Runs a {@link RoutePlan}: every target through the {@link RetryPolicy}, into a {@link Result}.
 *
 * <ul>
 *   <li>One target: its result set stays open in the result (with its statement and lease) until
 *       the application closes it; an update gives its connection back at once.
 *   <li>Several targets (a split INSERT, DDL, a broadcast write): one after another in the plan's
 *       order, counts summed and generated keys merged. A failure stops there and names the node
 *       and the nodes that had already applied the statement (each committed its part when the
 *       connection is in autocommit mode).
 *   <li>No rows: nothing runs; see {@link RoutePlan.Shape#NO_ROWS}.
 * </ul>
 *
 * <p>Thread safety: stateless apart from its policy; safe from any thread.
 */
public final class StatementExecutor {
  private final RetryPolicy retry;
  private final EmptyResults emptyResults;
  private final ScatterRun scatter;

  /**
   * @param workers threads that run the nodes' parts of a scatter query in parallel
   * @param maxRows the most groups or DISTINCT rows a scatter merge holds in memory
   */
  public StatementExecutor(RetryPolicy retry, EmptyResults emptyResults, ExecutorService workers, long maxRows) {
    this.retry = retry;
    this.emptyResults = emptyResults;
    this.scatter = new ScatterRun(retry, workers, maxRows);
  }

  public RetryPolicy retryPolicy() {
    return retry;
  }

  /**
   * Runs {@code plan} into {@code into} (created by the caller beforehand, so that a cancel from
   * another thread can reach it while it runs).
   *
   * @param query the statement is a SELECT-like query (answers a result set when nothing runs)
   * @param sql the statement as the application gave it, for messages
   */
  public void execute(RoutePlan plan, RetryPolicy.Nature nature, boolean query, PhysicalCall call, LeaseSource leases, String sql, Result into)
      throws SQLException {
    if (call.wantsGeneratedKeys()) {
      into.expectGeneratedKeys();
    }
    switch (plan.shape()) {
      case SINGLE -> runOne(plan, plan.first(), nature, call, leases, sql, into, true);
      case NO_ROWS -> noRows(plan, query, leases, sql, into);
      case SPLIT, EVERY_NODE -> runEach(plan, nature, call, leases, sql, into);
      case SCATTER -> scatter.run(plan, call, leases, sql, into);
    }
  }

  private void runEach(RoutePlan plan, RetryPolicy.Nature nature, PhysicalCall call, LeaseSource leases, String sql, Result into)
      throws SQLException {
    List<String> done = new ArrayList<>();
    for (Target target : plan.targets()) {
      try {
        runOne(plan, target, nature, call, leases, sql, into, false);
      } catch (SQLException e) {
        String applied = done.isEmpty() ? "no node had applied it yet" : "node(s) " + done + " had already applied it";
        String advice = plan.shape() == RoutePlan.Shape.EVERY_NODE
            ? " (re-run it once the node is back; use IF NOT EXISTS / IF EXISTS to make DDL idempotent)"
            : "";
        throw NodeErrors.withContext(e, "the statement failed on node " + target.node().name() + "; " + applied + advice + ": " + e.getMessage());
      }
      done.add(target.node().name());
    }
  }

  private void runOne(RoutePlan plan, Target target, RetryPolicy.Nature nature, PhysicalCall call, LeaseSource leases, String sql,
      Result into, boolean mayKeepResultSet) throws SQLException {
    String physicalSql = plan.sql(target);
    int[] mapping = target.nodeSql() != null ? target.nodeSql().parameterMapping() : null;
    PhysicalLease done = retry.run(target, nature, leases, sql, lease -> {
      Statement statement = call.create(lease.raw(), physicalSql, mapping);
      boolean keep = false;
      try {
        into.starting(statement);
        boolean hasResultSet = call.run(statement, physicalSql);
        if (nature == RetryPolicy.Nature.WRITE) {
          leases.wrote(lease);
        }
        into.addWarnings(statement.getWarnings());
        if (hasResultSet) {
          if (!mayKeepResultSet) {
            throw new SQLException("a statement run on several nodes returned a result set on node " + target.node().name()
                + "; only updates run on several nodes [statement: " + StatementRouter.abbreviate(sql) + "]", "HY000");
          }
          into.keep(lease, statement, statement.getResultSet());
          keep = true;
          return null;
        }
        into.addUpdateCount(statement.getLargeUpdateCount());
        if (call.wantsGeneratedKeys()) {
          into.addGeneratedKeys(statement.getGeneratedKeys());
        }
        return lease;
      } finally {
        into.finished(statement);
        if (!keep) {
          closeQuietly(statement);
        }
      }
    });
    if (done != null) {
      // An update's connection goes back once it is done; not inside the attempt, where a failed
      // release would look to the retry policy like a failure of the statement.
      leases.release(done);
    }
  }

  private void noRows(RoutePlan plan, boolean query, LeaseSource leases, String sql, Result into) throws SQLException {
    if (!query) {
      into.addUpdateCount(0);
      return;
    }
    ResultSet empty = retry.run(plan.first(), RetryPolicy.Nature.READ, leases, sql, lease -> {
      try {
        return emptyResults.describe(lease.raw(), plan.sql());
      } finally {
        leases.release(lease);
      }
    });
    into.answer(empty);
  }

  private static void closeQuietly(Statement statement) {
    try {
      statement.close();
    } catch (SQLException ignored) {
      // the statement's connection may be the broken one; the lease is what matters
    }
  }
}
