package dev.shardline.driver.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.NodeState;
import dev.shardline.driver.ShardlineFailoverException;
import dev.shardline.driver.cluster.EndpointFeedback;
import dev.shardline.driver.cluster.EndpointRole;
import dev.shardline.driver.routing.Target;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The safe-retry table (docs/failover.md), one row per test, against fake leases and endpoints. */
@Timeout(10)
class RetryPolicyTest {
  private static final NodeInfo NODE = new NodeInfo(1, "node1", List.of("m1:3306", "m2:3306"), List.of("r1:3306"), 1, NodeState.ACTIVE);
  private static final Target MASTER = Target.of(NODE, EndpointRole.MASTER);

  /** Endpoint feedback that records what it was told. */
  private static final class Feedback implements EndpointFeedback {
    final List<String> failed = new ArrayList<>();
    final List<String> refused = new ArrayList<>();

    @Override
    public void failed(String endpoint, EndpointRole role, SQLException cause) {
      failed.add(endpoint);
    }

    @Override
    public void refusedWrite(String endpoint) {
      refused.add(endpoint);
    }

    @Override
    public boolean failoverEnabled() {
      return true;
    }
  }

  /** Leases on m1, m2, ... in turn; records releases; optionally inside a transaction. */
  private static final class Leases implements LeaseSource {
    final Deque<SQLException> acquireFailures = new ArrayDeque<>();
    final List<String> released = new ArrayList<>();
    final AtomicInteger acquired = new AtomicInteger();
    boolean transaction;
    boolean lost;

    @Override
    public PhysicalLease acquire(Target target) throws SQLException {
      if (!acquireFailures.isEmpty()) {
        throw acquireFailures.pop();
      }
      String endpoint = "m" + acquired.incrementAndGet() + ":3306";
      Connection c = connection();
      return new PhysicalLease(target.node(), target.role(), endpoint, c, c);
    }

    @Override
    public void release(PhysicalLease lease) {
      released.add(lease.endpoint());
    }

    @Override
    public void discard(PhysicalLease lease, SQLException cause) {
      released.add("discarded " + lease.endpoint());
    }

    @Override
    public boolean inTransaction(PhysicalLease lease) {
      return transaction;
    }

    @Override
    public SQLException transactionLost(PhysicalLease lease, SQLException cause) {
      lost = true;
      return new ShardlineFailoverException(ShardlineFailoverException.Outcome.ROLLED_BACK, "rolled back", cause);
    }

    @Override
    public void wrote(PhysicalLease lease) {}
  }

  private static Connection connection() {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> null);
  }

  private static SQLException broken() {
    return new SQLNonTransientConnectionException("Communications link failure", "08S01");
  }

  private static SQLException readOnly() {
    return new SQLException("The MariaDB server is running with the --read-only option", "HY000", 1290);
  }

  private final Feedback feedback = new Feedback();
  private final Leases leases = new Leases();
  private final RetryPolicy policy = new RetryPolicy(feedback, 2_000, 1);

  /** Fails with {@code failures} in turn, then answers the endpoint it ran on. */
  private static RetryPolicy.Attempt<String> failing(SQLException... failures) {
    Deque<SQLException> left = new ArrayDeque<>(List.of(failures));
    return lease -> {
      if (!left.isEmpty()) {
        throw left.pop();
      }
      return lease.endpoint();
    };
  }

  @Test
  void aReadWhoseConnectionBrokeRunsAgainOnASurvivor() throws SQLException {
    String ranOn = policy.run(MASTER, RetryPolicy.Nature.READ, leases, "SELECT 1", failing(broken()));
    assertEquals("m2:3306", ranOn);
    assertEquals(List.of("m1:3306"), feedback.failed);
    assertEquals(List.of("m1:3306"), leases.released, "the broken lease went back");
  }

  @Test
  void aWriteWhoseConnectionBrokeInFlightHasAnUnknownOutcomeAndIsNotRetried() {
    ShardlineFailoverException e = assertThrows(ShardlineFailoverException.class,
        () -> policy.run(MASTER, RetryPolicy.Nature.WRITE, leases, "INSERT INTO t VALUES (1)", failing(broken())));
    assertEquals(ShardlineFailoverException.Outcome.UNKNOWN, e.outcome());
    assertEquals("08007", e.getSQLState());
    assertEquals(1, leases.acquired.get(), "never applied twice");
  }

  @Test
  void aWriteRefusedByAReadOnlyMasterGoesToTheNextWritableMaster_defect4() throws SQLException {
    String ranOn = policy.run(MASTER, RetryPolicy.Nature.WRITE, leases, "INSERT INTO t VALUES (1)", failing(readOnly()));
    assertEquals("m2:3306", ranOn);
    assertEquals(List.of("m1:3306"), feedback.refused, "the refusing master is marked read-only");
  }

  @Test
  void anyFailureInsideATransactionRollsItBack() {
    leases.transaction = true;
    ShardlineFailoverException e = assertThrows(ShardlineFailoverException.class,
        () -> policy.run(MASTER, RetryPolicy.Nature.READ, leases, "SELECT 1", failing(broken())));
    assertEquals(ShardlineFailoverException.Outcome.ROLLED_BACK, e.outcome());
    assertTrue(leases.lost);
    leases.lost = false;
    assertThrows(ShardlineFailoverException.class, () -> policy.run(MASTER, RetryPolicy.Nature.WRITE, leases, "UPDATE t SET a=1", failing(readOnly())));
    assertTrue(leases.lost, "a read-only refusal inside a transaction rolls it back too");
  }

  @Test
  void aConnectionThatCouldNotBeHadIsRetriedEvenForAWrite() throws SQLException {
    leases.acquireFailures.push(new SQLNonTransientConnectionException("Connection refused", "08001"));
    assertEquals("m1:3306", policy.run(MASTER, RetryPolicy.Nature.WRITE, leases, "INSERT INTO t VALUES (1)", failing()));
  }

  @Test
  void aLockingReadIsNotRetried() {
    assertThrows(SQLException.class, () -> policy.run(MASTER, RetryPolicy.Nature.LOCKING_READ, leases, "SELECT 1 FOR UPDATE", failing(broken())));
    assertEquals(1, leases.acquired.get());
  }

  @Test
  void anyOtherErrorKeepsItsClassAndStateAndNamesTheNode() {
    SQLIntegrityConstraintViolationException e = assertThrows(SQLIntegrityConstraintViolationException.class,
        () -> policy.run(MASTER, RetryPolicy.Nature.WRITE, leases, "INSERT", failing(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062))));
    assertEquals("23000", e.getSQLState());
    assertEquals(1062, e.getErrorCode());
    assertTrue(e.getMessage().contains("node node1 (master m1:3306)"), e.getMessage());
    assertEquals(List.of("m1:3306"), leases.released);
  }

  @Test
  void withNoDeadlineNothingIsRetried() {
    RetryPolicy none = new RetryPolicy(feedback, 0, 1);
    assertInstanceOf(SQLException.class, assertThrows(SQLException.class,
        () -> none.run(MASTER, RetryPolicy.Nature.READ, leases, "SELECT 1", failing(broken()))));
    assertEquals(1, leases.acquired.get());
  }
}
