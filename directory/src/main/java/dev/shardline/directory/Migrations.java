package dev.shardline.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The directory schema, version by version. A migration's steps must be safe to run again
 * ({@code IF NOT EXISTS}, {@code INSERT IGNORE}, a column added only when missing): DDL commits on
 * its own in MySQL, so a migration interrupted half-way is finished by running it again, and only
 * then is the version recorded.
 *
 * <p>Each version also says which code can still use it ({@link Migration#compatibleFrom()}, stored
 * in {@code schema_version.compatible_from} from version 2 on): a migration that only adds tables or
 * columns older code never reads keeps older code running; one that changes what existing rows mean
 * must raise it. {@link DirectorySchema} explains the check.
 *
 * <p>Tables use {@code utf8mb4_bin} and key texts {@code VARBINARY}, so the database compares names
 * and keys exactly as Java does. Columns and their meaning are described in docs/directory.md.
 *
 * <p>Immutable and thread safe.
 */
final class Migrations {
  /** One step of a migration, run on the migrating connection (auto-commit). */
  @FunctionalInterface
  interface Step {
    void apply(Connection c) throws SQLException;
  }

  /**
   * A schema version: its steps, and the oldest code version that can use a directory at this
   * version ({@code compatibleFrom}, at most {@code version}).
   */
  record Migration(int version, int compatibleFrom, String description, List<Step> steps) {
    Migration {
      if (compatibleFrom < 1 || compatibleFrom > version) {
        throw new IllegalArgumentException("migration " + version + ": compatibleFrom " + compatibleFrom + " is not in 1.." + version);
      }
      steps = List.copyOf(steps);
    }
  }

  /** The name of the setting that pins the global node; its value is the node's id. */
  static final String GLOBAL_NODE_SETTING = "global_node";

  private static final String TABLE_OPTIONS = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

  static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              1,
              "nodes, shard keys, change log, move journal, id blocks",
              statements(
                  "CREATE TABLE IF NOT EXISTS nodes ("
                      + " id INT NOT NULL AUTO_INCREMENT,"
                      + " name VARCHAR(64) NOT NULL,"
                      + " write_endpoints VARCHAR(1024) NOT NULL,"
                      + " read_endpoints VARCHAR(1024) NOT NULL,"
                      + " weight INT NOT NULL,"
                      + " state VARCHAR(16) NOT NULL,"
                      + " key_count BIGINT NOT NULL DEFAULT 0,"
                      + " created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
                      + " updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),"
                      + " PRIMARY KEY (id),"
                      + " UNIQUE KEY uk_nodes_name (name),"
                      + " CONSTRAINT ck_nodes_state CHECK (state IN ('ACTIVE', 'DRAINING', 'OFFLINE')),"
                      + " CONSTRAINT ck_nodes_weight CHECK (weight >= 1),"
                      + " CONSTRAINT ck_nodes_key_count CHECK (key_count >= 0)"
                      + ")" + TABLE_OPTIONS,
                  "CREATE TABLE IF NOT EXISTS shard_keys ("
                      + " key_text VARBINARY(764) NOT NULL,"
                      + " node_id INT NOT NULL,"
                      + " state VARCHAR(16) NOT NULL,"
                      + " version BIGINT NOT NULL,"
                      + " updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),"
                      + " PRIMARY KEY (key_text),"
                      + " KEY ix_shard_keys_node (node_id),"
                      + " CONSTRAINT fk_shard_keys_node FOREIGN KEY (node_id) REFERENCES nodes (id),"
                      + " CONSTRAINT ck_shard_keys_state CHECK (state IN ('ACTIVE', 'MOVING'))"
                      + ")" + TABLE_OPTIONS,
                  "CREATE TABLE IF NOT EXISTS change_log_head ("
                      + " id TINYINT NOT NULL,"
                      + " last_sequence BIGINT NOT NULL,"
                      + " PRIMARY KEY (id),"
                      + " CONSTRAINT ck_change_log_head_one_row CHECK (id = 1)"
                      + ")" + TABLE_OPTIONS,
                  "INSERT IGNORE INTO change_log_head (id, last_sequence) VALUES (1, 0)",
                  "CREATE TABLE IF NOT EXISTS change_log ("
                      + " sequence BIGINT NOT NULL,"
                      + " kind VARCHAR(16) NOT NULL,"
                      + " subject VARBINARY(764) NOT NULL,"
                      + " created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
                      + " PRIMARY KEY (sequence)"
                      + ")" + TABLE_OPTIONS,
                  "CREATE TABLE IF NOT EXISTS move_journal ("
                      + " id BIGINT NOT NULL AUTO_INCREMENT,"
                      + " source_node_id INT NOT NULL,"
                      + " target_node_id INT NOT NULL,"
                      + " key_count INT NOT NULL,"
                      + " step VARCHAR(32) NOT NULL,"
                      + " state VARCHAR(16) NOT NULL,"
                      + " detail VARCHAR(1024) NULL,"
                      + " started_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
                      + " updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),"
                      + " finished_at TIMESTAMP(3) NULL,"
                      + " PRIMARY KEY (id),"
                      + " KEY ix_move_journal_state (state),"
                      + " CONSTRAINT fk_move_journal_source FOREIGN KEY (source_node_id) REFERENCES nodes (id),"
                      + " CONSTRAINT fk_move_journal_target FOREIGN KEY (target_node_id) REFERENCES nodes (id)"
                      + ")" + TABLE_OPTIONS,
                  "CREATE TABLE IF NOT EXISTS move_journal_keys ("
                      + " move_id BIGINT NOT NULL,"
                      + " key_text VARBINARY(764) NOT NULL,"
                      + " PRIMARY KEY (move_id, key_text),"
                      + " KEY ix_move_journal_keys_key (key_text),"
                      + " CONSTRAINT fk_move_journal_keys_move FOREIGN KEY (move_id) REFERENCES move_journal (id)"
                      + ")" + TABLE_OPTIONS,
                  "CREATE TABLE IF NOT EXISTS id_blocks ("
                      + " sequence_name VARCHAR(64) NOT NULL,"
                      + " next_value BIGINT NOT NULL,"
                      + " updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),"
                      + " PRIMARY KEY (sequence_name)"
                      + ")" + TABLE_OPTIONS)),
          // Version 1 code never reads cluster_settings nor compatible_from, so it could use this
          // schema (compatibleFrom 1); it refuses it anyway, as it accepts exactly version 1.
          new Migration(
              2,
              1,
              "cluster settings (the pinned global node), schema_version.compatible_from",
              List.of(
                  sql("CREATE TABLE IF NOT EXISTS cluster_settings ("
                      + " name VARCHAR(64) NOT NULL,"
                      + " `value` VARCHAR(255) NOT NULL,"
                      + " updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),"
                      + " PRIMARY KEY (name)"
                      + ")" + TABLE_OPTIONS),
                  addColumnIfMissing("schema_version", "compatible_from", "INT NOT NULL DEFAULT 1 AFTER version"),
                  // Keeps today's effective choice for an existing directory: the lowest-id node that
                  // holds data; failing that (every node OFFLINE), the lowest-id node. Never replaces a pin.
                  sql("INSERT INTO cluster_settings (name, `value`)"
                      + " SELECT '" + GLOBAL_NODE_SETTING + "', CAST(id AS CHAR) FROM nodes"
                      + " ORDER BY state IN ('ACTIVE', 'DRAINING') DESC, id LIMIT 1"
                      + " ON DUPLICATE KEY UPDATE `value` = cluster_settings.`value`"))),
          // Older code never reads the transaction log, so it keeps running (compatibleFrom 2).
          new Migration(
              3,
              2,
              "transaction log (two-phase commit decisions)",
              statements(
                  "CREATE TABLE IF NOT EXISTS transaction_log ("
                      + " gtrid VARBINARY(64) NOT NULL,"
                      + " decision VARCHAR(8) NOT NULL,"
                      + " node_ids VARCHAR(1024) NOT NULL,"
                      + " coordinator VARCHAR(255) NOT NULL,"
                      + " created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
                      + " PRIMARY KEY (gtrid),"
                      + " KEY ix_transaction_log_created (created_at),"
                      + " CONSTRAINT ck_transaction_log_decision CHECK (decision IN ('COMMIT', 'ROLLBACK'))"
                      + ")" + TABLE_OPTIONS)));

  /** The newest version this code knows. */
  static final int LATEST = ALL.get(ALL.size() - 1).version();

  static final String CREATE_VERSION_TABLE =
      "CREATE TABLE IF NOT EXISTS schema_version ("
          + " id TINYINT NOT NULL,"
          + " version INT NOT NULL,"
          + " updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),"
          + " PRIMARY KEY (id),"
          + " CONSTRAINT ck_schema_version_one_row CHECK (id = 1)"
          + ")" + TABLE_OPTIONS;

  private Migrations() {}

  private static Step sql(String statement) {
    return c -> {
      try (Statement s = c.createStatement()) {
        s.execute(statement);
      }
    };
  }

  private static List<Step> statements(String... statements) {
    return Arrays.stream(statements).map(Migrations::sql).toList();
  }

  /** MySQL has no {@code ADD COLUMN IF NOT EXISTS} (MariaDB has), so the column is looked up first. */
  private static Step addColumnIfMissing(String table, String column, String definition) {
    return c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
        ps.setString(1, table);
        ps.setString(2, column);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getInt(1) > 0) {
            return;
          }
        }
      }
      sql("ALTER TABLE " + table + " ADD COLUMN " + column + " " + definition).apply(c);
    };
  }
}
