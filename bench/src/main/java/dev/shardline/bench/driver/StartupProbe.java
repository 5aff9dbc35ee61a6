package dev.shardline.bench.driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The child JVM of {@link StartupComparison}: from {@code DriverManager.getConnection} to the first
 * row of a point select, on a JVM that has done nothing before. Uses java.sql only, so the same
 * class runs on a class path of Connector/J alone or of Shardline.
 *
 * <p>Arguments: JDBC URL, user key. Prints {@code first_row_ms=<ms>} and {@code name=<value>}.
 */
public final class StartupProbe {
  private StartupProbe() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    long key = Long.parseLong(args[1]);
    long start = System.nanoTime();
    String name;
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement select = c.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
      select.setLong(1, key);
      try (ResultSet rs = select.executeQuery()) {
        name = rs.next() ? rs.getString(1) : "(no row)";
      }
      long elapsed = System.nanoTime() - start;
      System.out.println("first_row_ms=" + elapsed / 1e6);
      System.out.println("name=" + name);
    }
    // Shutting down is not what is measured; exit at once on both sides alike.
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
