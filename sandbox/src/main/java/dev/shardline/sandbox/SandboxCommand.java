package dev.shardline.sandbox;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sandbox up}: starts a cluster, prints its instances and JDBC URLs, and keeps it running
 * until the process is interrupted (Ctrl-C), when every server is stopped.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "A real local MariaDB cluster for Shardline tests, demos and benchmarks.",
    subcommands = {SandboxCommand.Up.class, SandboxCommand.Clean.class})
public final class SandboxCommand {
  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SandboxCommand()).execute(args));
  }

  @Command(name = "up", mixinStandardHelpOptions = true, description = "Start a cluster and keep it running until Ctrl-C.")
  static final class Up implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "2", description = "Shard nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--replicas", defaultValue = "1", description = "Replicas per node (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--no-passive", description = "Give nodes no passive master.")
    boolean noPassive;

    @Option(names = "--vips", description = "Front every node with HAProxy write/read VIPs (needs haproxy).")
    boolean vips;

    @Option(names = "--base-port", defaultValue = "0", description = "First port to use; 0 picks free ports (default).")
    int basePort;

    @Option(names = "--data-root", defaultValue = "target/shardline-sandbox/cli", description = "Data directories (default: ${DEFAULT-VALUE}).")
    Path dataRoot;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      SandboxCluster.Builder builder =
          SandboxCluster.builder()
              .nodes(nodes)
              .replicasPerNode(replicas)
              .passiveMasters(!noPassive)
              .vips(vips)
              .dataRoot(dataRoot);
      if (basePort > 0) {
        builder.basePort(basePort);
      }
      SandboxCluster cluster = builder.start();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        cluster.close();
        stopped.countDown();
      }, "sandbox-cli-stop"));
      out.println(cluster);
      out.println("Users: application " + SandboxCluster.APP_USER + "/" + SandboxCluster.APP_PASSWORD
          + ", admin " + SandboxCluster.ADMIN_USER + "/" + SandboxCluster.ADMIN_PASSWORD);
      out.println("Running. Press Ctrl-C to stop the cluster.");
      out.flush();
      stopped.await();
      return 0;
    }
  }

  @Command(name = "clean", mixinStandardHelpOptions = true, description = "Kill servers left running by a crashed sandbox JVM.")
  static final class Clean implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      int killed = new LeftoverReaper(MariaDbDistribution.fromEnvironment().home()).reapOrphans();
      spec.commandLine().getOut().println("killed " + killed + " leftover server(s)");
      return 0;
    }
  }
}
