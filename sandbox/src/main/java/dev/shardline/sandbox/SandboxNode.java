package dev.shardline.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard node: an active master, an optional passive master (master-master replication, the
 * passive side read-only) and any number of replicas of the active master.
 *
 * <p>{@link #promotePassive()} does what Heartbeat or an operator does on a master failure: fence
 * the old master where it is reachable, let the passive master apply what it has received, make it
 * writable, and re-point the replicas. The masters replicate semi-synchronously, as DRBD would
 * keep them in step, so a write the old master acknowledged is not lost by the promotion.
 *
 * <p>Thread safety: promotion is synchronized; the accessors read a consistent pair of masters.
 */
public final class SandboxNode {
  private static final Logger log = LoggerFactory.getLogger(SandboxNode.class);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(20);

  private final String name;
  private final List<SandboxInstance> replicas;
  private final HaproxyVips vips;
  private SandboxInstance active;
  private SandboxInstance passive;

  SandboxNode(
      String name,
      SandboxInstance master,
      SandboxInstance passive,
      List<SandboxInstance> replicas,
      HaproxyVips vips) {
    this.name = name;
    this.active = master;
    this.passive = passive;
    this.replicas = List.copyOf(replicas);
    this.vips = vips;
  }

  public String name() {
    return name;
  }

  /** The master that currently takes writes. */
  public synchronized SandboxInstance activeMaster() {
    return active;
  }

  /** The read-only master that stands by, if the node has one. */
  public synchronized Optional<SandboxInstance> passiveMaster() {
    return Optional.ofNullable(passive);
  }

  public List<SandboxInstance> replicas() {
    return replicas;
  }

  /** Every instance of the node: masters first, then replicas. */
  public synchronized List<SandboxInstance> instances() {
    List<SandboxInstance> all = new ArrayList<>();
    all.add(active);
    if (passive != null) {
      all.add(passive);
    }
    all.addAll(replicas);
    return all;
  }

  /** The masters in failover order, as a driver would list them: {@code host:port,host:port}. */
  public synchronized String writeEndpoints() {
    return passive == null ? active.address() : active.address() + "," + passive.address();
  }

  /** The replicas as {@code host:port,...}; the active master when the node has no replica. */
  public String readEndpoints() {
    if (replicas.isEmpty()) {
      return activeMaster().address();
    }
    return String.join(",", replicas.stream().map(SandboxInstance::address).toList());
  }

  /** The HAProxy write VIP (active master, passive as backup), when the cluster has VIPs. */
  public Optional<Vip> writeVip() {
    return vips == null ? Optional.empty() : Optional.of(vips.writeVip(name));
  }

  /** The HAProxy read VIP (replicas round-robin, masters as backup), when the cluster has VIPs. */
  public Optional<Vip> readVip() {
    return vips == null ? Optional.empty() : Optional.of(vips.readVip(name));
  }

  /**
   * Makes the passive master the active one and returns it. The old master, if it still runs, is
   * set read-only first and stays read-only when restarted; it keeps replicating from the new one.
   */
  public synchronized SandboxInstance promotePassive() {
    if (passive == null) {
      throw new SandboxException(name + " has no passive master to promote");
    }
    if (!passive.isRunning()) {
      throw new SandboxException(
          name + ": cannot promote " + passive.name() + ", it is not running; start it first");
    }
    SandboxInstance old = active;
    SandboxInstance next = passive;
    long started = System.nanoTime();
    if (old.isRunning()) {
      old.setReadOnly(true);
      old.execute("SET GLOBAL rpl_semi_sync_master_enabled = OFF");
      next.awaitCaughtUp(CATCH_UP_TIMEOUT);
    } else {
      old.setReadOnly(true);
      next.awaitRelayLogApplied(CATCH_UP_TIMEOUT);
      catchUpFromMostAdvancedReplica(next, old, replicas);
    }
    next.setReadOnly(false);
    if (next.configuredSemiSync() && old.isRunning()) {
      // With the partner dead, semi-sync stays off: the new master could still count the dead
      // partner as a client and wait the timeout on its first commit. It comes back on when the
      // old master rejoins (SandboxInstance.start).
      next.execute("SET GLOBAL rpl_semi_sync_master_enabled = ON");
    }
    for (SandboxInstance replica : replicas) {
      if (replica.isRunning()) {
        replica.replicateFrom(next);
      }
    }
    active = next;
    passive = old;
    if (vips != null) {
      vips.switchWriter(name, next, old);
    }
    log.info(
        "sandbox: {} promoted {} over {} in {} ms",
        name,
        next.name(),
        old.name(),
        (System.nanoTime() - started) / 1_000_000);
    return next;
  }

  /**
   * When the old master died, a replica may have received its last events before the passive
   * master did (replicas are sent the binary log as soon as it is written). Then the replica is
   * ahead of the new master and could not be re-pointed to it. As MHA does, the new master first
   * fetches what it lacks from each replica that is ahead, then goes back to following the old
   * master (master-master, for when it returns).
   */
  private static void catchUpFromMostAdvancedReplica(SandboxInstance next, SandboxInstance old, List<SandboxInstance> replicas) {
    for (SandboxInstance replica : replicas) {
      if (!replica.isRunning()) {
        continue;
      }
      replica.awaitRelayLogApplied(CATCH_UP_TIMEOUT);
      String applied = (String) replica.queryValue("SELECT @@gtid_slave_pos");
      if (!isBehind(next, applied)) {
        continue;
      }
      log.info("sandbox: {} is ahead of {} ({}); fetching the missing events from it", replica.name(), next.name(), applied);
      next.replicateFrom(replica);
      long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
      while (isBehind(next, applied)) {
        if (System.nanoTime() > deadline) {
          throw new SandboxException(next.name() + " could not catch up with " + replica.name() + " at " + applied);
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SandboxException("interrupted while promoting " + next.name(), e);
        }
      }
      next.replicateFrom(old);
    }
  }

  /** Whether {@code instance} lacks any transaction of the GTID position {@code target}, domain by domain. */
  private static boolean isBehind(SandboxInstance instance, String target) {
    Map<Long, Long> have = gtidSequences((String) instance.queryValue("SELECT @@gtid_current_pos"));
    for (Map.Entry<Long, Long> wanted : gtidSequences(target).entrySet()) {
      if (have.getOrDefault(wanted.getKey(), 0L) < wanted.getValue()) {
        return true;
      }
    }
    return false;
  }

  /** {@code "0-1-5,3-3-42"} as domain to sequence number. */
  private static Map<Long, Long> gtidSequences(String position) {
    Map<Long, Long> sequences = new HashMap<>();
    if (position == null || position.isBlank()) {
      return sequences;
    }
    for (String gtid : position.split(",")) {
      String[] parts = gtid.trim().split("-");
      if (parts.length == 3) {
        sequences.merge(Long.parseLong(parts[0]), Long.parseLong(parts[2]), Math::max);
      }
    }
    return sequences;
  }

  /** Waits until the passive master and every running replica have applied the active master's writes. */
  public void awaitReplication(Duration timeout) {
    for (SandboxInstance instance : instances()) {
      if (instance != activeMaster() && instance.isRunning() && instance.replicationSource().isPresent()) {
        instance.awaitCaughtUp(timeout);
      }
    }
  }

  @Override
  public String toString() {
    return name + instances();
  }
}
