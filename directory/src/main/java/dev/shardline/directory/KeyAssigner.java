package dev.shardline.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a new key a node, atomically, on the directory primary.
 *
 * <h2>Why every racer gets the same node</h2>
 *
 * The transaction first locks the rows of all {@code ACTIVE} nodes in id order
 * ({@code SELECT ... FOR UPDATE}). Assigners therefore run one at a time, each seeing the key counts
 * the previous one committed, and a node cannot turn {@code DRAINING} halfway through: the state
 * change waits for the lock. Under the lock the policy chooses, the key row is inserted and the
 * chosen node's {@code key_count} goes up by one, all in the same commit, so the counts stay exact.
 * If the insert finds the key already there (another client assigned it after our caller's look-up,
 * or something outside this class wrote it), the row that exists wins and is returned unchanged;
 * nothing is counted twice. Taking every node lock in the same order means assigners never
 * deadlock each other.
 *
 * <p>The cost is that new keys are assigned one at a time per directory (a round trip or three
 * each); existing keys never come here, so this bounds only the rate of brand-new keys.
 *
 * <p>Thread safety: safe for concurrent use; the policy must be thread safe too.
 */
final class KeyAssigner {
  private static final Logger log = LoggerFactory.getLogger(KeyAssigner.class);

  private final Sources sources;
  private final PlacementPolicy policy;
  private final String instance;

  KeyAssigner(Sources sources, PlacementPolicy policy, String instance) {
    this.sources = sources;
    this.policy = policy;
    this.instance = instance;
  }

  Placement assign(ShardKey key) throws DirectoryException {
    return sources.transactionOnPrimary("assigning key '" + key + "' to a node", c -> {
      List<NodeLoad> candidates = lockActiveNodes(c);
      if (candidates.isEmpty()) {
        throw noActiveNode(key, DirectoryStore.loadNodes(c));
      }
      NodeInfo chosen = choose(key, candidates);
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO shard_keys (key_text, node_id, state, version) VALUES (?, ?, 'ACTIVE', 1)")) {
        insert.setBytes(1, DirectoryStore.keyBytes(key));
        insert.setInt(2, chosen.id());
        insert.executeUpdate();
      } catch (SQLException e) {
        if (!Failures.isDuplicateKey(e)) {
          throw e;
        }
        // Assigned meanwhile by someone who did not queue on the node locks: theirs stands.
        return DirectoryStore.findPlacement(c, key, " LOCK IN SHARE MODE")
            .orElseThrow(() -> new DirectoryException(
                "key '" + key + "' was reported as a duplicate but cannot be read back; retry", e));
      }
      try (PreparedStatement count = c.prepareStatement("UPDATE nodes SET key_count = key_count + 1 WHERE id = ?")) {
        count.setInt(1, chosen.id());
        count.executeUpdate();
      }
      log.debug("directory[{}]: assigned key '{}' to node {} ({})", instance, key, chosen.name(), policy);
      return new Placement(key, chosen.id(), KeyState.ACTIVE, 1);
    });
  }

  private static List<NodeLoad> lockActiveNodes(Connection c) throws SQLException {
    List<NodeLoad> loads = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + DirectoryStore.NODE_COLUMNS + " FROM nodes WHERE state = 'ACTIVE' ORDER BY id FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        loads.add(new NodeLoad(DirectoryStore.node(rs), rs.getLong("key_count")));
      }
    }
    return List.copyOf(loads);
  }

  private NodeInfo choose(ShardKey key, List<NodeLoad> candidates) throws DirectoryException {
    NodeInfo chosen;
    try {
      chosen = policy.choose(key, candidates);
    } catch (RuntimeException e) {
      throw new DirectoryException(
          "placement policy " + policy + " could not place key '" + key + "': " + e.getMessage(),
          DirectoryException.GENERAL_ERROR, e);
    }
    for (NodeLoad candidate : candidates) {
      if (candidate.node().equals(chosen)) {
        return chosen;
      }
    }
    throw new DirectoryException(
        "placement policy " + policy + " chose " + (chosen == null ? "no node" : "node '" + chosen.name() + "' (id " + chosen.id() + ")")
            + " for key '" + key + "', which is not one of the ACTIVE candidates "
            + candidates.stream().map(l -> l.node().name()).toList() + "; a policy must return a candidate's node",
        DirectoryException.GENERAL_ERROR);
  }

  private static DirectoryException noActiveNode(ShardKey key, List<NodeInfo> nodes) {
    if (nodes.isEmpty()) {
      return new DirectoryException(
          "cannot place key '" + key + "': the directory has no nodes; register one with"
              + " `shardline node add NAME --write host:port`",
          DirectoryException.GENERAL_ERROR);
    }
    return new DirectoryException(
        "cannot place key '" + key + "': no node is ACTIVE (nodes: " + new NodeTable(nodes).describe()
            + "); set one ACTIVE with `shardline node set-state NAME ACTIVE` or register a new node",
        DirectoryException.GENERAL_ERROR);
  }
}
