package dev.shardline.driver;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every {@code shardline.*} property the driver understands: name, default, description and the
 * values it allows. {@link ShardlineDriver#getPropertyInfo} and docs/driver.md come from these
 * descriptors, so they cannot drift apart.
 */
public enum ShardlineProperty {
  DATABASE("shardline.database", null, "The application database on every node (the logical database). Required.", Kind.IDENTIFIER),
  NODE_USER("shardline.nodeUser", null, "User for the nodes' masters and replicas. Default: the URL's user.", Kind.TEXT),
  NODE_PASSWORD("shardline.nodePassword", null, "Password for the nodes. Default: the URL's password. Never stored in the directory.", Kind.TEXT),
  SHARD_COLUMN("shardline.shardColumn", "user_id", "Every table of the node schema that has this column is sharded on it. Empty to turn discovery off.", Kind.IDENTIFIER_OR_EMPTY),
  SHARDED_TABLES("shardline.shardedTables", "", "Explicit sharded tables as table:column pairs, comma separated (e.g. users:user_id,posts:user_id). Adds to discovery.", Kind.TABLE_COLUMN_LIST),
  GLOBAL_TABLES("shardline.globalTables", "", "Unsharded tables that live only on the global node, comma separated.", Kind.IDENTIFIER_LIST),
  BROADCAST_TABLES("shardline.broadcastTables", "", "Unsharded tables copied on every node: writes go to every node, reads to one.", Kind.IDENTIFIER_LIST),
  GLOBAL_NODE("shardline.globalNode", "", "A check: the node (by name) this application expects to hold the global tables. The directory pins the global node (`shardline node set-global`); when this is set and names another node, the driver refuses to start.", Kind.TEXT),
  POOL_MAX_SIZE("shardline.pool.maxSize", "10", "Maximum physical connections per endpoint (HikariCP maximumPoolSize).", Kind.POSITIVE_INT),
  POOL_MIN_IDLE("shardline.pool.minIdle", "0", "Idle physical connections kept per endpoint (HikariCP minimumIdle).", Kind.NON_NEGATIVE_INT),
  POOL_CHECKOUT_TIMEOUT_MS("shardline.pool.checkoutTimeoutMs", "5000", "How long a statement waits for a physical connection from an endpoint's pool, in ms (>= 250).", Kind.POSITIVE_INT),
  CONNECT_TIMEOUT_MS("shardline.connectTimeoutMs", "2000", "TCP connect timeout to a node endpoint, in ms.", Kind.POSITIVE_INT),
  READ_YOUR_WRITES_MS("shardline.readYourWritesMs", "1000", "After a logical connection writes to a node, its reads on that node go to the master for this long, in ms. 0 turns it off.", Kind.NON_NEGATIVE_INT),
  ANALYSIS_CACHE_SIZE("shardline.analysisCacheSize", "10000", "How many distinct SQL strings keep their parsed analysis.", Kind.POSITIVE_INT),
  DIRECTORY_CACHE_SIZE("shardline.directory.cacheSize", "1000000", "How many key placements the directory cache keeps.", Kind.POSITIVE_INT),
  DIRECTORY_POLL_MS("shardline.directory.pollIntervalMs", "250", "How often the change log is polled, in ms.", Kind.POSITIVE_INT),
  DIRECTORY_WRITE_LEASE_MS("shardline.directory.writeLeaseMs", "2000", "A cached placement is used for writes only while the last successful poll is younger than this, in ms. Must exceed the poll interval.", Kind.POSITIVE_INT),
  MOVE_WAIT_MS("shardline.moveWaitMs", "5000", "How long a write to a key that is being moved waits for the move to switch it before it fails with ShardlineKeyMovingException (SQLState 40S01), in ms. Reads never wait.", Kind.NON_NEGATIVE_INT),
  KEYLESS_WRITES("shardline.keylessWrites", "refuse", "What an UPDATE or DELETE on sharded tables with no shard key does: refuse (an SQLException, SQLState 0AS01), or all-nodes (it runs on every node that holds data, counts summed; not atomic across nodes). A /* shardline:all_nodes */ comment opts one statement in.", Kind.KEYLESS_WRITES),
  TRANSACTIONS("shardline.transactions", "single-node", "How a transaction may span nodes: single-node (a second node is refused, SQLState 25000), best-effort (branches committed one after another; a failure between commits throws ShardlinePartialCommitException naming the committed nodes), or two-phase (XA on the masters, the decision logged in the directory before any branch commits; in-doubt branches recovered from that log). Per connection: ShardlineConnection.setTransactionMode.", Kind.TRANSACTIONS),
  TRANSACTIONS_PRESUMED_ABORT_MS("shardline.transactions.presumedAbortMs", "60000", "Two-phase commit: a prepared branch whose transaction began this long ago and has no decision in the directory's log is rolled back by recovery (presumed abort). Longer than any transaction takes from its start to its commit.", Kind.POSITIVE_INT),
  TRANSACTIONS_RECOVERY_INTERVAL_MS("shardline.transactions.recoveryIntervalMs", "30000", "How often the driver instance resolves in-doubt two-phase branches on every node from the directory's log (also once at start); 0 turns it off (shardline tx recover still does it).", Kind.NON_NEGATIVE_INT),
  SCATTER_MAX_ROWS("shardline.scatter.maxRows", "100000", "The most groups (GROUP BY spread over nodes) or DISTINCT rows a query across nodes may hold in memory while it merges; past it the query fails with a clear error.", Kind.POSITIVE_INT),
  FAILOVER_ENABLED("shardline.failover.enabled", "true", "Endpoint health, background probing and retries on survivors. false uses each node's endpoints in directory order with no retry (for measuring the machinery's cost; not for production).", Kind.BOOLEAN),
  FAILOVER_DEADLINE_MS("shardline.failover.deadlineMs", "5000", "How long a statement keeps trying the surviving endpoints of its node (reads, and writes that provably never reached a server), in ms. 0 turns retries off.", Kind.NON_NEGATIVE_INT),
  FAILOVER_BACKOFF_MS("shardline.failover.backoffMs", "25", "The first pause between attempts, in ms; it doubles up to 400 ms.", Kind.POSITIVE_INT),
  PROBE_INTERVAL_MS("shardline.probe.intervalMs", "250", "How often down endpoints, read-only masters and replicas' lag are checked in the background, in ms.", Kind.POSITIVE_INT),
  PROBE_TIMEOUT_MS("shardline.probe.timeoutMs", "500", "Connect timeout of a background probe, in ms.", Kind.POSITIVE_INT),
  REPLICA_MAX_LAG_SECONDS("shardline.replica.maxLagSeconds", "30", "A replica further behind than this (Seconds_Behind_Master), or whose replication is stopped, leaves read rotation until it catches up.", Kind.NON_NEGATIVE_INT),
  REPLICA_FALLBACK_TO_MASTER("shardline.replica.fallbackToMaster", "true", "When no replica of a node is usable, reads go to its master (true) or fail (false).", Kind.BOOLEAN),
  IDS_BLOCK_SIZE("shardline.ids.blockSize", "1000", "How many ids of a sequence ShardlineConnection.nextId reserves from the directory at a time (1 to 1000000): one directory round trip per block. Ids left in a block when the runtime stops are skipped.", Kind.POSITIVE_INT),
  INSTANCE_NAME("shardline.instanceName", "", "A name for this driver instance in log lines and pool names. Default: shardline-<n>.", Kind.TEXT);

  /** The form of a property's value. */
  public enum Kind {
    TEXT, IDENTIFIER, IDENTIFIER_OR_EMPTY, IDENTIFIER_LIST, TABLE_COLUMN_LIST, POSITIVE_INT, NON_NEGATIVE_INT, BOOLEAN, KEYLESS_WRITES, TRANSACTIONS
  }

  private final String key;
  private final String defaultValue;
  private final String description;
  private final Kind kind;

  ShardlineProperty(String key, String defaultValue, String description, Kind kind) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
    this.kind = kind;
  }

  public String key() {
    return key;
  }

  /** The default, or empty when the property has none (required, or derived from another). */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public String description() {
    return description;
  }

  public Kind kind() {
    return kind;
  }

  /** What values are allowed, in words, for error messages and docs. */
  public String allowedValues() {
    return switch (kind) {
      case TEXT -> "any text";
      case IDENTIFIER -> "a MySQL identifier (letters, digits, _ and $)";
      case IDENTIFIER_OR_EMPTY -> "a MySQL identifier, or empty";
      case IDENTIFIER_LIST -> "comma-separated MySQL identifiers";
      case TABLE_COLUMN_LIST -> "comma-separated table:column pairs";
      case POSITIVE_INT -> "an integer >= 1";
      case NON_NEGATIVE_INT -> "an integer >= 0";
      case BOOLEAN -> "true or false";
      case KEYLESS_WRITES -> "refuse or all-nodes";
      case TRANSACTIONS -> "single-node, best-effort or two-phase";
    };
  }

  /** The property named {@code key}, if Shardline has one. */
  public static Optional<ShardlineProperty> byKey(String key) {
    return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
  }

  /** Every property name. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(ShardlineProperty::key).toList();
  }
}
