package dev.shardline.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a record of every server process the sandbox starts, so that a later run can kill what a
 * crashed JVM left behind.
 *
 * <p>Each running child has a file {@code <home>/running/<pid>} holding the owning JVM's pid and a
 * marker that appears on the child's command line (its data dir or config file). A record whose
 * owner is gone is a leftover: the child is killed only if its command line still carries the
 * marker, so a recycled pid of some other program is never touched.
 *
 * <p>Thread safety: stateless apart from the directory; safe from any thread.
 */
final class LeftoverReaper {
  private static final Logger log = LoggerFactory.getLogger(LeftoverReaper.class);
  private final Path registry;

  LeftoverReaper(Path home) {
    this.registry = home.resolve("running");
  }

  void register(long pid, String commandLineMarker) {
    try {
      Files.createDirectories(registry);
      Files.writeString(
          registry.resolve(Long.toString(pid)),
          ProcessHandle.current().pid() + "\n" + commandLineMarker + "\n");
    } catch (IOException e) {
      throw new SandboxException("cannot record sandbox process " + pid + " in " + registry, e);
    }
  }

  void unregister(long pid) {
    try {
      Files.deleteIfExists(registry.resolve(Long.toString(pid)));
    } catch (IOException e) {
      log.warn("sandbox: cannot remove the record of process {} in {}", pid, registry, e);
    }
  }

  /** Kills every recorded process whose owning JVM no longer runs. Returns how many it killed. */
  int reapOrphans() {
    if (!Files.isDirectory(registry)) {
      return 0;
    }
    int killed = 0;
    try (DirectoryStream<Path> records = Files.newDirectoryStream(registry)) {
      for (Path record : records) {
        killed += reap(record) ? 1 : 0;
      }
    } catch (IOException e) {
      log.warn("sandbox: cannot scan {} for leftover servers", registry, e);
    }
    return killed;
  }

  private boolean reap(Path record) throws IOException {
    String[] lines = Files.readString(record, StandardCharsets.UTF_8).split("\n");
    long pid;
    long owner;
    try {
      pid = Long.parseLong(record.getFileName().toString());
      owner = Long.parseLong(lines[0].trim());
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      Files.deleteIfExists(record);
      return false;
    }
    if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    String marker = lines.length > 1 ? lines[1].trim() : "";
    Optional<ProcessHandle> child = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    boolean killed = false;
    if (child.isPresent() && !marker.isEmpty() && commandLine(pid).contains(marker)) {
      log.warn("sandbox: killing leftover server pid {} ({}) of a JVM that is gone", pid, marker);
      child.get().destroyForcibly();
      killed = true;
    }
    Files.deleteIfExists(record);
    return killed;
  }

  private static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
    }
  }
}
