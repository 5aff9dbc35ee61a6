package dev.shardline.driver.routing;

import dev.shardline.directory.Access;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.Placement;
import dev.shardline.directory.ShardKey;
import dev.shardline.driver.analysis.InsertRows;
import dev.shardline.driver.analysis.KeyList;
import dev.shardline.driver.analysis.KeyRef;
import dev.shardline.driver.analysis.ScatterQuery;
import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import dev.shardline.driver.analysis.StatementAnalysis;
import dev.shardline.driver.cluster.EndpointRole;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The routing step of the pipeline: a statement's analysis, its parameters and the connection's
 * context in, a {@link RoutePlan} out. The rules (docs/driver.md, "Routing rules"):
 *
 * <ol>
 *   <li>Statements on no sharded table go to the global node pinned in the directory; writes of
 *       broadcast tables to every node that holds data; reads of broadcast or system tables, and
 *       statements naming no table, inside a transaction to the transaction's node.
 *   <li>A statement on sharded tables goes where its keys live: the keys in its SQL, else its
 *       explicit key (a {@code /* shard_key *}{@code /} hint, else the session key). An explicit
 *       key that contradicts the keys in a write's SQL is refused; a read with keys in its SQL
 *       follows its SQL.
 *   <li>Every key is made canonical by the shard column's type, and refused if the column cannot
 *       hold it, before anything is looked up, assigned or executed.
 *   <li>A key unknown to the directory holds no rows anywhere. In the SQL it constrains the
 *       statement, which runs on the global node and finds nothing. As an explicit key it never
 *       widens the statement: nothing runs (an empty result, or 0 rows updated).
 *   <li>A write to a key that is MOVING waits for the move (see {@link MovingKeyWait}).
 *   <li>A statement joining sharded tables with a global table runs only where the global table
 *       lives; if its keys live elsewhere it is refused.
 * </ol>
 *
 * With {@code dryRun} (explain) nothing is assigned and nothing waits.
 *
 * <p>Thread safety: stateless apart from its collaborators; safe from any thread.
 */
public final class StatementRouter {
  private static final int SQL_IN_MESSAGES = 200;

  /**
   * SQLState of a statement the router refuses: class 0A (feature not supported), with a subclass
   * of Shardline's own. Not 0A000 itself, which HikariCP treats as a broken connection and evicts
   * (rolling back the application's transaction) on every refusal.
   */
  public static final String UNROUTABLE = "0AS01";

  private final Placements placements;
  private final MovingKeyWait moving;

  public StatementRouter(Placements placements, long moveWaitMs) {
    this.placements = placements;
    this.moving = new MovingKeyWait(placements, moveWaitMs);
  }

  public RoutePlan plan(String sql, StatementAnalysis analysis, List<Object> parameters, RoutingContext context, RoutingRules rules, boolean dryRun)
      throws SQLException {
    Optional<String> refusal = analysis.refusal();
    if (refusal.isPresent()) {
      throw new SQLException(refusal.get() + " [statement: " + abbreviate(sql) + "]", UNROUTABLE);
    }
    String runSql = analysis.rewrittenSql().orElse(sql);
    if (analysis.kind() == Kind.DDL) {
      return everyNode(runSql, () -> "DDL runs on every node that holds data (ACTIVE and DRAINING), on its master, in node id order");
    }
    Request request = new Request(sql, runSql, analysis, parameters, context, rules, dryRun);
    if (analysis.parseError().isPresent() || (analysis.kind() == Kind.OTHER && analysis.tables().isEmpty() && analysis.systemTables().isEmpty())) {
      return opaque(request);
    }
    if (analysis.shardedTables().isEmpty()) {
      return unsharded(request);
    }
    return sharded(request);
  }

  /** One routing decision's inputs, passed along the steps. */
  private record Request(String sql, String runSql, StatementAnalysis analysis, List<Object> parameters, RoutingContext context,
      RoutingRules rules, boolean dryRun) {
    boolean write() {
      return analysis.isWrite() || analysis.lockingRead();
    }

    /** The explicit key's value and where it came from: the hint, else the session key; null when neither. */
    Object explicitValue() {
      Optional<String> hint = analysis.hintKey();
      return hint.isPresent() ? hint.get() : context.sessionKey();
    }

    String explicitSource() {
      return analysis.hintKey().isPresent() ? "the /* shard_key=" + analysis.hintKey().get() + " */ hint" : "the session key " + context.sessionKey();
    }
  }

  // --- statements the analysis cannot see into ---------------------------------------------

  /** Unparseable SQL, or SQL that names no table and is not a plain query (CALL, DO, ...): only an explicit key routes it. */
  private RoutePlan opaque(Request r) throws SQLException {
    Object explicit = r.explicitValue();
    if (explicit == null) {
      if (r.analysis().parseError().isPresent()) {
        throw new SQLException("Shardline cannot parse the statement (" + r.analysis().parseError().get() + "), so it cannot find its shard key"
            + " or tables; add a /* shard_key=... */ hint or call ShardlineConnection.useKey(...) to route it [statement: " + abbreviate(r.sql()) + "]",
            "42000");
      }
      if (r.context().transactionNode() != null) {
        NodeInfo node = r.context().transactionNode();
        return single(r, node, List.of(), () -> "the statement names no table; inside a transaction it runs on the transaction's node " + node.name());
      }
      throw new SQLException("Shardline cannot tell which node this statement belongs to (it names no table); add a /* shard_key=... */ hint "
          + "or call ShardlineConnection.useKey(...) to route it [statement: " + abbreviate(r.sql()) + "]", UNROUTABLE);
    }
    ShardKey key = KeyResolution.explicit(explicit, r.explicitSource(), KeyType.UNKNOWN, r.sql());
    Optional<Placement> placement = placement(key, r);
    if (placement.isEmpty()) {
      throw new SQLException(r.explicitSource() + " names key " + key + ", which is not in the directory, so no node holds its rows; a statement"
          + " Shardline cannot analyse is not run anywhere for it [statement: " + abbreviate(r.sql()) + "]", UNROUTABLE);
    }
    NodeInfo node = node(placement.get().nodeId());
    return single(r, node, List.of(key.text()), () -> r.explicitSource() + " lives on " + node.name() + roleReason(r, node));
  }

  // --- no sharded table ---------------------------------------------------------------------

  private RoutePlan unsharded(Request r) throws SQLException {
    StatementAnalysis analysis = r.analysis();
    boolean global = analysis.tables().stream().anyMatch(r.rules().tables()::isGlobal);
    boolean broadcast = analysis.tables().stream().anyMatch(r.rules().tables()::isBroadcast);
    if (r.write() && broadcast) {
      if (global) {
        throw new SQLException("the statement writes broadcast table(s) and reads global table(s) " + analysis.tables()
            + "; the global tables live on one node only, so the write cannot run on every node [statement: " + abbreviate(r.sql()) + "]", UNROUTABLE);
      }
      return everyNode(r.runSql(), () -> "a write to broadcast table(s) " + analysis.tables() + " runs on every node that holds data, on its master");
    }
    boolean anyNodeAnswers = !global && analysis.tables().stream().allMatch(r.rules().tables()::isBroadcast);
    NodeInfo transactionNode = r.context().transactionNode();
    if (anyNodeAnswers && transactionNode != null) {
      return single(r, transactionNode, List.of(), () -> (analysis.tables().isEmpty() ? "the statement touches no application table" : "broadcast table(s) "
          + analysis.tables() + " have a copy on every node") + "; inside a transaction it runs on the transaction's node " + transactionNode.name()
          + roleReason(r, transactionNode));
    }
    if (anyNodeAnswers && analysis.tables().isEmpty() && r.explicitValue() != null) {
      Optional<Placement> placement = placement(KeyResolution.explicit(r.explicitValue(), r.explicitSource(), KeyType.UNKNOWN, r.sql()), r);
      if (placement.isPresent()) {
        NodeInfo node = node(placement.get().nodeId());
        return single(r, node, List.of(), () -> "the statement touches no table; " + r.explicitSource() + " lives on " + node.name() + roleReason(r, node));
      }
    }
    NodeInfo node = placements.globalNode();
    String what = analysis.tables().isEmpty() ? "the statement touches no application table" : "table(s) " + analysis.tables() + " are not sharded";
    return single(r, node, List.of(), () -> what + "; it runs on the global node " + node.name() + roleReason(r, node));
  }

  // --- sharded tables ---------------------------------------------------------------------

  private RoutePlan sharded(Request r) throws SQLException {
    StatementAnalysis analysis = r.analysis();
    KeyType type = KeyResolution.statementType(analysis, r.rules(), r.sql());
    List<ShardKey> sqlKeys = new ArrayList<>(analysis.keys().size());
    for (KeyRef ref : analysis.keys()) {
      sqlKeys.add(KeyResolution.resolve(ref, r.parameters(), type, r.sql()));
    }
    Object explicitValue = r.explicitValue();
    ShardKey explicit = explicitValue == null ? null : KeyResolution.explicit(explicitValue, r.explicitSource(), type, r.sql());
    if (explicit != null && !sqlKeys.isEmpty() && analysis.isWrite()) {
      for (ShardKey key : sqlKeys) {
        if (!key.equals(explicit)) {
          throw new SQLException(r.explicitSource() + " (key " + explicit + ") contradicts key " + key + " in the " + analysis.kind()
              + "; nothing was executed. A write goes to the node of the keys in its SQL: clear the session key (clearKey(), or SET"
              + " @@shardline.key = NULL) or make them agree [statement: " + abbreviate(r.sql()) + "]", UNROUTABLE);
        }
      }
    }
    RoutePlan plan;
    if (sqlKeys.isEmpty()) {
      if (explicit != null) {
        plan = explicitRoute(r, explicit);
      } else if (analysis.readsNoRows()) {
        NodeInfo node = r.context().transactionNode() != null ? r.context().transactionNode() : placements.globalNode();
        plan = single(r, node, List.of(), () -> "the SELECT reads no row whatever the data (WHERE false or LIMIT 0), so any node answers it: " + node.name());
        return plan;
      } else if (analysis.kind() == Kind.SELECT) {
        plan = scatter(r, placements.dataNodes(), null);
      } else if ((analysis.kind() == Kind.UPDATE || analysis.kind() == Kind.DELETE) && (analysis.allNodesHint() || r.context().keylessWrites())) {
        String how = analysis.allNodesHint() ? "the /* shardline:all_nodes */ hint" : "shardline.keylessWrites=all-nodes";
        plan = everyNode(r.runSql(), () -> "an " + analysis.kind() + " with no shard key runs on every node that holds data (" + how
            + "), each node in its own transaction unless the connection's transaction binds them; counts are summed");
      } else {
        throw noKey(r);
      }
    } else if (analysis.insertRows().isPresent()) {
      plan = insert(r, analysis.insertRows().get(), sqlKeys);
    } else if (sqlKeys.size() == 1) {
      plan = oneKey(r, sqlKeys.get(0));
    } else {
      plan = severalKeys(r, sqlKeys);
    }
    return withGlobalTables(r, plan);
  }

  /** The hot path: one key in the SQL, such as a point select. */
  private RoutePlan oneKey(Request r, ShardKey key) throws SQLException {
    Optional<Placement> placement = placement(key, r);
    List<String> keys = List.of(key.text());
    if (placement.isEmpty()) {
      NodeInfo global = placements.globalNode();
      return single(r, global, keys, () -> "key " + key + " is not in the directory, so no node holds its rows; the statement runs on "
          + global.name() + " and finds none");
    }
    NodeInfo node = node(placement.get().nodeId());
    return single(r, node, keys, () -> "key(s) " + keys + " from the SQL live on " + node.name() + movingNote(placement.get()) + roleReason(r, node));
  }

  private RoutePlan severalKeys(Request r, List<ShardKey> keys) throws SQLException {
    Map<Integer, NodeInfo> nodes = new LinkedHashMap<>();
    Map<Integer, List<String>> keysByNode = new LinkedHashMap<>();
    // Positions in keys (and in the statement's IN list) of each node's keys: what each node is given.
    Map<Integer, Set<Integer>> indexes = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      ShardKey key = keys.get(k);
      Optional<Placement> placement = placement(key, r);
      if (placement.isEmpty()) {
        unknown.add(key.text());
        continue;
      }
      NodeInfo node = node(placement.get().nodeId());
      nodes.putIfAbsent(node.id(), node);
      keysByNode.computeIfAbsent(node.id(), id -> new ArrayList<>()).add(key.text());
      indexes.computeIfAbsent(node.id(), id -> new java.util.HashSet<>()).add(k);
    }
    if (nodes.isEmpty()) {
      NodeInfo global = placements.globalNode();
      return single(r, global, unknown, () -> "key(s) " + unknown + " are not in the directory, so no node holds their rows; the statement runs on "
          + global.name() + " and finds none");
    }
    if (nodes.size() > 1) {
      StringBuilder where = new StringBuilder();
      keysByNode.forEach((id, ks) -> where.append(ks).append(" on ").append(nodes.get(id).name()).append("; "));
      Kind kind = r.analysis().kind();
      if (r.analysis().keysMustShareNode() || (kind != Kind.SELECT && kind != Kind.UPDATE && kind != Kind.DELETE)) {
        throw new SQLException("the statement's keys live on " + nodes.size() + " nodes (" + where + ") and it reads them together (keys of"
            + " independent tables or subqueries), so no node can answer it alone: split it per key, or give keys of one node [statement: "
            + abbreviate(r.sql()) + "]", UNROUTABLE);
      }
      List<NodeInfo> targets = new ArrayList<>(nodes.values());
      targets.sort(java.util.Comparator.comparingInt(NodeInfo::id));
      if (kind == Kind.SELECT) {
        return scatter(r, targets, indexes);
      }
      return splitWrite(r, targets, indexes, keysByNode, where.toString());
    }
    NodeInfo node = nodes.values().iterator().next();
    List<String> onNode = keysByNode.get(node.id());
    return single(r, node, onNode, () -> "key(s) " + onNode + " from the SQL live on " + node.name() + roleReason(r, node));
  }

  /**
   * A SELECT every node of {@code nodes} answers, merged by the driver: no key (every node that
   * holds data), or keys on several nodes (each node with only its own keys in the IN list).
   */
  private RoutePlan scatter(Request r, List<NodeInfo> nodes, Map<Integer, Set<Integer>> keysByNode) throws SQLException {
    StatementAnalysis analysis = r.analysis();
    Optional<ScatterQuery> query = analysis.scatter();
    String tables = analysis.shardedTables().toString();
    if (query.isEmpty()) {
      String why = analysis.scatterRefusal().orElse("its shape cannot be merged across nodes");
      throw new SQLException("a SELECT on sharded table(s) " + tables + " " + (keysByNode == null ? "with no shard key" : "with keys on several nodes")
          + " runs on every node that may hold its rows and is merged, but " + why + "; add `WHERE <shard column> = ?`, a /* shard_key=... */"
          + " hint, or ShardlineConnection.useKey(...) to read one node [statement: " + abbreviate(r.sql()) + "]", UNROUTABLE);
    }
    if (analysis.lockingRead()) {
      throw new SQLException("a locking read (FOR UPDATE / FOR SHARE) on sharded table(s) " + tables + " would lock rows on several nodes;"
          + " give it a key [statement: " + abbreviate(r.sql()) + "]", UNROUTABLE);
    }
    if (nodes.isEmpty()) {
      throw new SQLException("the directory lists no node that holds data (ACTIVE or DRAINING); register nodes with `shardline node add`", "08001");
    }
    boolean pruned = keysByNode != null && analysis.keyList().isPresent();
    List<Target> targets = new ArrayList<>(nodes.size());
    for (NodeInfo node : nodes) {
      Set<Integer> keys = pruned ? keysByNode.get(node.id()) : null;
      List<String> keyTexts = new ArrayList<>();
      if (keysByNode != null) {
        for (int k : keysByNode.getOrDefault(node.id(), Set.of())) {
          keyTexts.add(analysis.keys().get(k).toString());
        }
      }
      targets.add(new Target(node, role(r, node), query.get().nodeSql(r.parameters(), keys), keyTexts));
    }
    ScatterQuery merged = query.get();
    List<Object> parameters = java.util.Collections.unmodifiableList(new ArrayList<>(r.parameters()));
    return new RoutePlan(RoutePlan.Shape.SCATTER, targets, r.runSql(), () -> "the SELECT " + (keysByNode == null ? "has no shard key" : "has keys on "
        + targets.size() + " nodes" + (pruned ? ", each node given only its own keys" : "")) + ": it runs on " + targets.stream().map(t -> t.node().name()).toList()
        + " in parallel (each node's " + targets.get(0).role().label() + "), merge: " + merged.describe(), new RoutePlan.Merge(merged, parameters));
  }

  /** An UPDATE or DELETE whose keys live on several nodes: one statement per node, each with only that node's keys when the IN list is found. */
  private RoutePlan splitWrite(Request r, List<NodeInfo> nodes, Map<Integer, Set<Integer>> indexes, Map<Integer, List<String>> keysByNode, String where)
      throws SQLException {
    Optional<KeyList> keyList = r.analysis().keyList();
    List<Target> targets = new ArrayList<>();
    for (NodeInfo node : nodes) {
      targets.add(new Target(node, EndpointRole.MASTER, keyList.isPresent() ? keyList.get().render(r.parameters(), indexes.get(node.id())) : null,
          keysByNode.get(node.id())));
    }
    return new RoutePlan(RoutePlan.Shape.SPLIT, targets, r.runSql(), () -> "the " + r.analysis().kind() + "'s keys live on " + nodes.size()
        + " nodes (" + where + "): it runs on each node's master with " + (keyList.isPresent() ? "only that node's keys" : "the whole key list")
        + ", one after another, counts summed; not atomic across nodes unless the transaction mode makes it so");
  }

  /** The statement's SQL has no key; its explicit key routes it. An unknown explicit key never widens it. */
  private RoutePlan explicitRoute(Request r, ShardKey key) throws SQLException {
    Optional<Placement> placement = placement(key, r);
    if (placement.isPresent()) {
      NodeInfo node = node(placement.get().nodeId());
      return single(r, node, List.of(key.text()), () -> r.explicitSource() + " lives on " + node.name() + movingNote(placement.get()) + roleReason(r, node));
    }
    Kind kind = r.analysis().kind();
    if (kind == Kind.SELECT || kind == Kind.UPDATE || kind == Kind.DELETE) {
      // Nothing runs; a SELECT's columns are described by a node that could run it (inside a
      // transaction the transaction's own node, so the description needs no second node).
      NodeInfo describer = r.context().transactionNode() != null ? r.context().transactionNode() : placements.globalNode();
      Target target = new Target(describer, kind == Kind.SELECT ? role(r, describer) : EndpointRole.MASTER, null, List.of(key.text()));
      return new RoutePlan(RoutePlan.Shape.NO_ROWS, List.of(target), r.runSql(), () -> r.explicitSource() + ": key " + key
          + " is not in the directory, so no node holds its rows; nothing runs" + (kind == Kind.SELECT ? " and the result is empty" : " and 0 rows change"));
    }
    throw new SQLException(r.explicitSource() + " names key " + key + ", which is not in the directory; a " + kind + " is not run anywhere for a key"
        + " no node holds [statement: " + abbreviate(r.sql()) + "]", UNROUTABLE);
  }

  private RoutePlan insert(Request r, InsertRows rows, List<ShardKey> keys) throws SQLException {
    // Every row's key was made canonical (and refused if the column cannot hold it) before this
    // point, so no key is assigned for an INSERT that was going to be refused anyway.
    Map<Integer, NodeInfo> nodes = new LinkedHashMap<>();
    Map<Integer, List<Integer>> rowsByNode = new LinkedHashMap<>();
    Map<Integer, List<String>> keysByNode = new LinkedHashMap<>();
    List<String> newKeys = new ArrayList<>();
    for (int row = 0; row < rows.rowCount(); row++) {
      ShardKey key = keys.get(row);
      Placement placement;
      if (r.dryRun()) {
        Optional<Placement> found = placements.find(key, Access.WRITE);
        if (found.isEmpty()) {
          newKeys.add(key.text());
          continue;
        }
        placement = found.get();
      } else {
        placement = moving.writable(placements.findOrAssign(key));
      }
      NodeInfo node = node(placement.nodeId());
      nodes.putIfAbsent(node.id(), node);
      rowsByNode.computeIfAbsent(node.id(), id -> new ArrayList<>()).add(row);
      keysByNode.computeIfAbsent(node.id(), id -> new ArrayList<>()).add(key.text());
    }
    String news = newKeys.isEmpty() ? "" : "; new key(s) " + newKeys + " would be assigned by the placement policy";
    if (nodes.isEmpty()) {
      NodeInfo global = placements.globalNode();
      return RoutePlan.single(new Target(global, EndpointRole.MASTER, null, newKeys), r.runSql(), () -> "every key is new" + news);
    }
    if (nodes.size() == 1 && newKeys.isEmpty()) {
      NodeInfo node = nodes.values().iterator().next();
      List<String> onNode = keysByNode.get(node.id());
      return RoutePlan.single(new Target(node, EndpointRole.MASTER, null, onNode), r.runSql(),
          () -> "INSERT key(s) " + onNode + " live on " + node.name() + "; writes go to the master");
    }
    List<Target> targets = new ArrayList<>();
    StringBuilder reason = new StringBuilder("INSERT rows split per node:");
    for (Map.Entry<Integer, List<Integer>> entry : rowsByNode.entrySet()) {
      NodeInfo node = nodes.get(entry.getKey());
      targets.add(new Target(node, EndpointRole.MASTER, rows.split(entry.getValue()), keysByNode.get(node.id())));
      reason.append(' ').append(keysByNode.get(node.id())).append(" -> ").append(node.name()).append(';');
    }
    String split = reason + news;
    return new RoutePlan(RoutePlan.Shape.SPLIT, targets, r.runSql(), () -> split);
  }

  /**
   * A global table lives only on the global node: a statement that also reads sharded tables is
   * right only there. Elsewhere the node's (empty or stale) copy would answer.
   */
  private RoutePlan withGlobalTables(Request r, RoutePlan plan) throws SQLException {
    if (plan.shape() == RoutePlan.Shape.NO_ROWS) {
      return plan;
    }
    if (!r.rules().tables().hasGlobalTables()) {
      return plan; // the hot path: no global tables declared at all
    }
    List<String> globalTables = r.analysis().tables().stream().filter(r.rules().tables()::isGlobal).toList();
    if (globalTables.isEmpty()) {
      return plan;
    }
    NodeInfo global = placements.globalNode();
    for (Target target : plan.targets()) {
      if (target.node().id() != global.id()) {
        throw new SQLException("the statement joins global table(s) " + globalTables + ", which live on the global node " + global.name()
            + " only, with sharded table(s) " + r.analysis().shardedTables() + " whose key(s) " + target.keys() + " live on " + target.node().name()
            + "; read the global table in a statement of its own [statement: " + abbreviate(r.sql()) + "]", UNROUTABLE);
      }
    }
    return plan;
  }

  private RoutePlan everyNode(String sql, Supplier<String> reason) throws SQLException {
    List<Target> targets = new ArrayList<>();
    for (NodeInfo node : placements.dataNodes()) {
      targets.add(Target.of(node, EndpointRole.MASTER));
    }
    if (targets.isEmpty()) {
      throw new SQLException("the directory lists no node that holds data (ACTIVE or DRAINING); register nodes with `shardline node add`", "08001");
    }
    return new RoutePlan(RoutePlan.Shape.EVERY_NODE, targets, sql,
        () -> reason.get() + ": " + String.join(", ", targets.stream().map(t -> t.node().name() + " " + t.node().state()).toList()));
  }

  private RoutePlan single(Request r, NodeInfo node, List<String> keys, Supplier<String> why) {
    return RoutePlan.single(new Target(node, role(r, node), null, keys), r.runSql(), why);
  }

  // --- placements -------------------------------------------------------------------------

  /** The key's placement for this statement: for a write, writable (a MOVING key waited out). */
  private Optional<Placement> placement(ShardKey key, Request r) throws SQLException {
    boolean write = r.write();
    Optional<Placement> found = placements.find(key, write ? Access.WRITE : Access.READ);
    if (!write || r.dryRun() || found.isEmpty()) {
      return found;
    }
    return Optional.of(moving.writable(found.get()));
  }

  private NodeInfo node(int id) throws SQLException {
    try {
      return placements.node(id);
    } catch (DirectoryException e) {
      throw new SQLException("the directory places a key on node id " + id + ", which it does not list: " + e.getMessage(), "08001", e);
    }
  }

  private static String movingNote(Placement placement) {
    return placement.state() == dev.shardline.directory.KeyState.MOVING ? " (the key is MOVING: writes wait for the move to switch it)" : "";
  }

  // --- read/write splitting ------------------------------------------------------------------

  private static EndpointRole role(Request r, NodeInfo node) {
    if (r.write()) {
      return EndpointRole.MASTER;
    }
    RoutingContext context = r.context();
    if (context.readOnly()) {
      return EndpointRole.REPLICA;
    }
    if (context.inTransaction() || context.recentlyWrote().test(node.id())) {
      return EndpointRole.MASTER;
    }
    Kind kind = r.analysis().kind();
    return kind == Kind.SELECT || kind == Kind.SHOW ? EndpointRole.REPLICA : EndpointRole.MASTER;
  }

  private static String roleReason(Request r, NodeInfo node) {
    RoutingContext context = r.context();
    if (r.analysis().lockingRead()) {
      return "; a locking read goes to the master";
    }
    if (r.write()) {
      return "; writes go to the master";
    }
    if (context.readOnly()) {
      return "; the connection is read-only, so the read goes to a replica";
    }
    if (context.inTransaction()) {
      return "; reads inside a transaction go to the master";
    }
    if (context.recentlyWrote().test(node.id())) {
      return "; this connection wrote to " + node.name() + " within the read-your-writes window, so the read goes to the master";
    }
    return role(r, node) == EndpointRole.REPLICA ? "; an autocommit read goes to a replica" : "; it goes to the master";
  }

  private static SQLException noKey(Request r) {
    StatementAnalysis analysis = r.analysis();
    String tables = analysis.shardedTables().toString();
    String fix = "add `WHERE <shard column> = ?` (or IN (...)) on " + tables + ", a /* shard_key=... */ hint, or call ShardlineConnection.useKey(...)"
        + (analysis.kind() == Kind.UPDATE || analysis.kind() == Kind.DELETE ? "; to run it on every node on purpose, start it with /* shardline:all_nodes */" : "");
    String what = switch (analysis.kind()) {
      case UPDATE, DELETE -> "an " + analysis.kind() + " on sharded table(s) " + tables + " with no shard key is refused, so it cannot touch every node by accident";
      default -> "no shard key found for sharded table(s) " + tables;
    };
    return new SQLException(what + "; " + fix + " [statement: " + abbreviate(r.sql()) + "]", UNROUTABLE);
  }

  /** The statement for messages: whitespace collapsed, at most 200 characters. */
  public static String abbreviate(String sql) {
    String flat = sql.replaceAll("\\s+", " ").trim();
    return flat.length() <= SQL_IN_MESSAGES ? flat : flat.substring(0, SQL_IN_MESSAGES) + "...";
  }
}
