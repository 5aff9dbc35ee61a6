package dev.shardline.driver.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the router needs to know about one SQL string: its kind, the tables it touches, the shard
 * keys that constrain every row it touches, the explicit keys it carries (hint or
 * {@code SET @@shardline.key}), and whether it must be refused.
 *
 * <p>The analysis reports what is in the text; deciding what to do when a key is missing is the
 * router's job. {@link #keys()} is only non-empty when the keys are proven to constrain every
 * row of every sharded table at the statement's top level, and every sharded table below it
 * (subqueries, derived tables, CTE bodies) is either tied to an outer table on the shard column
 * or keyed itself; a statement where neither holds is refused (see {@link SqlAnalyzer}).
 *
 * <p>Immutable and thread-safe: one instance is cached per SQL string and shared by every
 * connection and thread.
 */
public final class StatementAnalysis {

  /** What a statement is, for routing and read/write splitting. */
  public enum Kind {
    SELECT,
    INSERT,
    REPLACE,
    UPDATE,
    DELETE,
    /** CREATE/ALTER/DROP/TRUNCATE/RENAME TABLE, CREATE/DROP INDEX, CREATE/ALTER/DROP VIEW. */
    DDL,
    /** {@code SET @@shardline.key = ...}: intercepted by the driver, never sent to MySQL. */
    SET_SHARD_KEY,
    /** {@code SET} of session or user variables, {@code SET NAMES}, {@code SET TRANSACTION}, {@code USE db}. */
    SESSION,
    /** BEGIN, START TRANSACTION, COMMIT, ROLLBACK [TO SAVEPOINT], SAVEPOINT, RELEASE SAVEPOINT. */
    TRANSACTION,
    /** SHOW ..., and DESCRIBE/DESC/EXPLAIN of a table. */
    SHOW,
    OTHER
  }

  private final Kind kind;
  private final boolean lockingRead;
  private final Set<String> tables;
  private final Set<String> shardedTables;
  private final String hintKey;
  private final String sessionShardKey;
  private final boolean clearsSessionShardKey;
  private final List<KeyRef> keys;
  private final boolean keysMustShareNode;
  private final String refusal;
  private final String parseError;
  private final int parameterCount;
  private final InsertRows insertRows;
  private final Set<String> systemTables;
  private final boolean readsNoRows;
  private final String rewrittenSql;
  private final List<SessionSetting> sessionSettings;
  private final ScatterQuery scatter;
  private final String scatterRefusal;
  private final KeyList keyList;
  private final boolean allNodesHint;

  private StatementAnalysis(Builder b) {
    this.kind = Objects.requireNonNull(b.kind, "kind");
    this.lockingRead = b.lockingRead;
    this.tables = Collections.unmodifiableSet(new LinkedHashSet<>(b.tables));
    Set<String> sharded = new LinkedHashSet<>();
    for (String table : b.tables) {
      if (b.rules != null && b.rules.shardColumnOfNormalized(table) != null) {
        sharded.add(table);
      }
    }
    this.shardedTables = Collections.unmodifiableSet(sharded);
    this.hintKey = b.hintKey;
    this.sessionShardKey = b.sessionShardKey;
    this.clearsSessionShardKey = b.clearsSessionShardKey;
    this.keys = List.copyOf(b.keys);
    this.keysMustShareNode = b.keysMustShareNode;
    this.refusal = b.refusal;
    this.parseError = b.parseError;
    this.parameterCount = b.parameterCount;
    this.insertRows = b.insertRows;
    this.scatter = b.scatter;
    this.scatterRefusal = b.scatterRefusal;
    this.keyList = b.keyList;
    this.allNodesHint = b.allNodesHint;
    this.systemTables = Collections.unmodifiableSet(new LinkedHashSet<>(b.systemTables));
    this.readsNoRows = b.readsNoRows;
    this.rewrittenSql = b.rewrittenSql;
    this.sessionSettings = List.copyOf(b.sessionSettings);
  }

  public Kind kind() {
    return kind;
  }

  /** INSERT, REPLACE, UPDATE, DELETE and DDL: statements that must go to a master. */
  public boolean isWrite() {
    return switch (kind) {
      case INSERT, REPLACE, UPDATE, DELETE, DDL -> true;
      default -> false;
    };
  }

  /** SELECT ... FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE: a read that must go to a master. */
  public boolean lockingRead() {
    return lockingRead;
  }

  /**
   * Lower-case unqualified names of every table of the logical database referenced (joins,
   * subqueries, targets). System tables are not among them (see {@link #systemTables()}).
   */
  public Set<String> tables() {
    return tables;
  }

  /**
   * References to MySQL's system schemas (information_schema, mysql, performance_schema, sys), as
   * lower-case {@code schema.table}, e.g. {@code information_schema.processlist}. They describe one
   * server, not the cluster, and are never in {@link #tables()}.
   */
  public Set<String> systemTables() {
    return systemTables;
  }

  /** The subset of {@link #tables()} that is sharded. */
  public Set<String> shardedTables() {
    return shardedTables;
  }

  /** The value of a {@code /* shard_key=... *}{@code /} comment, quotes stripped. */
  public Optional<String> hintKey() {
    return Optional.ofNullable(hintKey);
  }

  /** For {@link Kind#SET_SHARD_KEY}: the key to use from now on, unless the statement clears it. */
  public Optional<String> sessionShardKey() {
    return Optional.ofNullable(sessionShardKey);
  }

  /** For {@link Kind#SET_SHARD_KEY}: {@code = NULL} or {@code = DEFAULT}. */
  public boolean clearsSessionShardKey() {
    return clearsSessionShardKey;
  }

  /**
   * The shard-key values that constrain every row the statement touches on sharded tables; for
   * INSERT/REPLACE one entry per row. Empty when no such key was found. Includes the keys of
   * subqueries, derived tables and CTE bodies that are keyed rather than tied to the outer query
   * (deduplicated; then {@link #keysMustShareNode()} when there is more than one key).
   */
  public List<KeyRef> keys() {
    return keys;
  }

  /**
   * True when {@link #keys()} come from independent constraints (sharded tables not joined on
   * their shard columns, e.g. {@code a.user_id = ? AND b.user_id = ?}, the branches of a UNION,
   * or a keyed subquery beside the outer query's keys): the statement reads rows of each key
   * together, so it is only correct when every key lives on the same node. False for one
   * constraint, where keys on several nodes can be served node by node, and for a single key.
   */
  public boolean keysMustShareNode() {
    return keysMustShareNode;
  }

  /** Why the statement must not run through the router, as a message for the user. */
  public Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  /** Why the SQL could not be analysed (kind is then OTHER). */
  public Optional<String> parseError() {
    return Optional.ofNullable(parseError);
  }

  /** The number of {@code ?} markers, in the textual order JDBC numbers them. */
  public int parameterCount() {
    return parameterCount;
  }

  /**
   * For INSERT/REPLACE ... VALUES into a sharded table: the rows, their keys, and how to split
   * them. When {@link #rewrittenSql()} is present, the rows describe that text.
   */
  /**
   * For a SELECT on sharded tables: how every node that may hold its rows answers it together and
   * how their answers merge; empty when that cannot be done ({@link #scatterRefusal()} says why).
   */
  public Optional<ScatterQuery> scatter() {
    return Optional.ofNullable(scatter);
  }

  /** Why the SELECT cannot run on several nodes and be merged, as a message; empty when it can or is no such SELECT. */
  public Optional<String> scatterRefusal() {
    return Optional.ofNullable(scatterRefusal);
  }

  /** Where the IN list that gives {@link #keys()} is in the text, so it can be cut down per node; empty when there is none. */
  public Optional<KeyList> keyList() {
    return Optional.ofNullable(keyList);
  }

  /** A comment holds {@code shardline:all_nodes}: an UPDATE or DELETE with no key may run on every node. */
  public boolean allNodesHint() {
    return allNodesHint;
  }

  public Optional<InsertRows> insertRows() {
    return Optional.ofNullable(insertRows);
  }

  /**
   * The SQL to execute instead of the original, when the analysis had to make it explicit: today an
   * INSERT/REPLACE without a column list into a sharded table, given its column list (from the
   * schema) so the server maps values to columns exactly as the driver routed them, even if the
   * table's columns change later. Parameter markers and their order are those of the original.
   */
  public Optional<String> rewrittenSql() {
    return Optional.ofNullable(rewrittenSql);
  }

  /**
   * True only for a SELECT whose answer provably does not depend on any table's data, because
   * its top level reads no row: {@code LIMIT 0}, or a constant false ({@code 0}, {@code false},
   * {@code 1=0}, {@code NULL}, ...) among the top-level AND conjuncts of a plain SELECT's WHERE
   * with no subquery whose result could still be returned (select list, GROUP BY, HAVING, ORDER
   * BY, derived tables). Any node gives the same answer to such a statement.
   */
  public boolean readsNoRows() {
    return readsNoRows;
  }

  /**
   * For {@link Kind#SESSION} {@code SET} statements: each assignment, in order, as a setting the
   * driver can re-apply on another physical connection. Empty for other statements and for
   * {@code USE}.
   */
  public List<SessionSetting> sessionSettings() {
    return sessionSettings;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("StatementAnalysis[").append(kind);
    if (lockingRead) {
      out.append(", locking read");
    }
    out.append(", tables=").append(tables).append(", sharded=").append(shardedTables);
    if (!systemTables.isEmpty()) {
      out.append(", system=").append(systemTables);
    }
    out.append(", keys=").append(keys);
    if (keysMustShareNode) {
      out.append(" (must share a node)");
    }
    if (hintKey != null) {
      out.append(", hint=").append(hintKey);
    }
    if (kind == Kind.SET_SHARD_KEY) {
      out.append(", sessionKey=").append(clearsSessionShardKey ? "<cleared>" : sessionShardKey);
    }
    if (insertRows != null) {
      out.append(", rows=").append(insertRows.rowCount());
    }
    if (rewrittenSql != null) {
      out.append(", rewritten");
    }
    if (readsNoRows) {
      out.append(", reads no rows");
    }
    if (!sessionSettings.isEmpty()) {
      out.append(", settings=").append(sessionSettings.size());
    }
    out.append(", parameters=").append(parameterCount);
    if (refusal != null) {
      out.append(", refused: ").append(refusal);
    }
    if (parseError != null) {
      out.append(", parse error: ").append(parseError);
    }
    return out.append(']').toString();
  }

  static Builder builder(Kind kind, TableRules rules) {
    return new Builder(kind, rules);
  }

  /** Collects the facts while the analyzer works; not thread-safe, used by one analysis only. */
  static final class Builder {
    private Kind kind;
    private final TableRules rules;
    private boolean lockingRead;
    private final Set<String> tables = new LinkedHashSet<>();
    private String hintKey;
    private String sessionShardKey;
    private boolean clearsSessionShardKey;
    private final List<KeyRef> keys = new ArrayList<>();
    private boolean keysMustShareNode;
    private String refusal;
    private String parseError;
    private int parameterCount;
    private InsertRows insertRows;
    private ScatterQuery scatter;
    private String scatterRefusal;
    private KeyList keyList;
    private boolean allNodesHint;
    private final Set<String> systemTables = new LinkedHashSet<>();
    private boolean readsNoRows;
    private String rewrittenSql;
    private final List<SessionSetting> sessionSettings = new ArrayList<>();

    private Builder(Kind kind, TableRules rules) {
      this.kind = kind;
      this.rules = rules;
    }

    Kind kind() {
      return kind;
    }

    Builder kind(Kind value) {
      kind = value;
      return this;
    }

    Builder lockingRead(boolean value) {
      lockingRead |= value;
      return this;
    }

    Builder table(String normalizedName) {
      if (normalizedName != null && !normalizedName.isEmpty()) {
        tables.add(normalizedName);
      }
      return this;
    }

    /**
     * A table reference with its schema: a table of the logical database goes to
     * {@link #tables()}, a system table to {@link #systemTables()}, and a table of another
     * database refuses the statement.
     */
    Builder table(Names.Qualified reference) {
      if (reference == null || reference.name().isEmpty()) {
        return this;
      }
      switch (Schemas.of(reference.schema(), rules)) {
        case APPLICATION -> table(reference.name());
        case SYSTEM -> systemTables.add(reference.toString());
        case OTHER_DATABASE -> refuse(Schemas.otherDatabase(reference, rules));
      }
      return this;
    }

    Builder readsNoRows(boolean value) {
      readsNoRows = value;
      return this;
    }

    Builder rewrittenSql(String value) {
      rewrittenSql = value;
      return this;
    }

    Builder sessionSetting(SessionSetting value) {
      sessionSettings.add(value);
      return this;
    }

    Builder hintKey(String value) {
      hintKey = value;
      return this;
    }

    Builder sessionShardKey(String value, boolean clears) {
      sessionShardKey = value;
      clearsSessionShardKey = clears;
      return this;
    }

    Builder keys(List<KeyRef> value, boolean mustShareNode) {
      keys.clear();
      keys.addAll(value);
      keysMustShareNode = mustShareNode && !value.isEmpty();
      return this;
    }

    /** Keeps the first refusal: it is the one nearest the start of the pipeline. */
    Builder refuse(String reason) {
      if (refusal == null) {
        refusal = reason;
      }
      return this;
    }

    boolean refused() {
      return refusal != null;
    }

    Builder parseError(String value) {
      parseError = value;
      return this;
    }

    Builder parameterCount(int value) {
      parameterCount = value;
      return this;
    }

    Builder scatter(ScatterQuery value) {
      scatter = value;
      return this;
    }

    Builder scatterRefusal(String value) {
      scatterRefusal = value;
      return this;
    }

    Builder allNodesHint(boolean value) {
      allNodesHint = value;
      return this;
    }

    Builder keyList(KeyList value) {
      keyList = value;
      return this;
    }

    Builder insertRows(InsertRows value) {
      insertRows = value;
      return this;
    }

    boolean hasHint() {
      return hintKey != null;
    }

    StatementAnalysis build() {
      return new StatementAnalysis(this);
    }
  }
}
