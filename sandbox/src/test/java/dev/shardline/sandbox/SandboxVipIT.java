package dev.shardline.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    long deadline = System.nanoTime() + 10_000_000_000L;
    int answered = -1;
    while (System.nanoTime() < deadline && answered != promoted.serverId()) {
      try {
        answered = serverIdBehind(write);
      } catch (SQLException notYet) {
        Thread.sleep(50);
      }
    }
    assertEquals(promoted.serverId(), answered, "the write VIP reaches the promoted master");
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
