package dev.shardline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** HAProxy VIPs in front of real servers; skipped with a message where haproxy is not installed. */
@WithSandbox(nodes = 1, replicasPerNode = 1, vips = true, dedicated = true)
class SandboxVipIT {

  @Test
  void theWriteVipFollowsAPromotionAndTheReadVipServesTheReplica(SandboxCluster cluster) throws Exception {
    SandboxNode node = cluster.nodes().get(0);
    Vip write = node.writeVip().orElseThrow();
    Vip read = node.readVip().orElseThrow();
    assertEquals(node.activeMaster().serverId(), serverIdBehind(write));
    assertEquals(node.replicas().get(0).serverId(), serverIdBehind(read));

    node.activeMaster().kill();
    SandboxInstance promoted = node.promotePassive();
    AtomicInteger answered = new AtomicInteger(-1);
    AtomicReference<SQLException> notYet = new AtomicReference<>();
    Await.until(Duration.ofSeconds(10),
        () -> "the write VIP to reach the promoted master " + promoted.serverId() + ": last answer " + answered.get() + ", last error " + notYet.get(),
        () -> {
          answered.set(serverIdBehind(write, notYet));
          return answered.get() == promoted.serverId();
        });
  }

  /** {@link #serverIdBehind(Vip)}, or -1 with the error kept in {@code lastError} (a wait's condition cannot throw). */
  private static int serverIdBehind(Vip vip, AtomicReference<SQLException> lastError) {
    try {
      return serverIdBehind(vip);
    } catch (SQLException e) {
      lastError.set(e);
      return -1;
    }
  }

  private static int serverIdBehind(Vip vip) throws SQLException {
    String url = "jdbc:mysql://" + vip.address() + "/?" + SandboxInstance.CONNECTION_OPTIONS;
    try (Connection c = DriverManager.getConnection(url, SandboxCluster.APP_USER, SandboxCluster.APP_PASSWORD);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@server_id")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
