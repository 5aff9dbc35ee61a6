package dev.shardline.driver;

import dev.shardline.directory.Access;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.Placement;
import dev.shardline.directory.ShardKey;
import dev.shardline.driver.analysis.InsertRows;
import dev.shardline.driver.analysis.KeyRef;
import dev.shardline.driver.analysis.StatementAnalysis;
import dev.shardline.driver.analysis.StatementAnalysis.Kind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where a statement goes: locate the key, choose the node, choose master or replica.
 *
 * <ol>
 *   <li>An explicit key wins: a {@code /* shard_key=... *}{@code /} hint, else the connection's
 *       session key ({@code useKey} or {@code SET @@shardline.key}).
 *   <li>Else the keys in the SQL: {@code col = ?}, {@code col IN (...)}, the INSERT rows. Rows of
 *       a multi-row INSERT on several nodes are split per node; any other statement whose keys
 *       live on several nodes is refused (scatter-gather is a later capability).
 *   <li>A statement on no sharded table goes to the global node (DDL and broadcast writes to
 *       every ACTIVE node).
 * </ol>
 *
 * A key the directory does not know holds no rows anywhere: reads, updates and deletes of it run
 * on the global node and find nothing; an INSERT assigns it first (atomically, in the directory).
 * With {@code dryRun} (explain) nothing is assigned.
 *
 * <p>Thread safety: stateless apart from the runtime; safe from any thread.
 */
final class StatementRouter {
  private static final int SQL_IN_MESSAGES = 200;

  /**
   * SQLState of a statement the router refuses: class 0A (feature not supported), with a subclass
   * of Shardline's own. Not 0A000 itself, which HikariCP treats as a broken connection and evicts
   * (rolling back the application's transaction) on every refusal.
   */
  static final String UNROUTABLE = "0AS01";
  private final ShardlineRuntime runtime;

  StatementRouter(ShardlineRuntime runtime) {
    this.runtime = runtime;
  }

  RoutePlan plan(String sql, StatementAnalysis analysis, List<Object> parameters, RoutingContext context, boolean dryRun)
      throws SQLException {
    Optional<String> refusal = analysis.refusal();
    if (refusal.isPresent()) {
      throw new SQLException(refusal.get() + " [statement: " + abbreviate(sql) + "]", UNROUTABLE);
    }
    if (analysis.kind() == Kind.DDL) {
      return everyNode(() -> "DDL runs on every ACTIVE node's master, in node id order");
    }
    boolean write = analysis.isWrite() || analysis.lockingRead();
    Optional<String> hint = analysis.hintKey();
    if (hint.isPresent()) {
      return explicit(key(hint.get(), "the /* shard_key */ hint", sql), "hint /* shard_key=" + hint.get() + " */", analysis, write, context, dryRun);
    }
    if (context.sessionKey() != null) {
      return explicit(context.sessionKey(), "session key " + context.sessionKey(), analysis, write, context, dryRun);
    }
    if (analysis.parseError().isPresent()) {
      throw new SQLException(
          "Shardline cannot parse the statement (" + analysis.parseError().get() + "), so it cannot find its shard key or tables; "
              + "add a /* shard_key=... */ hint or call ShardlineConnection.useKey(...) to route it [statement: " + abbreviate(sql) + "]", "42000");
    }
    if (analysis.kind() == Kind.OTHER && analysis.tables().isEmpty()) {
      throw new SQLException(
          "Shardline cannot tell which node this statement belongs to (it names no table); add a /* shard_key=... */ hint "
              + "or call ShardlineConnection.useKey(...) to route it [statement: " + abbreviate(sql) + "]", UNROUTABLE);
    }
    if (analysis.shardedTables().isEmpty()) {
      return unsharded(analysis, write, context);
    }
    List<KeyRef> refs = analysis.keys();
    if (refs.isEmpty()) {
      if (analysis.kind() == Kind.SELECT && !analysis.lockingRead() && EmptyResultProbe.matches(sql)) {
        NodeInfo global = runtime.globalNode();
        return RoutePlan.single(global, role(analysis, false, global, context), List.of(),
            () -> "the SELECT can return no row (WHERE false or LIMIT 0), so any node answers it: the global node " + global.name());
      }
      throw noKey(sql, analysis);
    }
    if (analysis.insertRows().isPresent()) {
      return insert(sql, analysis.insertRows().get(), parameters, context, dryRun);
    }
    if (refs.size() == 1) {
      return oneKey(resolve(refs.get(0), parameters, sql), analysis, write, context);
    }
    Map<Integer, NodeInfo> nodes = new LinkedHashMap<>();
    Map<Integer, List<String>> keysByNode = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (KeyRef ref : refs) {
      ShardKey key = resolve(ref, parameters, sql);
      Optional<Placement> placement = find(key, write ? Access.WRITE : Access.READ);
      if (placement.isEmpty()) {
        unknown.add(key.text());
        continue;
      }
      NodeInfo node = node(placement.get().nodeId());
      nodes.putIfAbsent(node.id(), node);
      keysByNode.computeIfAbsent(node.id(), id -> new ArrayList<>()).add(key.text());
    }
    if (nodes.isEmpty()) {
      NodeInfo global = runtime.globalNode();
      return RoutePlan.single(global, role(analysis, write, global, context), unknown,
          () -> "key(s) " + unknown + " are not in the directory, so no node holds their rows; the statement runs on " + global.name() + " and finds none");
    }
    if (nodes.size() > 1) {
      StringBuilder where = new StringBuilder();
      keysByNode.forEach((id, keys) -> where.append(keys).append(" on ").append(nodes.get(id).name()).append("; "));
      throw new SQLException(
          "the statement's keys live on " + nodes.size() + " nodes (" + where + "); a " + analysis.kind()
              + " across nodes is not supported yet: split it per key, or give one key [statement: " + abbreviate(sql) + "]", UNROUTABLE);
    }
    NodeInfo node = nodes.values().iterator().next();
    List<String> keys = keysByNode.get(node.id());
    return RoutePlan.single(node, role(analysis, write, node, context), keys,
        () -> "key(s) " + keys + " from the SQL live on " + node.name() + roleReason(analysis, write, node, context));
  }

  /** The hot path: a statement with one key in its SQL, such as a point select. */
  private RoutePlan oneKey(ShardKey key, StatementAnalysis analysis, boolean write, RoutingContext context) throws SQLException {
    Optional<Placement> placement = find(key, write ? Access.WRITE : Access.READ);
    List<String> keys = List.of(key.text());
    if (placement.isEmpty()) {
      NodeInfo global = runtime.globalNode();
      return RoutePlan.single(global, role(analysis, write, global, context), keys,
          () -> "key " + key + " is not in the directory, so no node holds its rows; the statement runs on " + global.name() + " and finds none");
    }
    NodeInfo node = node(placement.get().nodeId());
    return RoutePlan.single(node, role(analysis, write, node, context), keys,
        () -> "key(s) " + keys + " from the SQL live on " + node.name() + roleReason(analysis, write, node, context));
  }

  private RoutePlan explicit(ShardKey key, String source, StatementAnalysis analysis, boolean write, RoutingContext context, boolean dryRun)
      throws SQLException {
    boolean insert = analysis.kind() == Kind.INSERT || analysis.kind() == Kind.REPLACE;
    NodeInfo node;
    if (insert && !dryRun) {
      node = node(assign(key).nodeId());
    } else {
      Optional<Placement> placement = find(key, write ? Access.WRITE : Access.READ);
      if (placement.isEmpty()) {
        if (insert) {
          return RoutePlan.single(runtime.globalNode(), EndpointRole.MASTER, List.of(key.text()),
              () -> source + ": key " + key + " is new; executing would assign it to a node by the placement policy");
        }
        NodeInfo global = runtime.globalNode();
        return RoutePlan.single(global, role(analysis, write, global, context), List.of(key.text()),
            () -> source + ": key " + key + " is not in the directory, so no node holds its rows; the statement runs on " + global.name());
      }
      node = node(placement.get().nodeId());
    }
    NodeInfo home = node;
    return RoutePlan.single(home, role(analysis, write, home, context), List.of(key.text()),
        () -> source + " lives on " + home.name() + roleReason(analysis, write, home, context));
  }

  private RoutePlan unsharded(StatementAnalysis analysis, boolean write, RoutingContext context) throws SQLException {
    boolean broadcast = analysis.tables().stream().anyMatch(runtime.tableRules()::isBroadcast);
    if (write && broadcast) {
      return everyNode(() -> "a write to broadcast table(s) " + analysis.tables() + " runs on every ACTIVE node's master");
    }
    NodeInfo global = runtime.globalNode();
    String what = analysis.tables().isEmpty() ? "the statement touches no table" : "table(s) " + analysis.tables() + " are not sharded";
    return RoutePlan.single(global, role(analysis, write, global, context), List.of(),
        () -> what + "; it runs on the global node " + global.name() + roleReason(analysis, write, global, context));
  }

  private RoutePlan insert(String sql, InsertRows rows, List<Object> parameters, RoutingContext context, boolean dryRun)
      throws SQLException {
    Map<Integer, NodeInfo> nodes = new LinkedHashMap<>();
    Map<Integer, List<Integer>> rowsByNode = new LinkedHashMap<>();
    Map<Integer, List<String>> keysByNode = new LinkedHashMap<>();
    List<String> newKeys = new ArrayList<>();
    for (int row = 0; row < rows.rowCount(); row++) {
      ShardKey key = resolve(rows.key(row), parameters, sql);
      NodeInfo node;
      if (dryRun) {
        Optional<Placement> placement = find(key, Access.WRITE);
        if (placement.isEmpty()) {
          newKeys.add(key.text());
          continue;
        }
        node = node(placement.get().nodeId());
      } else {
        node = node(assign(key).nodeId());
      }
      nodes.putIfAbsent(node.id(), node);
      rowsByNode.computeIfAbsent(node.id(), id -> new ArrayList<>()).add(row);
      keysByNode.computeIfAbsent(node.id(), id -> new ArrayList<>()).add(key.text());
    }
    String news = newKeys.isEmpty() ? "" : "; new key(s) " + newKeys + " would be assigned by the placement policy";
    if (nodes.isEmpty()) {
      return RoutePlan.single(runtime.globalNode(), EndpointRole.MASTER, newKeys, () -> "every key is new" + news);
    }
    if (nodes.size() == 1 && newKeys.isEmpty()) {
      NodeInfo node = nodes.values().iterator().next();
      return RoutePlan.single(node, EndpointRole.MASTER, keysByNode.get(node.id()),
          () -> "INSERT key(s) " + keysByNode.get(node.id()) + " live on " + node.name() + "; writes go to the master");
    }
    List<RoutePlan.Target> targets = new ArrayList<>();
    StringBuilder reason = new StringBuilder("INSERT rows split per node:");
    for (Map.Entry<Integer, List<Integer>> entry : rowsByNode.entrySet()) {
      NodeInfo node = nodes.get(entry.getKey());
      targets.add(new RoutePlan.Target(node, EndpointRole.MASTER, rows.split(entry.getValue()), keysByNode.get(node.id())));
      reason.append(' ').append(keysByNode.get(node.id())).append(" -> ").append(node.name()).append(';');
    }
    String split = reason + news;
    return new RoutePlan(List.copyOf(targets), () -> split);
  }

  private RoutePlan everyNode(java.util.function.Supplier<String> reason) throws SQLException {
    List<RoutePlan.Target> targets = new ArrayList<>();
    for (NodeInfo node : runtime.activeNodes()) {
      targets.add(new RoutePlan.Target(node, EndpointRole.MASTER, null, List.of()));
    }
    if (targets.isEmpty()) {
      throw new SQLException("the directory lists no ACTIVE node; register nodes with `shardline node add`", "08001");
    }
    return new RoutePlan(List.copyOf(targets), reason);
  }

  private EndpointRole role(StatementAnalysis analysis, boolean write, NodeInfo node, RoutingContext context) {
    if (write) {
      return EndpointRole.MASTER;
    }
    if (context.readOnly()) {
      return EndpointRole.REPLICA;
    }
    if (context.inTransaction() || context.recentlyWrote().test(node.id())) {
      return EndpointRole.MASTER;
    }
    return analysis.kind() == Kind.SELECT || analysis.kind() == Kind.SHOW ? EndpointRole.REPLICA : EndpointRole.MASTER;
  }

  private String roleReason(StatementAnalysis analysis, boolean write, NodeInfo node, RoutingContext context) {
    if (analysis.lockingRead()) {
      return "; a locking read goes to the master";
    }
    if (write) {
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
    return role(analysis, false, node, context) == EndpointRole.REPLICA ? "; an autocommit read goes to a replica" : "; it goes to the master";
  }

  private Optional<Placement> find(ShardKey key, Access access) throws SQLException {
    return runtime.directory().find(key, access);
  }

  private Placement assign(ShardKey key) throws SQLException {
    return runtime.directory().findOrAssign(key);
  }

  private NodeInfo node(int id) throws SQLException {
    try {
      return runtime.directory().node(id);
    } catch (DirectoryException e) {
      throw new SQLException("the directory places a key on node id " + id + ", which it does not list: " + e.getMessage(), "08001", e);
    }
  }

  private static ShardKey key(String text, String source, String sql) throws SQLException {
    try {
      return ShardKey.of(text);
    } catch (IllegalArgumentException e) {
      throw new SQLException(source + " is not a usable shard key: " + e.getMessage() + " [statement: " + abbreviate(sql) + "]", "22023", e);
    }
  }

  private static ShardKey resolve(KeyRef ref, List<Object> parameters, String sql) throws SQLException {
    Object value;
    try {
      value = ref.resolve(parameters);
    } catch (IllegalStateException | IndexOutOfBoundsException e) {
      throw new SQLException("no value bound for parameter " + ref.parameterIndex() + ", which holds the shard key [statement: " + abbreviate(sql) + "]", "07001", e);
    }
    try {
      return ShardKey.of(value);
    } catch (IllegalArgumentException e) {
      String where = ref.parameterIndex() > 0 ? "parameter " + ref.parameterIndex() : "literal " + ref.literal();
      throw new SQLException("the shard key in " + where + " cannot be used: " + e.getMessage() + " [statement: " + abbreviate(sql) + "]", "22023", e);
    }
  }

  private static SQLException noKey(String sql, StatementAnalysis analysis) {
    String tables = analysis.shardedTables().toString();
    String fix = "add `WHERE <shard column> = ?` (or IN (...)) on " + tables
        + ", a /* shard_key=... */ hint, or call ShardlineConnection.useKey(...)";
    String what =
        switch (analysis.kind()) {
          case SELECT -> "a SELECT on sharded table(s) " + tables + " with no shard key would need every node (scatter-gather is not supported yet)";
          case UPDATE, DELETE -> "an " + analysis.kind() + " on sharded table(s) " + tables + " with no shard key is refused, so it cannot touch every node by accident";
          default -> "no shard key found for sharded table(s) " + tables;
        };
    return new SQLException(what + "; " + fix + " [statement: " + abbreviate(sql) + "]", UNROUTABLE);
  }

  static String abbreviate(String sql) {
    String flat = sql.replaceAll("\\s+", " ").trim();
    return flat.length() <= SQL_IN_MESSAGES ? flat : flat.substring(0, SQL_IN_MESSAGES) + "...";
  }
}
