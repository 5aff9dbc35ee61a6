package dev.shardline.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HAProxy process giving every node a write VIP and a read VIP on loopback ports.
 *
 * <p>The write VIP sends to the active master, with the passive master as {@code backup}; the
 * read VIP balances over the replicas round-robin, with the masters as backups. Health checks use
 * {@code option mysql-check} as the {@code haproxy_check} account every sandbox server has. A
 * promotion is told to HAProxy through its admin socket (the old master goes to maintenance), as
 * Heartbeat moving a floating IP would.
 *
 * <p>Thread safety: {@link #switchWriter} is synchronized; the VIP map is fixed at start.
 */
final class HaproxyVips implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HaproxyVips.class);
  private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/bin/haproxy"), Path.of("/usr/local/sbin/haproxy"));

  private final Map<String, Vip> writeVips = new LinkedHashMap<>();
  private final Map<String, Vip> readVips = new LinkedHashMap<>();
  private static final java.util.concurrent.atomic.AtomicInteger SOCKETS = new java.util.concurrent.atomic.AtomicInteger();
  private final Path directory;
  private final Path adminSocket;
  private final LeftoverReaper reaper;
  private Process process;

  private HaproxyVips(Path directory, LeftoverReaper reaper) {
    this.directory = directory;
    this.adminSocket = Path.of(System.getProperty("java.io.tmpdir"),
        "shardline-haproxy-" + ProcessHandle.current().pid() + "-" + SOCKETS.incrementAndGet() + ".sock");
    this.reaper = reaper;
  }

  /** The haproxy binary, if this machine has one. */
  static Optional<Path> binary() {
    return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
  }

  static HaproxyVips start(Path directory, List<SandboxNode> nodes, PortAllocator ports, LeftoverReaper reaper) {
    Path haproxy =
        binary()
            .orElseThrow(
                () ->
                    new SandboxException(
                        "VIPs need the haproxy binary, which this machine lacks: apt-get install -y haproxy"));
    HaproxyVips vips = new HaproxyVips(directory, reaper);
    for (SandboxNode node : nodes) {
      vips.writeVips.put(node.name(), new Vip(SandboxInstance.HOST, ports.next()));
      vips.readVips.put(node.name(), new Vip(SandboxInstance.HOST, ports.next()));
    }
    try {
      Files.createDirectories(directory);
      Path config = directory.resolve("haproxy.cfg");
      Files.writeString(config, vips.config(nodes));
      vips.process =
          new ProcessBuilder(haproxy.toString(), "-f", config.toString(), "-db")
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("haproxy.log").toFile())
              .start();
      reaper.register(vips.process.pid(), config.toString());
      vips.awaitServing(nodes, Duration.ofSeconds(20));
      return vips;
    } catch (IOException | RuntimeException e) {
      vips.close();
      throw e instanceof SandboxException se
          ? se
          : new SandboxException("cannot start HAProxy VIPs in " + directory + ": " + e.getMessage(), e);
    }
  }

  Vip writeVip(String node) {
    return writeVips.get(node);
  }

  Vip readVip(String node) {
    return readVips.get(node);
  }

  /** Sends the node's write VIP to {@code next} and takes {@code old} out, closing its sessions. */
  synchronized void switchWriter(String node, SandboxInstance next, SandboxInstance old) {
    String backend = node + "_write";
    command("set server " + backend + "/" + next.name() + " state ready");
    command("set server " + backend + "/" + old.name() + " state maint");
    command("shutdown sessions server " + backend + "/" + old.name());
  }

  private String config(List<SandboxNode> nodes) {
    StringBuilder cfg = new StringBuilder();
    cfg.append("global\n  maxconn 4000\n  stats socket ").append(adminSocket()).append(" mode 600 level admin\n\n");
    cfg.append("defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 1h\n  timeout server 1h\n")
        .append("  option redispatch\n  retries 1\n")
        .append("  default-server inter 200ms fall 2 rise 2 on-marked-down shutdown-sessions\n\n");
    for (SandboxNode node : nodes) {
      SandboxInstance master = node.activeMaster();
      cfg.append("listen ").append(node.name()).append("_write\n")
          .append("  bind ").append(writeVips.get(node.name()).address()).append('\n')
          .append("  option mysql-check user ").append(SandboxCluster.HEALTH_CHECK_USER).append(" post-41\n")
          .append("  server ").append(master.name()).append(' ').append(master.address()).append(" check\n");
      node.passiveMaster().ifPresent(p ->
          cfg.append("  server ").append(p.name()).append(' ').append(p.address()).append(" check backup\n"));
      cfg.append("\nlisten ").append(node.name()).append("_read\n")
          .append("  bind ").append(readVips.get(node.name()).address()).append('\n')
          .append("  balance roundrobin\n")
          .append("  option mysql-check user ").append(SandboxCluster.HEALTH_CHECK_USER).append(" post-41\n");
      for (SandboxInstance replica : node.replicas()) {
        cfg.append("  server ").append(replica.name()).append(' ').append(replica.address()).append(" check\n");
      }
      cfg.append("  server ").append(master.name()).append(' ').append(master.address()).append(" check backup\n");
      cfg.append('\n');
    }
    return cfg.toString();
  }

  /**
   * HAProxy limits socket paths to 97 bytes, less than a deep checkout's data dir, so the admin
   * socket lives in the temp dir under a short name unique to this JVM and cluster.
   */
  private Path adminSocket() {
    return adminSocket;
  }

  private void awaitServing(List<SandboxNode> nodes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (SandboxNode node : nodes) {
      for (Vip vip : List.of(writeVips.get(node.name()), readVips.get(node.name()))) {
        while (true) {
          if (!process.isAlive()) {
            throw new SandboxException("haproxy exited during start-up; its output: " + output());
          }
          String url = "jdbc:mysql://" + vip.address() + "/?" + SandboxInstance.CONNECTION_OPTIONS;
          try (Connection ignored =
              DriverManager.getConnection(url, SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD)) {
            break;
          } catch (SQLException e) {
            if (System.nanoTime() > deadline) {
              throw new SandboxException(
                  "HAProxy VIP " + vip.address() + " of " + node.name() + " does not serve within "
                      + timeout + ": " + e.getMessage() + "; haproxy output: " + output());
            }
            sleepBriefly();
          }
        }
      }
    }
  }

  private String command(String command) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(adminSocket()));
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      while (channel.read(buffer) > 0) {
        reply.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      String answer = reply.toString(StandardCharsets.UTF_8).trim();
      if (!answer.isEmpty()) {
        log.debug("sandbox: haproxy '{}' answered '{}'", command, answer);
      }
      return answer;
    } catch (IOException e) {
      throw new SandboxException("cannot send '" + command + "' to HAProxy at " + adminSocket(), e);
    }
  }

  private String output() {
    try {
      return Files.readString(directory.resolve("haproxy.log"));
    } catch (IOException e) {
      return "(no output)";
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while waiting for HAProxy", e);
    }
  }

  @Override
  public synchronized void close() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    reaper.unregister(p.pid());
    process = null;
    try {
      Files.deleteIfExists(adminSocket);
    } catch (IOException e) {
      log.debug("sandbox: cannot remove {}", adminSocket, e);
    }
  }
}
