package dev.shardline.bench.driver;

import dev.shardline.driver.ShardlineConnection;
import dev.shardline.sandbox.SandboxNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up on a fresh JVM: the time from {@code DriverManager.getConnection} to the first row of a
 * point select ({@link StartupProbe}, one child JVM per measurement), through Connector/J alone
 * straight to the key's replica and through Shardline, twice: from the one jar
 * ({@code shardline-driver-*-all.jar}) and from the driver's 7 jars as an application carries them.
 * Rounds alternate between the sides. Also the wall time of each child process (JVM start to exit).
 *
 * <p>Arguments: rounds (default 10). Needs {@code mvn install -DskipTests} first (the one jar and
 * driver/target/runtime-classpath.txt come from the driver's build). Target: Shardline's median less
 * than 500 ms above Connector/J's; exit status 1 when missed.
 */
public final class StartupComparison {
  private static final long KEY = 42;
  private static final double TARGET_MS = 500;

  private StartupComparison() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path driverTarget = Path.of("..", "driver", "target").toAbsolutePath().normalize();
    Path probeClasses = Path.of(StartupProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path connectorJ = Path.of(com.mysql.cj.jdbc.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path allJar = oneJar(driverTarget);
    String driverJars = driverJars(driverTarget);

    try (BenchCluster bench = BenchCluster.start("startup")) {
      String owner;
      try (Connection c = DriverManager.getConnection(bench.url)) {
        owner = c.unwrap(ShardlineConnection.class).explain("SELECT name FROM users WHERE user_id = ?", KEY).targets().get(0).node();
      }
      SandboxNode node = bench.cluster.node(owner);
      String direct = bench.directReplicaUrl(node) + "&user=" + dev.shardline.sandbox.SandboxCluster.APP_USER + "&password="
          + dev.shardline.sandbox.SandboxCluster.APP_PASSWORD;
      dev.shardline.driver.ShardlineDriver.shutdown();

      Map<String, String[]> sides = new LinkedHashMap<>();
      sides.put("Connector/J alone", new String[] {probeClasses + File.pathSeparator + connectorJ, direct});
      sides.put("Shardline, one jar", new String[] {probeClasses + File.pathSeparator + allJar, bench.url});
      sides.put("Shardline, 7 jars", new String[] {probeClasses + File.pathSeparator + driverJars, bench.url});
      Map<String, List<double[]>> figures = new LinkedHashMap<>();
      sides.keySet().forEach(side -> figures.put(side, new ArrayList<>()));

      System.out.printf(Locale.ROOT, "fresh JVM (%s), key %d on %s; getConnection to first row, and the child's wall time%n",
          Runtime.version(), KEY, owner);
      run(sides.get("Connector/J alone")); // the servers' and the OS's caches warm for everyone; not counted
      run(sides.get("Shardline, one jar"));
      for (int round = 1; round <= rounds; round++) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %2d:", round));
        for (Map.Entry<String, String[]> side : sides.entrySet()) {
          double[] measured = run(side.getValue());
          figures.get(side.getKey()).add(measured);
          line.append(String.format(Locale.ROOT, "  %s %6.0f ms (process %5.0f ms)", side.getKey(), measured[0], measured[1]));
        }
        System.out.println(line);
      }
      double base = median(figures.get("Connector/J alone"), 0);
      System.out.println();
      boolean met = true;
      for (String side : sides.keySet()) {
        double firstRow = median(figures.get(side), 0);
        double process = median(figures.get(side), 1);
        String verdict = "";
        if (!side.equals("Connector/J alone")) {
          boolean ok = firstRow - base < TARGET_MS;
          met &= ok;
          verdict = String.format(Locale.ROOT, "  +%.0f ms over Connector/J (target < %.0f): %s", firstRow - base, TARGET_MS, ok ? "met" : "MISSED");
        }
        System.out.printf(Locale.ROOT, "median %-20s first row %6.0f ms, process %6.0f ms%s%n", side, firstRow, process, verdict);
      }
      System.out.println("ShardingSphere-JDBC 5.5.2 for comparison: creating its DataSource took 3.9-4.6 s here (ShardingSphereComparison)");
      if (!met) {
        System.exit(1);
      }
    }
  }

  /** {first row ms, process wall ms} of one child JVM. */
  private static double[] run(String[] side) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = Files.createTempFile("startup-probe", ".log");
    try {
      long start = System.nanoTime();
      Process process = new ProcessBuilder(java.toString(), "-cp", side[0], StartupProbe.class.getName(), side[1], Long.toString(KEY))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the start-up probe did not finish within 60 s: " + Files.readString(log));
      }
      double wall = (System.nanoTime() - start) / 1e6;
      String output = Files.readString(log);
      if (process.exitValue() != 0 || !output.contains("name=user " + KEY)) {
        throw new IllegalStateException("the start-up probe failed (exit " + process.exitValue() + "): " + output);
      }
      String firstRow = output.lines().filter(l -> l.startsWith("first_row_ms=")).findFirst().orElseThrow();
      return new double[] {Double.parseDouble(firstRow.substring("first_row_ms=".length())), wall};
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static Path oneJar(Path driverTarget) throws IOException {
    try (Stream<Path> files = Files.list(driverTarget)) {
      return files.filter(f -> f.getFileName().toString().matches("shardline-driver-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no shardline-driver-*-all.jar in " + driverTarget + "; run mvn install -DskipTests first"));
    }
  }

  /** The driver's jar and its runtime class path as the driver's build resolved it. */
  private static String driverJars(Path driverTarget) throws IOException {
    Path classpath = driverTarget.resolve("runtime-classpath.txt");
    if (!Files.isRegularFile(classpath)) {
      throw new IllegalStateException(classpath + " is missing; run mvn install -DskipTests first");
    }
    try (Stream<Path> files = Files.list(driverTarget)) {
      Path jar = files.filter(f -> f.getFileName().toString().matches("shardline-driver-[^-]+(-SNAPSHOT)?\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no shardline-driver jar in " + driverTarget));
      return jar + File.pathSeparator + Files.readString(classpath).trim();
    }
  }

  private static double median(List<double[]> values, int index) {
    double[] sorted = values.stream().mapToDouble(v -> v[index]).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
