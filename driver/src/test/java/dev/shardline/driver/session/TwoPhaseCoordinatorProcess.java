package dev.shardline.driver.session;

import dev.shardline.driver.Follows;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A coordinator to kill: a separate JVM that writes a follow for two users in a two-phase
 * transaction and, at the named step of its commit, prints {@code AT <step>} and waits to be
 * killed (kill -9). Arguments: URL, step, a step to hold at without a word ({@code -} for none:
 * it keeps a branch from committing while another one does), user A, user B.
 */
public final class TwoPhaseCoordinatorProcess {
  private TwoPhaseCoordinatorProcess() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String dieAt = args[1];
    String holdAt = args[2];
    long a = Long.parseLong(args[3]);
    long b = Long.parseLong(args[4]);
    TwoPhaseSteps.onStep(step -> {
      if (step.equals(dieAt) || step.equals(holdAt)) {
        if (step.equals(dieAt)) {
          System.out.println("AT " + step);
          System.out.flush();
        }
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      Follows.follow(c, a, b);
      c.commit();
      System.out.println("COMMITTED");
    }
  }
}
