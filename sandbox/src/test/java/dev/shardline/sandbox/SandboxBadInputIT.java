package dev.shardline.sandbox;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Wrong input gives an error naming the instance and the cause, never a hang. */
class SandboxBadInputIT {
  private static final Duration NO_HANG = Duration.ofSeconds(90);

  private static SandboxCluster.Builder oneInstance(String root) {
    return SandboxCluster.builder()
        .nodes(1)
        .replicasPerNode(0)
        .passiveMasters(false)
        .directoryReplica(false)
        .dataRoot(Path.of("target", "shardline-sandbox", root));
  }

  @Test
  void aPortInUseIsNamedWithTheInstance() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName(SandboxInstance.HOST), 0));
      int port = taken.getLocalPort();
      SandboxException error =
          assertTimeoutPreemptively(NO_HANG, () -> assertThrows(SandboxException.class,
              () -> oneInstance("bad-port").basePort(port).start()));
      assertTrue(error.getMessage().contains("dir-primary"), error.getMessage());
      assertTrue(error.getMessage().contains("port " + port), error.getMessage());
      assertTrue(error.getMessage().contains("already in use"), error.getMessage());
    }
  }

  @Test
  void aDataRootThatCannotBeCreatedIsNamed() throws IOException {
    Path file = Files.createTempFile(Path.of("target"), "not-a-directory", ".txt");
    SandboxException error =
        assertThrows(SandboxException.class,
            () -> oneInstance("unused").dataRoot(file.resolve("cluster")).start());
    assertTrue(error.getMessage().contains(file.resolve("cluster").toAbsolutePath().toString()), error.getMessage());
    assertTrue(error.getMessage().contains("writable directory"), error.getMessage());
  }

  @Test
  void aServerThatFailsToStartReportsItsErrorLog() {
    SandboxException error =
        assertTimeoutPreemptively(NO_HANG, () -> assertThrows(SandboxException.class,
            () -> oneInstance("bad-option").serverArg("--no-such-option-for-mariadbd=1").start()));
    assertTrue(error.getMessage().contains("dir-primary"), error.getMessage());
    assertTrue(error.getMessage().contains("exited with code"), error.getMessage());
    assertTrue(error.getMessage().contains("no-such-option-for-mariadbd"), "error log tail is included: " + error.getMessage());
  }

  @Test
  void aServerThatNeverAnswersTimesOutWithItsName() {
    // A start-up timeout shorter than any real start: the sandbox must give up, kill the process
    // and say so, rather than wait for ever.
    SandboxException error =
        assertTimeoutPreemptively(NO_HANG, () -> assertThrows(SandboxException.class,
            () -> oneInstance("too-slow").startupTimeout(Duration.ofMillis(1)).start()));
    assertTrue(error.getMessage().contains("dir-primary"), error.getMessage());
    assertTrue(error.getMessage().contains("did not accept connections"), error.getMessage());
  }
}
