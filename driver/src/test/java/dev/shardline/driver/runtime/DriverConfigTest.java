package dev.shardline.driver.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.ShardlineProperty;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DriverConfigTest {
  private static final String BASE = "jdbc:shardline://10.0.0.1:3306,10.0.0.2/dir?user=app&password=s3cret&shardline.database=app";

  @Test
  void parsesHostsDatabaseAndDefaults() throws SQLException {
    DriverConfig config = DriverConfig.from(BASE, new Properties());
    assertEquals(List.of("10.0.0.1:3306", "10.0.0.2:3306"), config.url().directoryHosts());
    assertEquals("dir", config.url().directoryDatabase());
    assertEquals("app", config.user());
    assertEquals("s3cret", config.password());
    assertEquals("app", config.nodeUser(), "node user defaults to the URL user");
    assertEquals(10, config.integer(ShardlineProperty.POOL_MAX_SIZE));
    assertEquals("user_id", config.text(ShardlineProperty.SHARD_COLUMN));
  }

  @Test
  void passesOtherPropertiesToConnectorJAndKeepsShardlineOnes() throws SQLException {
    Properties info = new Properties();
    info.setProperty("sslMode", "DISABLED");
    info.setProperty("shardline.shardedTables", "users:user_id, posts:author_id");
    DriverConfig config = DriverConfig.from(BASE, info);
    assertEquals(Map.of("sslMode", "DISABLED"), config.passThrough());
    assertEquals(Map.of("users", "user_id", "posts", "author_id"), config.shardedTables());
  }

  @Test
  void urlPropertiesWinOverInfo() throws SQLException {
    Properties info = new Properties();
    info.setProperty("shardline.pool.maxSize", "3");
    assertEquals(7, DriverConfig.from(BASE + "&shardline.pool.maxSize=7", info).integer(ShardlineProperty.POOL_MAX_SIZE));
  }

  private static String error(String url) {
    return assertThrows(SQLException.class, () -> DriverConfig.from(url, new Properties())).getMessage();
  }

  @Test
  void refusesUnknownBadAndMissingPropertiesByName() {
    assertTrue(error(BASE + "&shardline.poolSize=3").startsWith("unknown property shardline.poolSize"));
    assertEquals("property shardline.readYourWritesMs was set to '-1', must be an integer >= 0", error(BASE + "&shardline.readYourWritesMs=-1"));
    assertTrue(error(BASE + "&shardline.shardedTables=users").contains("table:column pairs"));
    assertTrue(error(BASE.replace("&shardline.database=app", "")).contains("shardline.database is missing"));
    assertTrue(error(BASE.replace("user=app&", "")).contains("property user is missing"));
    assertTrue(error(BASE + "&shardline.directory.writeLeaseMs=100").contains("must be greater than shardline.directory.pollIntervalMs"));
    assertTrue(error(BASE + "&shardline.globalTables=countries&shardline.broadcastTables=countries").contains("countries"));
    assertTrue(error(BASE + "&shardline.shardedTables=users:user_id&shardline.globalTables=users").contains("users"));
  }

  @Test
  void refusesMalformedUrlsWithoutShowingThePassword() {
    String message = error("jdbc:shardline://host:3306?user=app&password=s3cret");
    assertTrue(message.contains("names no directory database"), message);
    assertFalse(message.contains("s3cret"), message);
    assertTrue(error("jdbc:mysql://host/db").contains("not a Shardline URL"));
  }
}
