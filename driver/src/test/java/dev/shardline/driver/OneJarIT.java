package dev.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.sandbox.SandboxCluster;
import dev.shardline.sandbox.SandboxNode;
import dev.shardline.sandbox.WithSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * shardline-driver-<version>-all.jar alone is a working driver: a fresh JVM with only that jar on
 * its class path (OneJarProbe, run by the source launcher) writes and reads through
 * DriverManager, without Micrometer; the row is then found on the master of the node the
 * directory names, and on no other node.
 */
@WithSandbox(nodes = 2, replicasPerNode = 1)
@Timeout(180)
class OneJarIT {
  private static ClusterFixture fixture;
  private static SandboxCluster cluster;

  @BeforeAll
  static void schema(SandboxCluster sandbox) throws Exception {
    cluster = sandbox;
    fixture = ClusterFixture.prepare(sandbox, "onejar");
    try (Connection c = DriverManager.getConnection(fixture.url()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
    }
  }

  @AfterAll
  static void closeRuntimes() {
    ShardlineDriver.shutdown();
  }

  private static Path allJar() {
    String property = System.getProperty("shardline.allJar");
    assertTrue(property != null && Files.isRegularFile(Path.of(property)),
        "shardline.allJar names the jar the shade plugin builds at package (driver/pom.xml); run through mvn verify: " + property);
    return Path.of(property);
  }

  @Test
  void theAllJarBundlesWhatTheDriverRunsOnAndRelocatesItsLibraries() throws IOException {
    try (JarFile jar = new JarFile(allJar().toFile())) {
      for (String present : List.of("dev/shardline/driver/ShardlineDriver.class", "dev/shardline/directory/Directory.class",
          "com/mysql/cj/jdbc/Driver.class", "org/slf4j/Logger.class", "dev/shardline/shaded/hikari/HikariDataSource.class",
          "dev/shardline/shaded/caffeine/cache/Caffeine.class", "dev/shardline/shaded/jsqlparser/parser/CCJSqlParser.class",
          "META-INF/licenses/mysql-connector-j/LICENSE", "META-INF/licenses/README.txt")) {
        assertTrue(jar.getEntry(present) != null, "the all jar holds " + present);
      }
      assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("com/zaxxer/") || e.getName().startsWith("net/sf/jsqlparser/")
          || e.getName().startsWith("io/micrometer/") || e.getName().startsWith("picocli/") || e.getName().startsWith("org/openjdk/jmh/")
          || e.getName().startsWith("com/google/protobuf/") || e.getName().startsWith("dev/shardline/directory/cli/")),
          "no unrelocated HikariCP or JSqlParser, no Micrometer, picocli, JMH, protobuf or admin CLI in the all jar");
      String services = new String(jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(services.contains("dev.shardline.driver.ShardlineDriver") && services.contains("com.mysql.cj.jdbc.Driver"), services);
    }
  }

  @Test
  void aFreshJvmWithOnlyTheAllJarConnectsThroughDriverManager() throws Exception {
    long key = 4242;
    Path probe = Path.of(OneJarIT.class.getResource("/one-jar/OneJarProbe.java").toURI());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = Files.createTempFile(Path.of("target"), "one-jar-probe", ".log");
    Process process = new ProcessBuilder(java.toString(), "-cp", allJar().toString(), probe.toString(), fixture.url(), Long.toString(key))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean finished;
    try {
      finished = process.waitFor(120, TimeUnit.SECONDS);
    } finally {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertTrue(finished, "the probe finished within 120 s: " + output);
    assertEquals(0, process.exitValue(), output);
    Map<String, String> said = new HashMap<>();
    output.lines().filter(l -> l.matches("[a-z]+=.*")).forEach(l -> said.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    assertEquals("absent", said.get("micrometer"), output);
    assertEquals("1", said.get("inserted"), output);
    assertEquals("one-jar", said.get("name"), output);
    assertTrue(said.getOrDefault("driver", "").contains("Shardline"), output);

    String owner = said.get("node");
    for (SandboxNode node : cluster.nodes()) {
      try (Connection master = node.activeMaster().connect();
          PreparedStatement count = master.prepareStatement("SELECT COUNT(*) FROM " + fixture.appDatabase + ".users WHERE user_id = ?")) {
        count.setLong(1, key);
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          assertEquals(node.name().equals(owner) ? 1 : 0, rs.getInt(1), "rows of key " + key + " on " + node.name() + "'s master (owner " + owner + ")");
        }
      }
    }
  }
}
