package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.WithSandbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shardline wrapped by HikariCP, as applications run it: by jdbcUrl and by dataSourceClassName. */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(120)
class PooledByHikariIT {
  private static ClusterFixture fixture;

  @AfterAll
  static void closeRuntimes() {
    // Before the shared cluster stops, so no poller or pool talks to servers that are going away.
    ShardlineDriver.shutdown();
  }

  @BeforeAll
  static void schema(SandboxCluster cluster) throws Exception {
    fixture = ClusterFixture.prepare(cluster, "hikari");
    try (Connection c = java.sql.DriverManager.getConnection(fixture.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
    }
  }

  private static void roundTrip(HikariDataSource pool, long user) throws Exception {
    try (Connection c = pool.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
        ps.setLong(1, user);
        ps.setString(2, "pooled");
        assertEquals(1, ps.executeUpdate());
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
        ps.setLong(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("pooled", rs.getString(1));
        }
      }
      ShardlineConnection shardline = c.unwrap(ShardlineConnection.class);
      assertEquals(1, shardline.explain("SELECT * FROM users WHERE user_id = ?", user).targets().size());
    }
  }

  @Test
  void byJdbcUrl() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(fixture.url());
    config.setMaximumPoolSize(4);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      for (long user = 1; user <= 20; user++) {
        roundTrip(pool, user);
      }
    }
  }

  @Test
  void byDataSourceClassName() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSourceClassName(ShardlineDataSource.class.getName());
    config.addDataSourceProperty("url", fixture.url());
    config.setMaximumPoolSize(4);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      for (long user = 101; user <= 120; user++) {
        roundTrip(pool, user);
      }
    }
  }
}
