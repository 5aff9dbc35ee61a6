package dev.shardline.directory.cli;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How {@code shardline promote} logs in to a node's masters (as the admin account), and
 * {@code shardline schema diff|copy} to their active masters (as the node user): with the
 * connection properties of the directory URL (TLS mode, public-key retrieval, ...), since the
 * masters usually need the same ones, and with timeouts of its own.
 *
 * <p>The password is held only to hand it to the driver; {@link #toString()} leaves it out.
 * Immutable.
 */
final class MasterLogin {
  /** Properties promote sets itself; taken out of the copied directory URL so they cannot override it. */
  private static final Set<String> OWN_PROPERTIES = Set.of("user", "password", "connecttimeout", "sockettimeout");

  private final String user;
  private final String password;
  private final String properties;

  MasterLogin(String user, String password, String directoryUrl) {
    this.user = user;
    this.password = password;
    this.properties = copiedProperties(directoryUrl);
  }

  String user() {
    return user;
  }

  /**
   * A connection to {@code endpoint} ({@code host:port}). {@code connectTimeout} bounds the TCP
   * connect; {@code socketTimeout} every read after it, including the login and the waits.
   */
  Connection connect(String endpoint, Duration connectTimeout, Duration socketTimeout) throws SQLException {
    MysqlDataSource dataSource = new MysqlDataSource();
    dataSource.setUrl("jdbc:mysql://" + endpoint + "/" + (properties.isEmpty() ? "" : "?" + properties));
    dataSource.setUser(user);
    if (password != null) {
      dataSource.setPassword(password);
    }
    dataSource.setConnectTimeout((int) connectTimeout.toMillis());
    dataSource.setSocketTimeout((int) socketTimeout.toMillis());
    return dataSource.getConnection();
  }

  /** The query string of the directory URL, without the properties promote sets itself. */
  static String copiedProperties(String url) {
    int question = url.indexOf('?');
    if (question < 0) {
      return "";
    }
    List<String> kept = new ArrayList<>();
    for (String pair : url.substring(question + 1).split("&")) {
      String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      if (!pair.isBlank() && !OWN_PROPERTIES.contains(key.trim().toLowerCase(Locale.ROOT))) {
        kept.add(pair);
      }
    }
    return String.join("&", kept);
  }

  @Override
  public String toString() {
    return "admin user '" + user + "'";
  }
}
