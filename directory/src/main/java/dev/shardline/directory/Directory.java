package dev.shardline.directory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caching client of the Shardline directory: where each shard key lives, which nodes exist, and
 * the operations that change them.
 *
 * <pre>{@code
 * try (Directory directory = Directory.open(DirectoryConfig.builder().primary(pool).build())) {
 *   Placement p = directory.findOrAssign(ShardKey.of(userId));
 *   NodeInfo node = directory.node(p.nodeId());
 * }
 * }</pre>
 *
 * <h2>Reads, writes and the lease</h2>
 *
 * Placements are cached. A background thread polls the directory's change log every
 * {@link DirectoryConfig#pollInterval() poll interval} and drops exactly the placements that
 * changed. For a {@link Access#READ read}, a cached placement is always good enough, so reads keep
 * working from the cache while the directory is down. For a {@link Access#WRITE write}, a cached
 * placement is used only while the last successful poll of the primary <em>started</em> less than
 * the {@link DirectoryConfig#writeLease() write lease} ago; after that, each write look-up asks the
 * primary. That is what lets a move wait one lease and know that no client still writes to a key's
 * old node (see {@link WriteLease}).
 *
 * <h2>What needs the primary</h2>
 *
 * {@link #findOrAssign} (for keys not cached under the lease), {@link #find} with
 * {@link Access#WRITE} when the lease has run out or the key is not cached,
 * {@link #lookUpOnPrimary}, {@link #registerNode}, {@link #updateNode}, {@link #setNodeState},
 * {@link #setGlobalNode} and {@link #allocateIdBlock} need the primary and fail at once with
 * {@link DirectoryUnavailableException}, naming its address, when it cannot be reached. Read
 * misses, {@link #node} look-ups of unknown nodes, {@link #keyCountsByNode} and
 * {@link #changesSince} use the primary or, when it cannot be reached, each replica in turn. A
 * server that answers but refuses the login or the database fails the call at once with
 * {@link DirectoryAccessException}; no replica is tried in its place.
 *
 * <h2>Nodes and the global node</h2>
 *
 * {@link #nodes()}, {@link #dataNodes()} and {@link #globalNode()} answer from memory: the node
 * list and the pinned global node are loaded at open and refreshed together by the poller when the
 * change log names a node or a setting. "The nodes that hold data" has one definition,
 * {@link NodeState#holdsData()}. The global node (the node that holds the global tables) is pinned
 * in the directory, so draining it does not move it; {@link #setGlobalNode} moves it.
 *
 * <p>Thread safety: all methods are safe to call from any number of threads. The client owns one
 * daemon thread (the poller), started by {@link #open} and stopped by {@link #close}. It borrows
 * connections from the configured data sources for the length of each call and never closes the
 * data sources themselves.
 */
public final class Directory implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Directory.class);
  /** The most change-log entries {@link #changesSince} returns in one call. */
  public static final int MAX_CHANGES_PER_CALL = 10_000;

  private final String instance;
  private final Sources sources;
  private final PlacementCache cache;
  private final NodeDirectory nodes;
  private final WriteLease lease;
  private final ChangeLogPoller poller;
  private final KeyAssigner assigner;
  private final NodeAdmin admin;
  private final KeyMutations keyMutations;
  private final IdBlocks idBlocks;
  private final TransactionLog transactionLog;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** What open reads, in one go, from the first server that answers. */
  private record Opened(DirectorySchema.StoredVersion schema, long lastSequence) {}

  private Directory(DirectoryConfig config, Sources sources, NodeDirectory nodes, WriteLease lease, long lastSequence) {
    this.instance = config.instanceName();
    this.sources = sources;
    this.nodes = nodes;
    this.lease = lease;
    this.cache = new PlacementCache(config.cacheMaximumSize());
    this.poller = new ChangeLogPoller(sources, cache, nodes, lease, config.pollInterval(), instance, lastSequence);
    this.assigner = new KeyAssigner(sources, config.placementPolicy(), instance);
    this.admin = new NodeAdmin(sources);
    this.keyMutations = new KeyMutations(sources);
    this.idBlocks = new IdBlocks(sources);
    this.transactionLog = new TransactionLog(sources);
  }

  /**
   * Checks the directory schema, loads the node list and starts the change-log poller. Uses the
   * primary, or a replica when the primary cannot be reached (writes then wait for the primary).
   *
   * @throws DirectorySchemaException when the schema is missing, older than {@link DirectorySchema#MINIMUM_VERSION},
   *     or newer and not usable by this code (see {@link DirectorySchema})
   * @throws DirectoryAccessException when a directory server refuses the login or the database
   * @throws DirectoryUnavailableException when no directory server can be reached
   */
  public static Directory open(DirectoryConfig config) throws DirectoryException {
    Objects.requireNonNull(config, "config");
    Sources sources = new Sources(config);
    NodeDirectory nodes = new NodeDirectory(sources, config.instanceName());
    WriteLease lease = new WriteLease(config.writeLease(), System::nanoTime);
    long started = lease.now();
    Sources.Answer<Opened> head =
        sources.read("opening the directory", c -> {
          DirectorySchema.StoredVersion schema = DirectorySchema.requireUsable(c);
          nodes.refresh(c);
          return new Opened(schema, DirectoryStore.lastSequence(c));
        });
    DirectorySchema.StoredVersion schema = head.value().schema();
    if (schema.version() > DirectorySchema.CURRENT_VERSION) {
      log.info("directory[{}]: the directory schema is version {}, newer than this Shardline knows ({}), and usable by it"
          + " (compatible from version {})", config.instanceName(), schema.version(), DirectorySchema.CURRENT_VERSION,
          schema.compatibleFrom());
    }
    if (head.fromPrimary()) {
      // Reading the change-log head from the primary is as good as a poll: the cache is empty.
      lease.pollSucceeded(started);
    } else {
      log.warn("directory[{}]: {} cannot be reached; opened from a replica. Reads work; writes wait for the primary.",
          config.instanceName(), sources.primary().label());
    }
    long lastSequence = head.value().lastSequence();
    Directory directory = new Directory(config, sources, nodes, lease, lastSequence);
    directory.poller.start();
    log.info("directory[{}]: open on {} ({} replica(s)), {} node(s), change log at {}, polling every {}, write lease {}",
        config.instanceName(), sources.primary().label(), sources.replicaCount(), nodes.nodes().size(), lastSequence,
        Durations.format(config.pollInterval()), Durations.format(config.writeLease()));
    return directory;
  }

  /**
   * Where {@code key} lives, or empty when the directory does not know it. See the class comment
   * for what {@link Access#READ} and {@link Access#WRITE} may use.
   *
   * @throws DirectoryUnavailableException when the directory must be asked and cannot answer
   */
  public Optional<Placement> find(ShardKey key, Access access) throws DirectoryException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(access, "access");
    requireOpen();
    PlacementCache.Entry cached = cache.get(key);
    if (cached != null && (access == Access.READ || (cached.fromPrimary() && lease.isValid()))) {
      cache.recordHit();
      return cached.found();
    }
    cache.recordMiss();
    return access == Access.READ ? readThrough(key) : lookUpForWrite(key, cached != null);
  }

  /**
   * Where {@code key} lives according to the primary now: reads it there, bypassing the cache,
   * stores the answer in the cache (as a primary answer, unless a change of the key was applied
   * while it was read, as for every load) and returns it. For a writer waiting on a
   * {@link KeyState#MOVING MOVING} key: polling this every few tens of milliseconds sees the switch
   * to the new node as soon as it commits, without waiting for the change-log poll. Not counted as
   * a cache hit or miss.
   *
   * @return the key's placement, or empty when the directory does not know the key
   * @throws DirectoryUnavailableException when the primary cannot answer
   */
  public Optional<Placement> lookUpOnPrimary(ShardKey key) throws DirectoryException {
    Objects.requireNonNull(key, "key");
    requireOpen();
    long epoch = cache.loadStarted();
    Optional<Placement> found =
        sources.onPrimary("the fresh look-up of key '" + key + "'", c -> DirectoryStore.findPlacement(c, key, ""));
    if (found.isPresent()) {
      cache.store(found.get(), true, epoch);
    } else if (cache.get(key) != null) {
      // Keys are not deleted today; should one ever be, a cached placement of it is stale.
      cache.invalidate(List.of(key));
    }
    return found;
  }

  /**
   * Where {@code key} lives, assigning it a node through the placement policy when it has none.
   * Look-up as for {@link Access#WRITE}. Assignment is atomic: concurrent callers, in this client
   * or any other, all get the same node. Keys are only assigned to {@code ACTIVE} nodes.
   *
   * @throws DirectoryException when no node is {@code ACTIVE}, or the policy fails
   * @throws DirectoryUnavailableException when the primary is needed and cannot be reached
   */
  public Placement findOrAssign(ShardKey key) throws DirectoryException {
    Optional<Placement> found = find(key, Access.WRITE);
    if (found.isPresent()) {
      return found.get();
    }
    long epoch = cache.loadStarted();
    Placement assigned = assigner.assign(key);
    cache.store(assigned, true, epoch);
    return assigned;
  }

  /** The nodes, in id order, from memory: cheap enough to call for every statement. */
  public List<NodeInfo> nodes() {
    return nodes.nodes();
  }

  /**
   * The nodes that hold data ({@link NodeState#holdsData()}: {@code ACTIVE} and {@code DRAINING}),
   * in id order, from memory. This is the list to use wherever "every node with rows" is meant:
   * scatter reads, DDL, broadcast writes, schema comparison. {@code OFFLINE} nodes are never in it.
   */
  public List<NodeInfo> dataNodes() {
    return nodes.table().dataNodes();
  }

  /**
   * The global node: the node that holds the global tables and serves statements that touch no
   * sharded table, as pinned in the directory; from memory. Empty only when the directory has no
   * node. The first node registered is pinned; {@link #setGlobalNode} pins another.
   */
  public Optional<NodeInfo> globalNode() {
    return nodes.table().globalNode();
  }

  /** The node with this id; asks the directory if this client does not know it yet. */
  public NodeInfo node(int id) throws DirectoryException {
    requireOpen();
    NodeInfo node = nodes.table().byId(id);
    if (node != null) {
      return node;
    }
    NodeTable fresh = nodes.refresh();
    node = fresh.byId(id);
    if (node == null) {
      throw new DirectoryException(
          "no node with id " + id + " in the directory (nodes: " + fresh.describe() + ")", DirectoryException.GENERAL_ERROR);
    }
    return node;
  }

  /** The node with this name; asks the directory if this client does not know it yet. */
  public NodeInfo node(String name) throws DirectoryException {
    Objects.requireNonNull(name, "name");
    requireOpen();
    NodeInfo node = nodes.table().byName(name);
    if (node != null) {
      return node;
    }
    NodeTable fresh = nodes.refresh();
    node = fresh.byName(name);
    if (node == null) {
      throw NodeAdmin.unknownNode(name, fresh.nodes());
    }
    return node;
  }

  /**
   * Adds an {@code ACTIVE} node; when no node is pinned as the global node yet (the first node),
   * pins it, in the same transaction. Needs the primary.
   *
   * @param writeEndpoints the node's masters or write VIP, {@code host:port}, in failover order; at least one
   * @param readEndpoints the node's replicas or read VIP; empty when it has none
   * @param weight the node's share of new keys relative to other nodes, 1 to 10000
   * @throws IllegalArgumentException for a malformed name, endpoint or weight
   * @throws DirectoryException when a node of that name exists
   */
  public NodeInfo registerNode(String name, List<String> writeEndpoints, List<String> readEndpoints, int weight)
      throws DirectoryException {
    requireOpen();
    NodeAdmin.Registered registered = admin.register(name, writeEndpoints, readEndpoints, weight);
    NodeInfo node = registered.node();
    log.info("directory[{}]: registered node {} (id {}) write {} read {} weight {}{}",
        instance, node.name(), node.id(), node.writeEndpoints(), node.readEndpoints(), node.weight(),
        registered.global() ? "; pinned as the global node" : "");
    refreshNodesAfterChange();
    return node;
  }

  /** Replaces a node's endpoints and weight (not its state). Needs the primary. */
  public NodeInfo updateNode(String name, List<String> writeEndpoints, List<String> readEndpoints, int weight)
      throws DirectoryException {
    requireOpen();
    NodeAdmin.Result result = admin.update(name, writeEndpoints, readEndpoints, weight);
    NodeInfo node = result.node();
    if (result.changed()) {
      log.info("directory[{}]: node {} now write {} read {} weight {}", instance, name, node.writeEndpoints(), node.readEndpoints(), node.weight());
      refreshNodesAfterChange();
    }
    return node;
  }

  /**
   * Changes a node's state; a {@code DRAINING} or {@code OFFLINE} node gets no new keys from the
   * moment this returns (assignments in flight finish first). Needs the primary.
   *
   * @throws DirectoryException when the node is unknown, or is the global node and {@code state} is
   *     {@code OFFLINE} (pin another global node first, see {@link #setGlobalNode})
   */
  public NodeInfo setNodeState(String name, NodeState state) throws DirectoryException {
    requireOpen();
    NodeAdmin.Result result = admin.setState(name, state);
    if (result.changed()) {
      log.info("directory[{}]: node {} is now {}", instance, name, state);
      refreshNodesAfterChange();
    }
    return result.node();
  }

  /**
   * Pins the named node as the global node. It must hold data ({@code ACTIVE} or {@code DRAINING}).
   * This changes only the directory: the global tables' rows must already be on the node (copy them
   * first; nothing here copies data). Writes a {@code SETTINGS} change-log entry, so every client
   * follows within its poll interval. Pinning the node already pinned changes nothing. Needs the
   * primary.
   *
   * @return the node now pinned
   * @throws DirectoryException when the node is unknown or {@code OFFLINE}
   */
  public NodeInfo setGlobalNode(String name) throws DirectoryException {
    requireOpen();
    String before = globalNode().map(NodeInfo::name).orElse("none");
    NodeAdmin.Result result = admin.setGlobal(name);
    if (result.changed()) {
      log.info("directory[{}]: node {} is now the global node (was {})", instance, name, before);
      refreshNodesAfterChange();
    }
    return result.node();
  }

  /** Node name to the number of keys placed on it, in node id order. */
  public Map<String, Long> keyCountsByNode() throws DirectoryException {
    requireOpen();
    return sources.read("counting keys by node", DirectoryStore::keyCounts).value();
  }

  /**
   * Change-log entries with a sequence number above {@code sequence}, oldest first.
   *
   * @param sequence 0 for the start of the log
   * @param limit 1 to {@value #MAX_CHANGES_PER_CALL}
   */
  public List<ChangeLogEntry> changesSince(long sequence, int limit) throws DirectoryException {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be 0 or more, was " + sequence);
    }
    if (limit < 1 || limit > MAX_CHANGES_PER_CALL) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_CHANGES_PER_CALL + ", was " + limit);
    }
    requireOpen();
    return List.copyOf(sources.read("reading the change log", c -> DirectoryStore.changesAfter(c, sequence, limit)).value());
  }

  /**
   * Reserves {@code blockSize} ids of the named cluster-wide sequence (created on first use,
   * starting at 1). No other caller, in any client, ever gets an id of the block. Needs the primary.
   *
   * @param blockSize 1 to 1,000,000
   */
  public LongRange allocateIdBlock(String sequenceName, int blockSize) throws DirectoryException {
    requireOpen();
    return idBlocks.allocate(sequenceName, blockSize);
  }

  /**
   * Records the decision of a cross-node transaction, unless one is recorded already, and returns
   * the recorded one: the commit point of two-phase commit. A coordinator commits only if this
   * answers COMMIT; recovery rolls back only if it answers ROLLBACK. Needs the primary.
   *
   * @param gtrid the transaction's global id
   * @param nodeIds the ids of the nodes with a branch, comma separated (for operators)
   * @param coordinator who decides (for operators)
   */
  public TransactionDecision decideTransaction(String gtrid, TransactionDecision wanted, String nodeIds, String coordinator)
      throws DirectoryException {
    requireOpen();
    return transactionLog.decide(gtrid, wanted, nodeIds, coordinator);
  }

  /** The recorded decision of a cross-node transaction, read on the primary; empty when none is. */
  public Optional<TransactionDecision> transactionDecision(String gtrid) throws DirectoryException {
    requireOpen();
    return transactionLog.decision(gtrid);
  }

  /** Deletes a transaction's decision once none of its branches is left prepared on any node. */
  public void forgetTransaction(String gtrid) throws DirectoryException {
    requireOpen();
    transactionLog.forget(gtrid);
  }

  /** Every recorded decision, oldest first, read on the primary. */
  public List<LoggedTransaction> loggedTransactions() throws DirectoryException {
    requireOpen();
    return transactionLog.all();
  }

  /** Cache and poller counters, as of now. */
  public DirectoryStats stats() {
    long age = lease.ageNanos();
    return new DirectoryStats(
        cache.hitCount(),
        cache.missCount(),
        cache.evictionCount(),
        cache.invalidationCount(),
        cache.size(),
        age < 0 ? null : java.time.Duration.ofNanos(age),
        poller.failures(),
        poller.consecutiveFailures(),
        lease.isValid());
  }

  /** Stops the poller. Idempotent; the data sources stay open (they are the caller's). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      poller.close();
      log.info("directory[{}]: closed ({})", instance, stats());
    }
  }

  // ---- package-private: the move protocol's primitives, and hooks for tests and benchmarks ----

  /** Marks keys MOVING (see {@link KeyMutations}); this client forgets them at once. */
  List<Placement> markMoving(Collection<ShardKey> keys) throws DirectoryException {
    requireOpen();
    List<Placement> marked = keyMutations.markMoving(keys);
    cache.invalidate(keys);
    return marked;
  }

  /** Switches MOVING keys to a node and makes them ACTIVE; this client forgets them at once. */
  List<Placement> switchTo(Collection<ShardKey> keys, int targetNodeId) throws DirectoryException {
    requireOpen();
    List<Placement> switched = keyMutations.switchTo(keys, targetNodeId);
    cache.invalidate(keys);
    return switched;
  }

  /** Polls the change log now, on the calling thread. */
  void pollNow() throws DirectoryException {
    requireOpen();
    poller.pollOnce();
  }

  long appliedSequence() {
    return poller.lastSequence();
  }

  private Optional<Placement> readThrough(ShardKey key) throws DirectoryException {
    long epoch = cache.loadStarted();
    Sources.Answer<Optional<Placement>> answer =
        sources.read("looking up key '" + key + "'", c -> DirectoryStore.findPlacement(c, key, ""));
    answer.value().ifPresent(p -> cache.store(p, answer.fromPrimary(), epoch));
    return answer.value();
  }

  private Optional<Placement> lookUpForWrite(ShardKey key, boolean cachedButNotTrusted) throws DirectoryException {
    long epoch = cache.loadStarted();
    Optional<Placement> found;
    try {
      found = sources.onPrimary("the write look-up of key '" + key + "'", c -> DirectoryStore.findPlacement(c, key, ""));
    } catch (DirectoryUnavailableException e) {
      if (!cachedButNotTrusted) {
        throw e;
      }
      long age = lease.ageNanos();
      throw new DirectoryUnavailableException(
          e.getMessage() + ". The cached placement of key '" + key + "' is not trusted for writes: "
              + (age < 0
                  ? "no poll of the primary has succeeded since this client opened"
                  : "the last successful change-log poll started " + Durations.formatNanos(age) + " ago")
              + " and the write lease is " + Durations.format(lease.lease())
              + ". Reads of cached keys keep working; writes resume when the primary answers",
          e.getCause());
    }
    found.ifPresent(p -> cache.store(p, true, epoch));
    return found;
  }

  private void refreshNodesAfterChange() {
    try {
      nodes.refresh();
    } catch (DirectoryException e) {
      // The change is committed; the poller will bring the node list in when it can.
      log.warn("directory[{}]: node change committed, but re-reading the node list failed: {}", instance, e.getMessage());
    }
  }

  private void requireOpen() throws DirectoryException {
    if (closed.get()) {
      throw new DirectoryException("directory client '" + instance + "' is closed; open a new one", "08003");
    }
  }
}
