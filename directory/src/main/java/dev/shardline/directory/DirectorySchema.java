package dev.shardline.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the directory schema in the database a {@link DataSource} points at (its
 * JDBC URL must name the database, for example {@code jdbc:mysql://host:3306/shardline_directory}).
 *
 * <p>{@link #migrate} is what {@code shardline init} and {@code shardline migrate} run. It is
 * idempotent, and safe to run from several hosts at once: a named lock ({@code GET_LOCK}) on the
 * directory server lets one run while the others wait and then find nothing left to do. It never
 * touches a schema newer than this code knows, so an old client cannot damage a schema it does not
 * understand. {@link Directory#open} only checks the version; it never changes the schema.
 *
 * <h2>Versions compatible in a range</h2>
 *
 * A migration must not stop the drivers that are running. So the schema records, next to its
 * version, the oldest code version that can still use it ({@code schema_version.compatible_from},
 * from version 2 on), and code declares the newest version it knows ({@link #CURRENT_VERSION}) and
 * the oldest it can run against ({@link #MINIMUM_VERSION}). A directory can be opened when
 * {@code MINIMUM_VERSION <= stored version} and {@code compatible_from <= CURRENT_VERSION}: a newer
 * schema that only added what older code never reads keeps older code running, and upgrading the
 * code and then migrating (or migrating first, where compatible) needs no stop. Code of version 1
 * predates this and accepts exactly version 1.
 *
 * <p>Stateless and thread safe.
 */
public final class DirectorySchema {
  /** The schema version this code creates, and the newest it knows. */
  public static final int CURRENT_VERSION = Migrations.LATEST;

  /** The oldest stored schema version this code can run against (it reads the settings of version 2). */
  public static final int MINIMUM_VERSION = 2;

  private static final Logger log = LoggerFactory.getLogger(DirectorySchema.class);
  private static final int LOCK_WAIT_SECONDS = 60;

  /** A stored schema's version and the oldest code version that can use it; {@code (0, 0)} for none. */
  record StoredVersion(int version, int compatibleFrom) {
    static final StoredVersion NONE = new StoredVersion(0, 0);
  }

  private DirectorySchema() {}

  /**
   * Brings the schema to {@link #CURRENT_VERSION}, creating it in an empty database. Needs the
   * CREATE, ALTER, INDEX and REFERENCES privileges on the directory database. A schema already
   * newer than this code is left alone: when this code can still use it, there is nothing to do;
   * otherwise it is refused.
   *
   * @throws DirectorySchemaException when the schema is newer than this code can use, or no database is named
   * @throws DirectoryAccessException when the server refuses the login or the database does not exist
   * @throws DirectoryUnavailableException when the server cannot be reached
   */
  public static void migrate(DataSource dataSource) throws DirectoryException {
    DirectorySource source = DirectorySource.primary(dataSource);
    try (Connection c = source.connect()) {
      String database = requireDatabase(c);
      String lock = lockName(database);
      if (!getLock(c, lock)) {
        throw new DirectoryException(
            "another `shardline migrate` has held the schema lock of database '" + database + "' on "
                + source.label() + " for " + LOCK_WAIT_SECONDS + "s; wait for it to finish and run this again",
            DirectoryException.GENERAL_ERROR);
      }
      try {
        migrateLocked(c, database, source);
      } finally {
        releaseLock(c, lock);
      }
    } catch (SQLException e) {
      throw Failures.wrap(e, source, "migrating the directory schema");
    }
  }

  /** The version of the schema in the database, or 0 when it has none. */
  public static int version(DataSource dataSource) throws DirectoryException {
    DirectorySource source = DirectorySource.primary(dataSource);
    try (Connection c = source.connect()) {
      requireDatabase(c);
      return stored(c).version();
    } catch (SQLException e) {
      throw Failures.wrap(e, source, "reading the directory schema version");
    }
  }

  /** Fails unless this code can use the schema of the connection's database; returns what is stored. */
  static StoredVersion requireUsable(Connection c) throws SQLException {
    String database = requireDatabase(c);
    StoredVersion stored = stored(c);
    check(stored, "database '" + database + "' on " + serverOf(c));
    return stored;
  }

  /** The open-time rule, on its own so it can be tested without a server; {@code where} names the database. */
  static void check(StoredVersion stored, String where) throws DirectorySchemaException {
    if (stored.version() == 0) {
      throw new DirectorySchemaException(
          "no Shardline directory schema in " + where + "; run `shardline init` to create it",
          DirectorySchemaException.NO_SCHEMA);
    }
    if (stored.version() < MINIMUM_VERSION) {
      throw new DirectorySchemaException(
          "the directory schema in " + where + " is version " + stored.version() + ", older than this Shardline needs ("
              + "version " + MINIMUM_VERSION + (MINIMUM_VERSION < CURRENT_VERSION ? " or later" : "")
              + "); run `shardline migrate`",
          DirectorySchemaException.WRONG_VERSION);
    }
    if (stored.compatibleFrom() > CURRENT_VERSION) {
      throw newer(stored, where);
    }
  }

  private static void migrateLocked(Connection c, String database, DirectorySource source) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(Migrations.CREATE_VERSION_TABLE);
    }
    StoredVersion from = stored(c);
    if (from.version() > CURRENT_VERSION) {
      if (from.compatibleFrom() > CURRENT_VERSION) {
        throw newer(from, "database '" + database + "' on " + source.label());
      }
      log.info("directory schema of '{}' on {} is version {}, newer than this Shardline knows ({}) and usable by it"
          + " (compatible from version {}); nothing to migrate", database, source.label(), from.version(), CURRENT_VERSION,
          from.compatibleFrom());
      return;
    }
    for (Migrations.Migration m : Migrations.ALL) {
      if (m.version() <= from.version()) {
        continue;
      }
      for (Migrations.Step step : m.steps()) {
        step.apply(c);
      }
      record(c, m);
      log.info("directory schema of '{}' on {}: applied version {} ({})", database, source.label(), m.version(), m.description());
    }
  }

  /** Version 1 has no {@code compatible_from} column; every later version has it and sets it. */
  private static void record(Connection c, Migrations.Migration m) throws SQLException {
    String sql = m.version() == 1
        ? "INSERT INTO schema_version (id, version) VALUES (1, ?) ON DUPLICATE KEY UPDATE version = VALUES(version)"
        : "INSERT INTO schema_version (id, version, compatible_from) VALUES (1, ?, ?)"
            + " ON DUPLICATE KEY UPDATE version = VALUES(version), compatible_from = VALUES(compatible_from)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, m.version());
      if (m.version() != 1) {
        ps.setInt(2, m.compatibleFrom());
      }
      ps.executeUpdate();
    }
  }

  /**
   * What the database holds. {@code SELECT *} because the columns depend on the version: a schema of
   * version 1 has no {@code compatible_from} (its code accepted exactly version 1, which is what 1 means).
   */
  static StoredVersion stored(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM schema_version WHERE id = 1")) {
      if (!rs.next()) {
        return StoredVersion.NONE;
      }
      int version = rs.getInt("version");
      return new StoredVersion(version, hasColumn(rs.getMetaData(), "compatible_from") ? rs.getInt("compatible_from") : version);
    } catch (SQLException e) {
      if (e.getErrorCode() == Failures.ER_NO_SUCH_TABLE) {
        return StoredVersion.NONE;
      }
      throw e;
    }
  }

  private static boolean hasColumn(ResultSetMetaData meta, String name) throws SQLException {
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      if (name.equalsIgnoreCase(meta.getColumnLabel(i))) {
        return true;
      }
    }
    return false;
  }

  private static DirectorySchemaException newer(StoredVersion stored, String where) {
    return new DirectorySchemaException(
        "the directory schema in " + where + " is version " + stored.version() + ", newer than this Shardline knows"
            + " (version " + CURRENT_VERSION + "), and needs code of version " + stored.compatibleFrom() + " or later;"
            + " upgrade Shardline on this host before using this directory",
        DirectorySchemaException.WRONG_VERSION);
  }

  private static String requireDatabase(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
      String database = rs.next() ? rs.getString(1) : null;
      if (database == null || database.isEmpty()) {
        throw new DirectorySchemaException(
            "the directory JDBC URL names no database; add it, as in jdbc:mysql://" + serverOf(c) + "/shardline_directory",
            DirectorySchemaException.NO_SCHEMA);
      }
      return database;
    }
  }

  private static String serverOf(Connection c) {
    try {
      String address = JdbcUrls.hostAndPort(c.getMetaData().getURL());
      return address == null ? "the directory server" : address;
    } catch (SQLException e) {
      return "the directory server";
    }
  }

  /** GET_LOCK names are server-wide and at most 64 characters. */
  private static String lockName(String database) {
    String name = "shardline_migrate:" + database;
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  private static boolean getLock(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      ps.setString(1, name);
      ps.setInt(2, LOCK_WAIT_SECONDS);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getInt(1) == 1;
      }
    }
  }

  private static void releaseLock(Connection c, String name) {
    try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      ps.setString(1, name);
      ps.executeQuery().close();
    } catch (SQLException e) {
      log.debug("could not release schema lock {}; a broken connection takes its locks with it", name, e);
    }
  }
}
