package dev.shardline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No mariadbd of ours outlives its cluster, even when the JVM that started it is killed. */
class SandboxLifecycleIT {

  @Test
  void closeStopsEveryServer() {
    SandboxCluster cluster =
        SandboxCluster.builder()
            .nodes(1)
            .replicasPerNode(1)
            .dataRoot(Path.of("target", "shardline-sandbox", "lifecycle"))
            .start();
    List<Long> pids = cluster.instances().stream().map(SandboxInstance::pid).toList();
    assertEquals(5, pids.size(), "dir-primary, dir-replica, master, passive, replica");
    cluster.close();
    for (long pid : pids) {
      assertFalse(alive(pid), "mariadbd " + pid + " still runs after close");
    }
    cluster.close(); // idempotent
  }

  @Test
  void serversOfAKilledJvmAreKilledByTheNextStart() throws Exception {
    Path root = Path.of("target", "shardline-sandbox", "orphans").toAbsolutePath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process jvm =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SandboxCommand.class.getName(), "up", "--nodes", "1", "--replicas", "0", "--no-passive",
                "--data-root", root.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean running = false;
      while (!running && (line = out.readLine()) != null) {
        running = line.startsWith("Running.");
      }
      assertTrue(running, "the sandbox CLI came up");
      List<Long> servers = serversUnder(root);
      assertEquals(3, servers.size(), "dir-primary, dir-replica and node1-master run");

      jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9: no shutdown hook runs
      assertTrue(servers.stream().allMatch(SandboxLifecycleIT::alive), "servers outlive the killed JVM");

      int reaped = new LeftoverReaper(MariaDbDistribution.fromEnvironment().home()).reapOrphans();
      assertTrue(reaped >= 3, "reaped " + reaped);
      for (long pid : servers) {
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        assertFalse(alive(pid), "leftover mariadbd " + pid + " was killed");
      }
    } finally {
      jvm.destroyForcibly();
    }
  }

  private static List<Long> serversUnder(Path root) {
    return ProcessHandle.allProcesses()
        .filter(h -> commandLine(h.pid()).contains("--datadir=" + root))
        .map(ProcessHandle::pid)
        .toList();
  }

  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
