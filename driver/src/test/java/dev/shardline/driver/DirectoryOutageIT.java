package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.Await;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The directory's primary dies under the driver: cached reads go on, writes stop after the lease, all resumes. */
@WithSandbox(nodes = 1, replicasPerNode = 1, dedicated = true)
@Timeout(120)
class DirectoryOutageIT {
  private static ClusterFixture fixture;
  private static String url;

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "outage");
    url = fixture.url("shardline.directory.writeLeaseMs=1000", "shardline.directory.pollIntervalMs=100");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(32))");
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (1, 'one'), (2, 'two')");
    }
  }

  private static void read(Connection c, long user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
      ps.setLong(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "user " + user);
      }
    }
  }

  private static int rename(Connection c, long user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE users SET name = 'renamed' WHERE user_id = ?")) {
      ps.setLong(1, user);
      return ps.executeUpdate();
    }
  }

  /** {@link #rename}, empty with the error kept in {@code lastError} when it fails (a wait's condition cannot throw). */
  private static OptionalInt tryRename(Connection c, long user, AtomicReference<SQLException> lastError) {
    try {
      return OptionalInt.of(rename(c, user));
    } catch (SQLException e) {
      lastError.set(e);
      return OptionalInt.empty();
    }
  }

  @Test
  void cachedReadsSurviveWritesWaitForTheDirectoryAndEverythingResumes() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      read(c, 1);
      read(c, 2);
      fixture.cluster.directoryPrimary().kill();
      Thread.sleep(1_500); // past the write lease
      read(c, 1);
      read(c, 2);
      SQLException refused = assertThrows(SQLException.class, () -> rename(c, 1));
      assertTrue(refused.getSQLState().startsWith("08"), refused.getSQLState() + " " + refused.getMessage());
      SQLException newKey = assertThrows(SQLException.class, () -> {
        try (Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO users (user_id, name) VALUES (3, 'three')");
        }
      });
      assertTrue(newKey.getSQLState().startsWith("08"), newKey.getMessage());

      fixture.cluster.directoryPrimary().start();
      AtomicReference<SQLException> notYet = new AtomicReference<>();
      AtomicReference<OptionalInt> updated = new AtomicReference<>(OptionalInt.empty());
      Await.until(Duration.ofSeconds(15), () -> "a write to go through once the directory primary is back; last error: " + notYet.get(),
          () -> {
            updated.set(tryRename(c, 1, notYet));
            return updated.get().isPresent();
          });
      assertEquals(1, updated.get().getAsInt(), "writes resume once the directory primary is back");
    }
  }
}
