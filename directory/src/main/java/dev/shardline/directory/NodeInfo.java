package dev.shardline.directory;

import java.util.List;
import java.util.Objects;

/**
 * A shard node as the directory lists it.
 *
 * <p>Endpoints are {@code host:port} strings in failover order: {@code writeEndpoints} are the
 * node's masters (or its write VIP), {@code readEndpoints} its replicas (or its read VIP). An empty
 * read list means the node has no replica. {@code weight} is the node's share of new keys relative
 * to the other nodes (a node of weight 2 is given twice the keys of a node of weight 1).
 *
 * <p>Immutable and thread safe.
 */
public record NodeInfo(
    int id, String name, List<String> writeEndpoints, List<String> readEndpoints, int weight, NodeState state) {
  public NodeInfo {
    Objects.requireNonNull(name, "name");
    writeEndpoints = List.copyOf(writeEndpoints);
    readEndpoints = List.copyOf(readEndpoints);
    Objects.requireNonNull(state, "state");
  }
}
