package dev.shardline.driver.runtime;

import dev.shardline.driver.cluster.ConnectionFailures;
import dev.shardline.driver.cluster.Logins;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The first thing a runtime does: log in to a directory server with a plain connection. A wrong
 * user or password, or a missing directory database, is reported at once as what it is; the
 * directory's pools would otherwise keep retrying until their timeout and then say the server
 * cannot be reached. A server that is down is passed over for the next one (a replica can serve
 * while the primary is away).
 */
final class DirectoryLogin {
  private static final int UNKNOWN_DATABASE = 1049;

  private DirectoryLogin() {}

  static void check(DriverConfig config) throws SQLException {
    List<String> failures = new ArrayList<>();
    List<String> hosts = config.url().directoryHosts();
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(i);
      String where = (i == 0 ? "directory primary " : "directory replica ") + host;
      Properties properties = new Properties();
      config.passThrough().forEach(properties::setProperty);
      properties.setProperty("user", config.user());
      properties.setProperty("password", config.password());
      properties.setProperty("connectTimeout", Integer.toString(config.integer(dev.shardline.driver.ShardlineProperty.CONNECT_TIMEOUT_MS)));
      try (Connection ignored = DriverManager.getConnection("jdbc:mysql://" + host + "/" + config.url().directoryDatabase(), properties)) {
        return;
      } catch (SQLException e) {
        SQLException refused = Logins.refusal(e, where, config.user(), config.url().directoryDatabase());
        if (refused != null && refused.getErrorCode() == UNKNOWN_DATABASE) {
          throw new SQLSyntaxErrorException("the directory database '" + config.url().directoryDatabase() + "' does not exist on " + where
              + "; create it with `shardline init`, or fix the database name in the URL", "42000", UNKNOWN_DATABASE, refused.getCause());
        }
        if (refused != null) {
          throw refused;
        }
        if (!ConnectionFailures.isConnectionFailure(e)) {
          throw e;
        }
        failures.add(where + ": " + e.getMessage());
      }
    }
    throw new SQLNonTransientConnectionException("no directory server answered (" + String.join("; ", failures)
        + "); check that the directory servers in the URL are running and reachable", "08001");
  }
}
