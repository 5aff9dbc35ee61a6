package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DirectoryConfigTest {
  private final DataSource primary = new MysqlDataSource();

  @Test
  void defaults() {
    DirectoryConfig config = DirectoryConfig.builder().primary(primary).build();
    assertSame(primary, config.primary());
    assertEquals(List.of(), config.replicas());
    assertEquals(1_000_000, config.cacheMaximumSize());
    assertEquals(Duration.ofMillis(250), config.pollInterval());
    assertEquals(Duration.ofSeconds(2), config.writeLease());
    assertSame(PlacementPolicy.weightedLeastLoaded(), config.placementPolicy());
    assertEquals("directory", config.instanceName());
  }

  @Test
  void primaryIsRequired() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DirectoryConfig.builder().build());
    assertTrue(e.getMessage().startsWith("primary is not set"), e.getMessage());
  }

  @Test
  void badValuesAreRefusedNamingSettingAndValue() {
    DirectoryConfig.Builder b = DirectoryConfig.builder();
    assertMessage("cacheMaximumSize must be between 1 and 1000000000, was 0", () -> b.cacheMaximumSize(0));
    assertMessage("pollInterval must be between 10ms and 60s, was 5ms", () -> b.pollInterval(Duration.ofMillis(5)));
    assertMessage("pollInterval must be between 10ms and 60s, was 2min", () -> b.pollInterval(Duration.ofMinutes(2)), true);
    assertMessage("writeLease must be between 1ns and 600s, was 0ns", () -> b.writeLease(Duration.ZERO));
    assertMessage("pollInterval must not be null", () -> b.pollInterval(null));
    assertMessage("instanceName must be 1 to 64 visible characters without spaces, was 'a b'", () -> b.instanceName("a b"));
    assertMessage("replicas[1] is null", () -> b.replicas(Arrays.asList(primary, null)));
  }

  @Test
  void leaseMustBeLongerThanPollInterval() {
    DirectoryConfig.Builder b =
        DirectoryConfig.builder().primary(primary).pollInterval(Duration.ofMillis(500)).writeLease(Duration.ofMillis(500));
    IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
    assertEquals(
        "writeLease (500ms) must be longer than pollInterval (500ms), or every write would wait for a fresh look-up",
        e.getMessage());
    b.writeLease(Duration.ofMillis(501)).build();
  }

  private static void assertMessage(String expected, Runnable action) {
    assertMessage(expected, action, false);
  }

  /** With {@code prefixOnly}, only the text before ", was" must match (the value's format may vary). */
  private static void assertMessage(String expected, Runnable action, boolean prefixOnly) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    if (prefixOnly) {
      assertTrue(e.getMessage().startsWith(expected.substring(0, expected.indexOf(", was"))), e.getMessage());
    } else {
      assertEquals(expected, e.getMessage());
    }
  }
}
