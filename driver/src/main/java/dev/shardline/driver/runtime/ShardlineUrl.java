package dev.shardline.driver.runtime;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code jdbc:shardline://host:port[,host:port...]/directory_db[?name=value&...]}: the first host
 * is the directory primary, the others its replicas.
 */
public record ShardlineUrl(List<String> directoryHosts, String directoryDatabase, Properties properties) {
  public static final String PREFIX = "jdbc:shardline://";

  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  public static ShardlineUrl parse(String url) throws SQLException {
    if (!accepts(url)) {
      throw new SQLException("not a Shardline URL (it must start with " + PREFIX + "): " + redact(url), "08001");
    }
    String rest = url.substring(PREFIX.length());
    int query = rest.indexOf('?');
    String authority = query < 0 ? rest : rest.substring(0, query);
    int slash = authority.indexOf('/');
    if (slash < 0 || slash == authority.length() - 1) {
      throw new SQLException(
          "Shardline URL " + redact(url) + " names no directory database: use " + PREFIX + "host:port/shardline_directory", "08001");
    }
    String database = authority.substring(slash + 1);
    List<String> hosts = new ArrayList<>();
    for (String host : authority.substring(0, slash).split(",", -1)) {
      hosts.add(hostAndPort(host.trim(), url));
    }
    Properties properties = new Properties();
    if (query >= 0) {
      for (String pair : rest.substring(query + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        properties.setProperty(name, value);
      }
    }
    return new ShardlineUrl(List.copyOf(hosts), database, properties);
  }

  /**
   * {@code host[:port]} with the port checked: a malformed URL is a URL error naming the part at
   * fault, not a connection failure reported seconds later.
   */
  private static String hostAndPort(String host, String url) throws SQLException {
    if (host.isEmpty()) {
      throw new SQLNonTransientConnectionException("Shardline URL " + redact(url) + " has an empty directory host", "08001");
    }
    int colon = host.lastIndexOf(':');
    if (colon < 0) {
      return host + ":3306";
    }
    String name = host.substring(0, colon);
    String port = host.substring(colon + 1);
    if (name.isEmpty()) {
      throw new SQLNonTransientConnectionException("Shardline URL " + redact(url) + ": directory host '" + host + "' has no host name before its port", "08001");
    }
    int number = -1;
    if (port.matches("[0-9]{1,5}")) {
      number = Integer.parseInt(port);
    }
    if (number < 1 || number > 65535) {
      throw new SQLNonTransientConnectionException("Shardline URL " + redact(url) + ": the port of directory host '" + host + "' is '" + port
          + "'; a port is a number from 1 to 65535", "08001");
    }
    return name + ":" + number;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** The URL with any password value hidden, for messages and logs. */
  public static String redact(String url) {
    return url == null ? "null" : url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
