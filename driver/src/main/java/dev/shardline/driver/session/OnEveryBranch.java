package dev.shardline.driver.session;

import dev.shardline.driver.execution.PhysicalLease;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * One step of a commit ({@code XA PREPARE}, {@code XA COMMIT}) run on every branch at once: the
 * first branch on the caller's thread, the others on the driver instance's workers. Each step is a
 * durable write on its own server (a binlog write and a semi-synchronous acknowledgement), so n
 * branches then cost the slowest one instead of the sum.
 *
 * <p>Each branch's connection is used by one thread at a time: handed to a worker and taken back
 * when its step is done. Thread safe: stateless but for the workers, which are shared.
 */
final class OnEveryBranch {
  /** The step on one branch. */
  interface Step {
    void run(PhysicalLease branch) throws SQLException;
  }

  private final Executor workers;

  OnEveryBranch(Executor workers) {
    this.workers = workers;
  }

  /**
   * Runs {@code step} on every branch and waits for all of them, however many fail. Returns each
   * branch's failure, in the order of {@code branches}, null where the step succeeded. A step's
   * unchecked exception (a bug) is rethrown once every branch is done.
   */
  List<SQLException> run(List<PhysicalLease> branches, Step step) {
    List<FutureTask<Void>> others = new ArrayList<>(branches.size());
    for (PhysicalLease branch : branches.subList(1, branches.size())) {
      FutureTask<Void> task = new FutureTask<>(() -> {
        step.run(branch);
        return null;
      });
      try {
        workers.execute(task);
      } catch (RejectedExecutionException closing) {
        task.run(); // the runtime is closing: finish the commit on this thread
      }
      others.add(task);
    }
    List<SQLException> failures = new ArrayList<>(branches.size());
    RuntimeException bug = null;
    try {
      step.run(branches.get(0));
      failures.add(null);
    } catch (SQLException e) {
      failures.add(e);
    } catch (RuntimeException e) {
      failures.add(null);
      bug = e;
    }
    for (FutureTask<Void> task : others) {
      Throwable failure = awaitUninterruptibly(task);
      if (failure == null) {
        failures.add(null);
      } else if (failure instanceof SQLException) {
        failures.add((SQLException) failure);
      } else {
        failures.add(null);
        bug = bug != null ? bug : failure instanceof RuntimeException ? (RuntimeException) failure : new IllegalStateException(failure);
      }
    }
    if (bug != null) {
      throw bug;
    }
    return failures;
  }

  /**
   * Waits for a branch's step even when this thread is interrupted: the branch's connection is in
   * use until then, and its outcome decides the transaction's. The interrupt is kept for the caller.
   */
  private static Throwable awaitUninterruptibly(FutureTask<Void> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          task.get();
          return null;
        } catch (ExecutionException e) {
          return e.getCause();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
