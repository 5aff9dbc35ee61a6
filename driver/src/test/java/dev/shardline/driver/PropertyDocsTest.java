package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/driver.md lists every property with its default, so the docs cannot drift from the code. */
class PropertyDocsTest {
  @Test
  void everyPropertyIsDocumentedWithItsDefault() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "driver.md"));
    for (ShardlineProperty property : ShardlineProperty.values()) {
      String row = docs.lines().filter(l -> l.startsWith("| `" + property.key() + "` |")).findFirst().orElse("");
      assertTrue(!row.isEmpty(), property.key() + " has a row in docs/driver.md");
      String expected = property.defaultValue().map(d -> d.isEmpty() ? "(empty)" : "`" + d + "`").orElse("(none)");
      assertTrue(row.contains("| " + expected + " |"), property.key() + " documents default " + expected + ": " + row);
      assertTrue(row.contains(property.description()), property.key() + " documents its description: " + row);
    }
  }
}
