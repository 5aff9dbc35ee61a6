package dev.shardline.directory.cli;

import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.NodeInfo;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps of {@code shardline promote}: what Heartbeat or MHA does when a node's active master
 * is to be replaced by another of its masters, and nothing more (replicas are not re-pointed,
 * replication is not stopped, no session is killed).
 *
 * <ol>
 *   <li><b>Plan</b> from the directory: the first write endpoint is the old master, the target is
 *       {@code --to} or the second.
 *   <li><b>Reach the target</b> before anything changes: fencing the old master with no successor
 *       in reach would only take the node down.
 *   <li><b>Fence</b> the old master ({@code read_only = ON}) if it answers within about a second.
 *       A master that answers nothing is taken for dead; one that answers with an error is alive
 *       and the promotion stops, since promoting past a live, writable master is split brain.
 *   <li><b>Catch up</b>: with the old master fenced, wait until the target has applied its
 *       {@code @@gtid_binlog_pos}, which can no longer grow; with it dead, until the target has
 *       applied the relay log it already received (semi-synchronous replication between the
 *       masters means that holds every write the old master acknowledged).
 *   <li><b>Writable</b>: {@code read_only = OFF} on the target.
 *   <li><b>Directory</b>: the target goes first in the write endpoints, the old master second.
 *       {@code updateNode} writes a {@code NODE} change-log entry, so every driver refreshes the
 *       node within its poll interval.
 * </ol>
 *
 * <p>Why the order is safe: the old master is read-only (or dead) before the target is made
 * writable, so two masters never take writes at once. Between steps 5 and 6 drivers already
 * reach the target: they write only to a master that reports {@code read_only = 0}, and it is in
 * their list, second. Each failure stops the promotion with a message saying what was changed so
 * far; running the command again with {@code --to} the same target is safe at every point.
 *
 * <p>Not thread safe; one instance per command.
 */
final class Promotion {
  /** How long a master has to answer before it is taken for dead. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  /** Room on top of the server-side wait, so the socket never times out before the server answers. */
  private static final Duration SOCKET_MARGIN = Duration.ofSeconds(5);
  /** "Access denied; you need (at least one of) the SUPER privilege(s) for this operation". */
  private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;

  /** Who replaces whom, worked out from the directory before anything changes. */
  record Plan(String node, List<String> writeEndpoints, String oldMaster, String target) {
    /** The target first, then the others in their old order, so the old master comes second. */
    List<String> promotedOrder() {
      List<String> order = new ArrayList<>();
      order.add(target);
      writeEndpoints.stream().filter(e -> !e.equals(target)).forEach(order::add);
      return order;
    }

    boolean targetIsActive() {
      return target.equals(oldMaster);
    }
  }

  private final MasterLogin login;
  private final Duration catchUpTimeout;
  private final PrintWriter out;
  /** Whether the old master has been set read-only by this run, for the failure messages. */
  private boolean fenced;

  Promotion(MasterLogin login, Duration catchUpTimeout, PrintWriter out) {
    this.login = login;
    this.catchUpTimeout = catchUpTimeout;
    this.out = out;
  }

  /**
   * @throws IllegalArgumentException when {@code to} is not one of the node's write endpoints
   * @throws PromotionException when the node has a single write endpoint
   */
  static Plan plan(NodeInfo node, String to) throws PromotionException {
    List<String> write = node.writeEndpoints();
    if (write.size() < 2) {
      throw new PromotionException(
          "node " + node.name() + " has a single write endpoint (" + write.get(0) + "), so there is no other master"
              + " to promote; list its masters in failover order with `shardline node update " + node.name()
              + " --write " + write.get(0) + ",host:port ...` first");
    }
    if (to != null && !write.contains(to)) {
      throw new IllegalArgumentException(
          "--to " + to + " is not a write endpoint of node " + node.name() + " (its write endpoints: "
              + String.join(",", write) + "); give one of them, written as the directory lists it");
    }
    return new Plan(node.name(), write, write.get(0), to != null ? to : write.get(1));
  }

  /** Runs steps 2 to 6 of {@code plan}, printing one line per step. */
  void run(Plan plan, Directory directory) throws PromotionException, DirectoryException {
    out.println("node " + plan.node() + ": promoting " + plan.target() + " over " + plan.oldMaster()
        + " (as " + login + ")");
    out.flush();
    Connection target = connectTarget(plan);
    try {
      String fencedAt = fence(plan);
      String step = "waiting for it to catch up";
      try {
        if (fencedAt != null) {
          awaitGtid(target, plan, fencedAt);
        } else {
          awaitRelayLog(target, plan);
        }
        step = "making it writable";
        MasterSql.makeWritable(target);
        out.println("writable: " + plan.target() + " has read_only = OFF");
        out.flush();
      } catch (SQLException e) {
        String hint = e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED
            ? ". The admin account needs SUPER, or READ_ONLY ADMIN and SLAVE MONITOR, on the masters"
            : "";
        throw new PromotionException(
            "target " + plan.target() + " of node " + plan.node() + " failed while " + step + " (" + firstLine(e)
                + "); " + soFar(plan) + hint + ". Run this again once that is fixed", e);
      }
    } finally {
      closeQuietly(target);
    }
    updateDirectory(directory, plan);
  }

  private Connection connectTarget(Plan plan) throws PromotionException {
    try {
      return login.connect(plan.target(), CONNECT_TIMEOUT, catchUpTimeout.plus(SOCKET_MARGIN));
    } catch (SQLException e) {
      throw new PromotionException(
          "cannot reach the target " + plan.target() + " of node " + plan.node() + " as " + login + " ("
              + firstLine(e) + "); nothing was changed. Check that it runs and that the admin account may log in,"
              + " or choose another master with --to", e);
    }
  }

  /** Step 3. Returns the fenced master's GTID position, or null when it could not be reached. */
  private String fence(Plan plan) throws PromotionException {
    String old = plan.oldMaster();
    Connection c;
    try {
      c = login.connect(old, CONNECT_TIMEOUT, CONNECT_TIMEOUT);
    } catch (SQLException e) {
      if (!noServerAnswered(e)) {
        throw new PromotionException(
            "old master " + old + " of node " + plan.node() + " answers but refused " + login + " (" + firstLine(e)
                + "); it is alive and may still take writes, so nothing was changed. Check the admin account"
                + " (--admin-user, --admin-password) and run this again", e);
      }
      out.println("unreachable: old master " + old + " did not answer within " + DurationConverter.format(CONNECT_TIMEOUT)
          + " (" + firstLine(e) + "); taking it for dead, not fenced");
      out.flush();
      return null;
    }
    try {
      // The login used a short timeout; the fence itself may wait up to lock_wait_timeout.
      c.setNetworkTimeout(Runnable::run, (int) catchUpTimeout.plus(SOCKET_MARGIN).toMillis());
      MasterSql.fence(c, catchUpTimeout);
      fenced = true;
      String position = MasterSql.gtidBinlogPos(c);
      out.println("fenced: old master " + old + " has read_only = ON, GTID position " + show(position));
      out.flush();
      return position;
    } catch (SQLException e) {
      throw new PromotionException(
          "old master " + old + " of node " + plan.node() + " answers but could not be fenced (" + firstLine(e) + "); "
              + (fenced ? "it is read-only now and nothing else was changed" : "it may still take writes, so nothing was changed")
              + ". The admin account needs SUPER or READ_ONLY ADMIN; a long transaction or table lock can also hold"
              + " the fence up for lock_wait_timeout (" + Math.max(1, catchUpTimeout.toSeconds()) + "s). Run this again", e);
    } finally {
      closeQuietly(c);
    }
  }

  /** Step 4, old master fenced: its binary log can no longer grow, so its position is final. */
  private void awaitGtid(Connection target, Plan plan, String position) throws SQLException, PromotionException {
    long started = System.nanoTime();
    if (!MasterSql.awaitGtid(target, position, catchUpTimeout)) {
      throw new PromotionException(
          "target " + plan.target() + " of node " + plan.node() + " did not apply old master " + plan.oldMaster()
              + "'s GTID position " + show(position) + " within " + DurationConverter.format(catchUpTimeout) + " ("
              + MasterSql.replicaStatus(target).map(MasterSql.ReplicaStatus::describe).orElse("it replicates from nothing")
              + "); " + soFar(plan) + ". Let it catch up (or fix its replication) and run this again, perhaps with a"
              + " longer --catch-up-timeout; or give the node back its old master with SET GLOBAL read_only = OFF on "
              + plan.oldMaster());
    }
    out.println("caught up: " + plan.target() + " applied GTID position " + show(position) + " in " + elapsed(started));
    out.flush();
  }

  /** Step 4, old master dead: all the target can have is what its IO thread already received. */
  private void awaitRelayLog(Connection target, Plan plan) throws SQLException, PromotionException {
    Optional<MasterSql.ReplicaStatus> status = MasterSql.replicaStatus(target);
    if (status.isEmpty()) {
      throw new PromotionException(
          "target " + plan.target() + " of node " + plan.node() + " replicates from nothing (SHOW SLAVE STATUS is empty),"
              + " so promote cannot tell whether it has the writes of the unreachable old master " + plan.oldMaster()
              + "; nothing was changed. Check its replication; to accept losing writes, make it writable by hand and"
              + " run `shardline node update " + plan.node() + " --write " + String.join(",", plan.promotedOrder()) + " ...`");
    }
    MasterSql.ReplicaStatus s = status.get();
    String position = s.masterLogFile() + ":" + s.readMasterLogPos();
    long started = System.nanoTime();
    Long result = MasterSql.awaitRelayLog(target, s.masterLogFile(), s.readMasterLogPos(), catchUpTimeout);
    if (result == null || result < 0) {
      throw new PromotionException(
          "target " + plan.target() + " of node " + plan.node() + " did not apply its relay log up to " + position
              + (result == null ? " because its SQL thread is not running" : " within " + DurationConverter.format(catchUpTimeout))
              + " (" + s.describe() + "); " + soFar(plan) + ". Let it catch up (START SLAVE SQL_THREAD, or fix the"
              + " error) and run this again, perhaps with a longer --catch-up-timeout");
    }
    out.println("caught up: " + plan.target() + " applied its relay log up to " + position + " (all it received from "
        + s.source() + ") in " + elapsed(started));
    out.flush();
  }

  /** Step 6. Refuses if someone changed the node's masters meanwhile rather than overwrite their change. */
  private void updateDirectory(Directory directory, Plan plan) throws PromotionException, DirectoryException {
    String retry = "run `shardline promote " + plan.node() + " --to " + plan.target() + "` again when it answers";
    try {
      NodeInfo now = directory.node(plan.node());
      if (!now.writeEndpoints().equals(plan.writeEndpoints())) {
        throw new PromotionException(
            "node " + plan.node() + "'s write endpoints changed in the directory during the promotion (were "
                + String.join(",", plan.writeEndpoints()) + ", now " + String.join(",", now.writeEndpoints()) + "); "
                + plan.target() + " is writable and the directory was left as it is: check the node and set its"
                + " masters with `shardline node update " + plan.node() + " --write ...`");
      }
      NodeInfo updated = directory.updateNode(plan.node(), plan.promotedOrder(), now.readEndpoints(), now.weight());
      out.println("directory updated: node " + plan.node() + " write " + String.join(",", updated.writeEndpoints())
          + " (drivers follow within their poll interval)");
      out.flush();
    } catch (DirectoryException e) {
      out.println("directory not updated: " + plan.target() + " is writable but node " + plan.node()
          + " still lists " + plan.oldMaster() + " first; " + retry);
      out.flush();
      throw e;
    }
  }

  /** What a failure after step 2 leaves behind, for its message. */
  private String soFar(Plan plan) {
    return "nothing more was changed: " + (fenced ? "old master " + plan.oldMaster() + " is left read-only" : "the old master was not fenced")
        + " and " + plan.target() + " was not made writable";
  }

  /**
   * A connect that no server answered (refused, timed out, no route) means the master is down. Any
   * answer from a server, even an error such as "too many connections", means it is alive.
   */
  static boolean noServerAnswered(SQLException e) {
    String state = e.getSQLState();
    return e.getErrorCode() == 0
        && ((state != null && state.startsWith("08"))
            || e instanceof SQLTransientConnectionException
            || e instanceof SQLNonTransientConnectionException
            || e instanceof SQLRecoverableException);
  }

  private static String show(String gtidPosition) {
    return gtidPosition.isEmpty() ? "(empty)" : gtidPosition;
  }

  private static String elapsed(long startedNanos) {
    return DurationConverter.format(Duration.ofNanos(System.nanoTime() - startedNanos));
  }

  static String firstLine(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Nothing to do: the promotion's outcome does not depend on closing an admin session.
    }
  }
}
