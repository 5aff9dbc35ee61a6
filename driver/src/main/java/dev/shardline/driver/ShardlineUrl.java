package dev.shardline.driver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code jdbc:shardline://host:port[,host:port...]/directory_db[?name=value&...]}: the first host
 * is the directory primary, the others its replicas.
 */
record ShardlineUrl(List<String> directoryHosts, String directoryDatabase, Properties properties) {
  static final String PREFIX = "jdbc:shardline://";

  static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  static ShardlineUrl parse(String url) throws SQLException {
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
    for (String host : authority.substring(0, slash).split(",")) {
      String trimmed = host.trim();
      if (trimmed.isEmpty()) {
        throw new SQLException("Shardline URL " + redact(url) + " has an empty directory host", "08001");
      }
      hosts.add(trimmed.contains(":") ? trimmed : trimmed + ":3306");
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

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** The URL with any password value hidden, for messages and logs. */
  static String redact(String url) {
    return url == null ? "null" : url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
