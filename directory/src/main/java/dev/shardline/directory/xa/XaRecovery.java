package dev.shardline.directory.xa;

import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.LoggedTransaction;
import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.TransactionDecision;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the prepared branches of cross-node transactions whose coordinator is gone, from the
 * directory's transaction log alone: what any driver instance runs in the background and
 * {@code shardline tx recover} runs on demand, so a dead application server's transactions are
 * finished by whoever is alive.
 *
 * <p>For each Shardline branch a node's {@code XA RECOVER} lists: COMMIT in the log commits it,
 * ROLLBACK rolls it back, and no decision rolls it back once the transaction is older than the
 * presumed-abort timeout, after recording ROLLBACK (if the coordinator recorded COMMIT first, that
 * wins and the branch is committed). A branch still attached to its coordinator's live session
 * cannot be touched by another session (the server answers XAER_NOTA): it is left for its
 * coordinator. Decisions whose branches are all resolved are deleted once older than the timeout,
 * and only when every node could be read.
 *
 * <p>Thread safe if the {@link Masters} is; runs from concurrent instances are safe (each step is
 * idempotent, and the log's first decision wins).
 */
public final class XaRecovery {
  private static final Logger log = LoggerFactory.getLogger(XaRecovery.class);
  /** XAER_NOTA: no such prepared branch, or it belongs to a session that is still connected. */
  private static final int XAER_NOTA = 1397;

  /** Connections to a node's active master; each one is closed by the recovery that opened it. */
  @FunctionalInterface
  public interface Masters {
    Connection open(NodeInfo node) throws SQLException;
  }

  /** One prepared branch, with the decision the log holds for its transaction (empty: none yet). */
  public record Branch(String node, XaId id, Optional<TransactionDecision> decision, Duration age) {
    @Override
    public String toString() {
      return id.gtrid() + " on " + node + " (" + decision.map(d -> "decision " + d).orElse("no decision") + ", age "
          + age.toSeconds() + " s)";
    }
  }

  /**
   * What a run found and did. {@code left}: branches in flight (younger than the timeout, or still
   * held by their coordinator's session); {@code unreachable}: nodes that could not be read, by name,
   * with why.
   */
  public record Report(List<Branch> committed, List<Branch> rolledBack, List<Branch> left, Map<String, String> unreachable, int forgotten) {
    /** Nothing left prepared that this run could see, and every node was read. */
    public boolean clean() {
      return left.isEmpty() && unreachable.isEmpty();
    }
  }

  private final Directory directory;
  private final Masters masters;
  private final Duration presumedAbortAfter;
  private final String who;

  /**
   * @param presumedAbortAfter how old an undecided transaction must be before it is rolled back;
   *     longer than any transaction takes from its start to its decision
   * @param who recorded in the log as the decider of a presumed abort
   */
  public XaRecovery(Directory directory, Masters masters, Duration presumedAbortAfter, String who) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.masters = Objects.requireNonNull(masters, "masters");
    this.presumedAbortAfter = Objects.requireNonNull(presumedAbortAfter, "presumedAbortAfter");
    this.who = Objects.requireNonNull(who, "who");
  }

  /** The Shardline branches prepared on every node that holds data, with their decisions; changes nothing. */
  public List<Branch> inDoubt(Map<String, String> unreachable) throws DirectoryException {
    List<Branch> all = new ArrayList<>();
    forEachNode(unreachable, (node, c) -> {
      for (XaId id : prepared(c)) {
        all.add(new Branch(node.name(), id, directory.transactionDecision(id.gtrid()), age(id.gtrid())));
      }
    });
    return all;
  }

  /** One recovery pass over every node that holds data. */
  public Report recover() throws DirectoryException {
    List<Branch> committed = new ArrayList<>();
    List<Branch> rolledBack = new ArrayList<>();
    List<Branch> left = new ArrayList<>();
    Map<String, String> unreachable = new LinkedHashMap<>();
    Set<String> stillPrepared = new HashSet<>();
    forEachNode(unreachable, (node, c) -> {
      for (XaId id : prepared(c)) {
        Branch branch = resolve(c, node, id);
        if (branch == null) {
          continue;
        }
        List<Branch> into = branch.decision().isEmpty() ? left
            : branch.decision().get() == TransactionDecision.COMMIT ? committed : rolledBack;
        into.add(branch);
        if (into == left) {
          stillPrepared.add(id.gtrid());
        }
      }
    });
    unreachable.forEach((node, why) ->
        log.warn("transaction recovery: node {} could not be read ({}); its prepared branches wait for the next run", node, why));
    int forgotten = 0;
    if (unreachable.isEmpty()) {
      for (LoggedTransaction logged : directory.loggedTransactions()) {
        if (!stillPrepared.contains(logged.gtrid()) && age(logged.gtrid()).compareTo(presumedAbortAfter) > 0) {
          directory.forgetTransaction(logged.gtrid());
          forgotten++;
        }
      }
    }
    Report report = new Report(committed, rolledBack, left, unreachable, forgotten);
    if (!committed.isEmpty() || !rolledBack.isEmpty()) {
      log.info("transaction recovery: committed {}, rolled back {}, left in flight {}", committed, rolledBack, left);
    }
    return report;
  }

  /** Work on one node's master. */
  @FunctionalInterface
  private interface NodeWork {
    void run(NodeInfo node, Connection master) throws SQLException;
  }

  /**
   * Runs {@code work} on the master of every node that holds data. A node that cannot be read is
   * put in {@code unreachable} with why, and the others go on; the directory failing stops the run.
   */
  private void forEachNode(Map<String, String> unreachable, NodeWork work) throws DirectoryException {
    for (NodeInfo node : directory.dataNodes()) {
      try (Connection c = masters.open(node)) {
        work.run(node, c);
      } catch (SQLException e) {
        if (e instanceof DirectoryException d) {
          throw d;
        }
        unreachable.put(node.name(), firstLine(e));
      }
    }
  }

  /**
   * Commits or rolls back one branch as the log says; returns it with the decision applied, with no
   * decision when it is left in flight, or null when it was resolved by someone else meanwhile.
   */
  private Branch resolve(Connection c, NodeInfo node, XaId id) throws SQLException {
    Duration age = age(id.gtrid());
    Optional<TransactionDecision> decision = directory.transactionDecision(id.gtrid());
    if (decision.isEmpty()) {
      if (age.compareTo(presumedAbortAfter) <= 0) {
        return new Branch(node.name(), id, decision, age);
      }
      decision = Optional.of(directory.decideTransaction(id.gtrid(), TransactionDecision.ROLLBACK, Integer.toString(id.nodeId()),
          who + " (presumed abort after " + presumedAbortAfter.toSeconds() + " s)"));
    }
    try (Statement s = c.createStatement()) {
      s.execute("XA " + (decision.get() == TransactionDecision.COMMIT ? "COMMIT " : "ROLLBACK ") + id.sql());
    } catch (SQLException e) {
      if (e.getErrorCode() == XAER_NOTA) {
        // Its coordinator is still connected (and will finish it), or another recovery just did.
        return prepared(c).contains(id) ? new Branch(node.name(), id, Optional.empty(), age) : null;
      }
      throw e;
    }
    return new Branch(node.name(), id, decision, age);
  }

  /** The Shardline branches the server holds prepared. */
  static List<XaId> prepared(Connection c) throws SQLException {
    List<XaId> ids = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("XA RECOVER")) {
      while (rs.next()) {
        XaId.fromRecoverRow(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getBytes(4)).ifPresent(ids::add);
      }
    }
    return ids;
  }

  private static Duration age(String gtrid) {
    return XaId.startMillis(gtrid).map(start -> Duration.ofMillis(Math.max(0, System.currentTimeMillis() - start))).orElse(Duration.ZERO);
  }

  private static String firstLine(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
