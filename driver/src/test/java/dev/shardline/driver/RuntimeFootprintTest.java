package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an application that depends on {@code shardline-driver} carries at run time: at most 8 jars,
 * the driver's own included, and none of the jars that once came along unused (docs/driver.md,
 * "Footprint"). The class path is the one Maven resolved for this module's runtime scope, written by
 * the dependency plugin before the tests run (driver/pom.xml).
 */
class RuntimeFootprintTest {
  private static final int MAX_JARS = 8;
  private static final List<String> NEVER = List.of(
      "jmh-core", "jopt-simple", "commons-math3", "picocli", "protobuf-java", "micrometer");

  @Test
  void theDriverCarriesAtMostEightJarsAtRunTime() throws Exception {
    List<String> entries = runtimeClasspath();
    int jars = entries.size() + 1; // the driver's own jar
    assertTrue(jars <= MAX_JARS, "the driver brings " + jars + " jars at run time, at most " + MAX_JARS + " allowed: " + entries);
  }

  @Test
  void noBenchmarkHarnessCliOrXDevApiJarComesAlong() throws Exception {
    for (String entry : runtimeClasspath()) {
      String name = Path.of(entry).getFileName().toString();
      for (String never : NEVER) {
        assertTrue(!name.startsWith(never), entry + " is on the driver's runtime class path; the driver never uses it");
      }
    }
  }

  private static List<String> runtimeClasspath() throws Exception {
    String file = System.getProperty("shardline.runtimeClasspath");
    assertTrue(file != null && Files.isRegularFile(Path.of(file)),
        "shardline.runtimeClasspath names the file dependency:build-classpath writes (driver/pom.xml); run the test through Maven: " + file);
    String classpath = Files.readString(Path.of(file)).trim();
    assertTrue(!classpath.isEmpty(), file + " is empty");
    return Arrays.asList(classpath.split(File.pathSeparator));
  }
}
