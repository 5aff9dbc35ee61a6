package dev.shardline.driver.session;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * A coordinator to kill: a separate JVM that writes a follow for two users in a two-phase
 * transaction and, at the named step of its commit, prints {@code AT <step>} and waits to be
 * killed (kill -9). Arguments: URL, step, user A, user B.
 */
public final class TwoPhaseCoordinatorProcess {
  private TwoPhaseCoordinatorProcess() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String dieAt = args[1];
    long a = Long.parseLong(args[2]);
    long b = Long.parseLong(args[3]);
    TwoPhaseSteps.onStep(step -> {
      if (step.equals(dieAt)) {
        System.out.println("AT " + step);
        System.out.flush();
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("INSERT INTO follows (user_id, other_id, direction) VALUES (?, ?, ?)")) {
      c.setAutoCommit(false);
      ps.setLong(1, a);
      ps.setLong(2, b);
      ps.setString(3, "out");
      ps.executeUpdate();
      ps.setLong(1, b);
      ps.setLong(2, a);
      ps.setString(3, "in");
      ps.executeUpdate();
      c.commit();
      System.out.println("COMMITTED");
    }
  }
}
