package dev.shardline.driver.cluster;

import dev.shardline.directory.NodeInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The physical side of the cluster: which endpoint of a node a statement uses now, a pooled
 * connection to it, and what a failure on it means for the endpoint.
 *
 * <p>Writes go to the first master in the directory's order that is up and has been seen writable;
 * reads to the replicas that are up and not lagging, round-robin, and with none left to a master
 * that is up (unless that fallback is off). None usable is an {@link
 * SQLTransientConnectionException}, which the retry policy retries until its deadline.
 *
 * <p>Thread safety: thread safe; one instance per driver runtime.
 */
public final class Endpoints implements EndpointFeedback, AutoCloseable {
  private final EndpointSettings settings;
  private final EndpointPools pools;
  private final EndpointHealth health;
  private final AtomicInteger replicaRotation = new AtomicInteger();

  public Endpoints(EndpointSettings settings) {
    this.settings = settings;
    this.pools = new EndpointPools(settings);
    this.health = settings.failoverEnabled() ? new EndpointHealth(settings) : null;
  }

  @Override
  public boolean failoverEnabled() {
    return health != null;
  }

  /** A physical connection to {@code endpoint} of {@code node}; a connection failure marks the endpoint down. */
  public Connection borrow(NodeInfo node, EndpointRole role, String endpoint) throws SQLException {
    try {
      return pools.borrow(endpoint, node.name(), role);
    } catch (SQLException e) {
      if (ConnectionFailures.isConnectionFailure(e)) {
        failed(endpoint, role, e);
      }
      throw e;
    }
  }

  /** Closes one borrowed connection and drops it from its pool now, instead of taking it back. */
  public void evict(String endpoint, Connection borrowed) {
    pools.evict(endpoint, borrowed);
  }

  /** Takes a failed endpoint out until the prober sees it back, and drops its idle connections. */
  @Override
  public void failed(String endpoint, EndpointRole role, SQLException cause) {
    if (health != null) {
      health.markDown(endpoint, role, cause);
    }
    pools.evictIdle(endpoint);
  }

  /** A master refused a write as read-only: no write goes there until the prober sees it writable again. */
  @Override
  public void refusedWrite(String endpoint) {
    if (health != null) {
      health.markReadOnly(endpoint);
    }
  }

  /** The endpoint a statement for {@code node} in {@code role} goes to now. */
  public String choose(NodeInfo node, EndpointRole role) throws SQLException {
    if (health == null) {
      return firstEndpoint(node, role);
    }
    if (role == EndpointRole.REPLICA) {
      List<String> replicas = node.readEndpoints();
      int size = replicas.size();
      if (size > 0) {
        // Round-robin from a rotating start, skipping replicas that are down or lagging: no
        // allocation on this per-statement path.
        int start = size == 1 ? 0 : Math.floorMod(replicaRotation.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
          String replica = replicas.get((start + i) % size);
          EndpointHealth.Status status = health.status(replica, EndpointRole.REPLICA);
          if (!status.down && !status.lagging) {
            return replica;
          }
        }
      }
      if (!replicas.isEmpty() && !settings.replicaFallbackToMaster()) {
        throw noEndpoint(node, role, replicas, EndpointRole.REPLICA);
      }
      for (String master : node.writeEndpoints()) {
        if (!health.status(master, EndpointRole.MASTER).down) {
          return master;
        }
      }
      throw noEndpoint(node, role, node.writeEndpoints(), EndpointRole.MASTER);
    }
    for (String master : node.writeEndpoints()) {
      EndpointHealth.Status status = health.status(master, EndpointRole.MASTER);
      if (status.down || status.writability == EndpointHealth.Writability.READ_ONLY) {
        continue;
      }
      if (status.writability == EndpointHealth.Writability.WRITABLE || health.checkWritable(master) == EndpointHealth.Writability.WRITABLE) {
        return master;
      }
    }
    throw noEndpoint(node, role, node.writeEndpoints(), EndpointRole.MASTER);
  }

  /** Without failover: the directory's order, replicas round-robin, no health. */
  private String firstEndpoint(NodeInfo node, EndpointRole role) throws SQLException {
    List<String> candidates = role == EndpointRole.REPLICA && !node.readEndpoints().isEmpty() ? node.readEndpoints() : node.writeEndpoints();
    if (candidates.isEmpty()) {
      throw noEndpoint(node, role, candidates, role);
    }
    if (role == EndpointRole.MASTER || candidates.size() == 1) {
      return candidates.get(0);
    }
    return candidates.get(Math.floorMod(replicaRotation.getAndIncrement(), candidates.size()));
  }

  private SQLException noEndpoint(NodeInfo node, EndpointRole role, List<String> candidates, EndpointRole candidateRole) {
    if (candidates.isEmpty()) {
      return new SQLException("node " + node.name() + " has no " + candidateRole.label() + " endpoint in the directory; register one with `shardline node`", "08001");
    }
    StringBuilder states = new StringBuilder();
    for (String candidate : candidates) {
      states.append(states.length() == 0 ? "" : ", ").append(health.status(candidate, candidateRole).describe());
    }
    String what = role == EndpointRole.MASTER ? "no writable master" : "no usable replica or master";
    return new SQLTransientConnectionException("node " + node.name() + " has " + what + " (" + states + ")", "08001");
  }

  public List<EndpointPoolFigures> poolFigures() {
    return pools.figures();
  }

  /** Stops the prober and closes every pool, in parallel, within {@code deadlineMs} in all. */
  public void close(long deadlineMs) {
    long started = System.nanoTime();
    if (health != null) {
      health.close(deadlineMs);
    }
    long left = Math.max(1, deadlineMs - (System.nanoTime() - started) / 1_000_000);
    pools.close(left);
  }

  @Override
  public void close() {
    close(Deadlines.CLOSE_MS);
  }
}
