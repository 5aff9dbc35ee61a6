package dev.shardline.driver.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.NodeState;
import dev.shardline.driver.ShardlineFailoverException;
import dev.shardline.driver.cluster.EndpointFeedback;
import dev.shardline.driver.cluster.EndpointRole;
import dev.shardline.driver.execution.PhysicalLease;
import dev.shardline.driver.routing.RoutePlan;
import dev.shardline.driver.routing.Target;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-node transaction's contract, on fake connections that record what they were asked. */
class SingleNodeTransactionTest {
  private static final NodeInfo NODE1 = new NodeInfo(1, "node1", List.of("m1:3306"), List.of("r1:3306"), 1, NodeState.ACTIVE);
  private static final NodeInfo NODE2 = new NodeInfo(2, "node2", List.of("m2:3306"), List.of("r2:3306"), 1, NodeState.ACTIVE);

  private final List<String> calls = new ArrayList<>();
  private final List<String> failed = new ArrayList<>();
  private SQLException commitFailure;
  private int borrowed;

  private Connection connection() {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
      calls.add(m.getName());
      if (m.getName().equals("commit") && commitFailure != null) {
        throw commitFailure;
      }
      return null;
    });
  }

  private SingleNodeTransaction transaction(boolean readOnly) {
    SingleNodeTransaction.Leases leases = new SingleNodeTransaction.Leases() {
      @Override
      public PhysicalLease borrowForTransaction(Target target) {
        borrowed++;
        Connection c = connection();
        return new PhysicalLease(target.node(), target.role(), target.node().name() + "-endpoint", c, c);
      }

      @Override
      public void wrote(PhysicalLease lease) {
        calls.add("wrote " + lease.node().name());
      }
    };
    EndpointFeedback feedback = new EndpointFeedback() {
      @Override
      public void failed(String endpoint, EndpointRole role, SQLException cause) {
        failed.add(endpoint);
      }

      @Override
      public void refusedWrite(String endpoint) {}

      @Override
      public boolean failoverEnabled() {
        return true;
      }
    };
    return new SingleNodeTransaction(leases, feedback, readOnly);
  }

  @Test
  void bindsToTheFirstNodeOnceAndRefusesASecondBeforeAnythingRuns() throws SQLException {
    SingleNodeTransaction tx = transaction(false);
    PhysicalLease first = tx.lease(Target.of(NODE1, EndpointRole.MASTER));
    assertSame(first, tx.lease(Target.of(NODE1, EndpointRole.MASTER)));
    assertEquals(1, borrowed);
    SQLException e = assertThrows(SQLException.class, () -> tx.lease(Target.of(NODE2, EndpointRole.MASTER)));
    assertEquals("25000", e.getSQLState());
    assertTrue(e.getMessage().contains("nothing was executed"), e.getMessage());
    assertEquals(1, borrowed, "no connection to the second node was taken");
  }

  @Test
  void commitCommitsTellsOfTheWriteAndGivesTheConnectionBack() throws SQLException {
    SingleNodeTransaction tx = transaction(false);
    tx.lease(Target.of(NODE1, EndpointRole.MASTER));
    tx.commit();
    assertEquals(List.of("commit", "wrote node1", "close"), calls);
    assertEquals(null, tx.node(), "the transaction is over");
  }

  @Test
  void aCommitWhoseConnectionBrokeHasAnUnknownOutcome() throws SQLException {
    SingleNodeTransaction tx = transaction(false);
    tx.lease(Target.of(NODE1, EndpointRole.MASTER));
    commitFailure = new SQLNonTransientConnectionException("Communications link failure", "08S01");
    ShardlineFailoverException e = assertThrows(ShardlineFailoverException.class, tx::commit);
    assertEquals(ShardlineFailoverException.Outcome.UNKNOWN, e.outcome());
    assertEquals(List.of("node1-endpoint"), failed);
    assertTrue(calls.contains("close"), "the broken connection went back");
  }

  @Test
  void aLostConnectionRollsTheTransactionBack() throws SQLException {
    SingleNodeTransaction tx = transaction(false);
    PhysicalLease lease = tx.lease(Target.of(NODE1, EndpointRole.MASTER));
    SQLException lost = tx.lost(lease, new SQLNonTransientConnectionException("gone", "08S01"));
    assertEquals("08006", lost.getSQLState());
    assertEquals(null, tx.node());
  }

  @Test
  void aReadOnlyTransactionOnAReplicaRefusesAWrite() throws SQLException {
    SingleNodeTransaction tx = transaction(true);
    tx.lease(Target.of(NODE1, EndpointRole.REPLICA));
    RoutePlan write = RoutePlan.single(Target.of(NODE1, EndpointRole.MASTER), "UPDATE t SET a = 1", () -> "a write");
    assertEquals("25006", assertThrows(SQLException.class, () -> tx.checkScope(write)).getSQLState());
  }
}
