package dev.shardline.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's main command, run as a test: every user lands on exactly one node. */
class QuickstartIT {
  @Test
  void writesEveryUserOnceAndSpreadsThemOverBothNodes() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Map<String, Long> spread =
        new Quickstart(new PrintStream(printed, true, StandardCharsets.UTF_8)).run(Path.of("target", "shardline-sandbox", "quickstart-it"));
    String report = printed.toString(StandardCharsets.UTF_8);
    assertEquals(Quickstart.USERS, spread.values().stream().mapToLong(Long::longValue).sum(), report);
    assertEquals(2, spread.size(), report);
    spread.values().forEach(users -> assertTrue(users > Quickstart.USERS / 4, "both nodes get a fair share: " + spread));
    assertTrue(report.contains("replica)"), "sampled reads were served by replicas:\n" + report);
    assertTrue(report.contains("inside a transaction") && report.contains("master)"), report);
    assertTrue(!report.contains("password=" + "shardline&"), "no password printed");
  }
}
