package dev.shardline.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * directory server lets one run while the others wait and then find nothing left to do. It refuses
 * a schema newer than this code knows, so an old client cannot damage a schema it does not
 * understand. {@link Directory#open} only checks the version; it never changes the schema.
 *
 * <p>Stateless and thread safe.
 */
public final class DirectorySchema {
  /** The schema version this code creates and needs. */
  public static final int CURRENT_VERSION = Migrations.LATEST;

  private static final Logger log = LoggerFactory.getLogger(DirectorySchema.class);
  private static final int LOCK_WAIT_SECONDS = 60;

  private DirectorySchema() {}

  /**
   * Brings the schema to {@link #CURRENT_VERSION}, creating it in an empty database. Needs the
   * CREATE, ALTER, INDEX and REFERENCES privileges on the directory database.
   *
   * @throws DirectorySchemaException when the schema is newer than this code or no database is named
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
      return version(c);
    } catch (SQLException e) {
      throw Failures.wrap(e, source, "reading the directory schema version");
    }
  }

  /** Fails unless the connection's database has exactly the schema this code needs. */
  static void requireCurrent(Connection c) throws SQLException {
    String database = requireDatabase(c);
    int version = version(c);
    String where = "database '" + database + "' on " + serverOf(c);
    if (version == 0) {
      throw new DirectorySchemaException(
          "no Shardline directory schema in " + where + "; run `shardline init` to create it",
          DirectorySchemaException.NO_SCHEMA);
    }
    if (version > CURRENT_VERSION) {
      throw newer(version, where);
    }
    if (version < CURRENT_VERSION) {
      throw new DirectorySchemaException(
          "the directory schema in " + where + " is version " + version + ", older than this Shardline needs ("
              + "version " + CURRENT_VERSION + "); run `shardline migrate`",
          DirectorySchemaException.WRONG_VERSION);
    }
  }

  private static void migrateLocked(Connection c, String database, DirectorySource source) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(Migrations.CREATE_VERSION_TABLE);
      int from = version(c);
      if (from > CURRENT_VERSION) {
        throw newer(from, "database '" + database + "' on " + source.label());
      }
      for (Migrations.Migration m : Migrations.ALL) {
        if (m.version() <= from) {
          continue;
        }
        for (String sql : m.statements()) {
          s.execute(sql);
        }
        try (PreparedStatement record =
            c.prepareStatement("INSERT INTO schema_version (id, version) VALUES (1, ?) ON DUPLICATE KEY UPDATE version = VALUES(version)")) {
          record.setInt(1, m.version());
          record.executeUpdate();
        }
        log.info("directory schema of '{}' on {}: applied version {} ({})", database, source.label(), m.version(), m.description());
      }
    }
  }

  static int version(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT version FROM schema_version WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      if (e.getErrorCode() == Failures.ER_NO_SUCH_TABLE) {
        return 0;
      }
      throw e;
    }
  }

  private static DirectorySchemaException newer(int version, String where) {
    return new DirectorySchemaException(
        "the directory schema in " + where + " is version " + version + ", newer than this Shardline knows"
            + " (version " + CURRENT_VERSION + "); upgrade Shardline on this host before using this directory",
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
