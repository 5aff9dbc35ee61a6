package dev.shardline.directory.cli;

import dev.shardline.directory.DirectoryAccessException;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.DirectoryUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code shardline init} does when it may not open the directory database: the database does
 * not exist (error 1049), or the server will not say (1044: a user with no privilege on a database
 * is refused whether or not it exists). Init connects to the server without a database and creates
 * it ({@code CREATE DATABASE IF NOT EXISTS}, so two hosts running init at once both succeed). A user
 * without the privilege is told the statements an admin must run. {@code migrate} never creates the
 * database: a missing one there is more likely a typo in the URL.
 *
 * <p>Stateless.
 */
final class DirectoryDatabase {
  private static final int ER_DBACCESS_DENIED = 1044;
  private static final int ER_ACCESS_DENIED = 1045;
  private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;
  private static final Pattern ACCOUNT = Pattern.compile("for user '([^']*)'@'([^']*)'");
  /** The privileges the directory's users need: clients SELECT, INSERT, UPDATE; init and migrate the rest. */
  static final String PRIVILEGES = "SELECT, INSERT, UPDATE, CREATE, ALTER, INDEX, REFERENCES";

  private DirectoryDatabase() {}

  /**
   * Creates the database the URL names (its name was checked to be a plain identifier).
   *
   * @return whether this call created it (false: it existed, created meanwhile by another init)
   */
  static boolean create(ConnectionOptions connection, String database) throws DirectoryException {
    String server = connection.server();
    try (Connection c = connection.serverDataSource().getConnection()) {
      if (exists(c, database)) {
        return false;
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      }
      return true;
    } catch (SQLException e) {
      int code = e.getErrorCode();
      if (code == ER_DBACCESS_DENIED || code == ER_SPECIFIC_ACCESS_DENIED) {
        String account = account(e, connection.user);
        throw new DirectoryAccessException(
            account + " may not use or create the directory database '" + database + "' on " + server + " ("
                + Promotion.firstLine(e) + "). As an admin, run: CREATE DATABASE IF NOT EXISTS `" + database + "`; GRANT "
                + PRIVILEGES + " ON `" + database + "`.* TO " + account + "; then run `shardline init` again",
            DirectoryAccessException.Reason.DATABASE_ACCESS_DENIED, e, e);
      }
      if (code == ER_ACCESS_DENIED) {
        throw new DirectoryAccessException("access denied to the directory server " + server + " for user '"
            + connection.user + "': " + Promotion.firstLine(e) + "; check the user and password",
            DirectoryAccessException.Reason.ACCESS_DENIED, e, e);
      }
      String state = e.getSQLState();
      if (state != null && state.startsWith("08")) {
        throw new DirectoryUnavailableException("directory server " + server + " cannot be reached (" + Promotion.firstLine(e)
            + ") while creating the directory database '" + database + "'. Check that it is running and run"
            + " `shardline init` again", e);
      }
      throw new DirectoryException("creating the directory database '" + database + "' on " + server + " failed: "
          + Promotion.firstLine(e), e);
    }
  }

  /** A user sees the databases it has any privilege on, so one it may create is visible once it exists. */
  private static boolean exists(Connection c, String database) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getInt(1) > 0;
      }
    }
  }

  /** {@code 'app'@'%'}: the account as the server named it, else the user with any host. */
  private static String account(SQLException e, String user) {
    Matcher m = ACCOUNT.matcher(String.valueOf(e.getMessage()));
    return m.find() ? "'" + m.group(1) + "'@'" + m.group(2) + "'" : "'" + user + "'@'%'";
  }
}
