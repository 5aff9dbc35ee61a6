package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The driver's public API is the public types of {@code dev.shardline.driver} and nothing else
 * (docs/driver.md, "Inside the driver"). What is public is frozen: a new public type here is a
 * decision, made by changing this list.
 */
class ApiSurfaceTest {
  private static final Set<String> API = Set.of(
      "Explanation",
      "PoolStats",
      "ShardlineConnection",
      "ShardlineDataSource",
      "ShardlineDriver",
      "ShardlineFailoverException",
      "ShardlineKeyMovingException",
      "ShardlinePartialCommitException",
      "ShardlineProperty",
      "TransactionMode");

  @Test
  void theApiPackageExportsExactlyTheseTypes() throws IOException, URISyntaxException, ClassNotFoundException {
    Path root = Path.of(ShardlineDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("dev/shardline/driver");
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.list(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
        String simple = file.getFileName().toString().replace(".class", "");
        Class<?> type = Class.forName("dev.shardline.driver." + simple);
        if (Modifier.isPublic(type.getModifiers())) {
          found.add(simple);
        }
      }
    }
    assertEquals(new TreeSet<>(API), found);
  }
}
