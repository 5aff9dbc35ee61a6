package dev.shardline.directory.cli;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import picocli.CommandLine.Option;

/**
 * How every {@code shardline} command reaches the directory database. The password comes from
 * {@code --password} (prompted for when given without a value) or the {@code SHARDLINE_PASSWORD}
 * environment variable, and is never printed.
 *
 * <p>Not thread safe; one instance per command invocation.
 */
final class ConnectionOptions {
  static final String PASSWORD_ENV = "SHARDLINE_PASSWORD";
  private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$]{1,64}");

  @Option(
      names = "--url",
      required = true,
      paramLabel = "JDBC_URL",
      description = "The directory database, e.g. jdbc:mysql://dir-host:3306/shardline_directory")
  String url;

  @Option(names = {"-u", "--user"}, required = true, description = "Directory database user.")
  String user;

  @Option(
      names = {"-p", "--password"},
      arity = "0..1",
      interactive = true,
      description = "Password; prompted for when given without a value. Default: $" + PASSWORD_ENV + ".")
  char[] password;

  /** The directory password: {@code --password}, else {@code $SHARDLINE_PASSWORD}, else none. */
  String secret() {
    return password != null ? new String(password) : System.getenv(PASSWORD_ENV);
  }

  DataSource dataSource() {
    return dataSource(mysqlUrl());
  }

  /**
   * The same server, user and properties, with no database: for creating the directory database.
   * Connector/J connects to a server without selecting a database when the URL's path is empty.
   */
  DataSource serverDataSource() {
    String full = mysqlUrl();
    int slash = pathStart(full);
    if (slash < 0) {
      return dataSource(full);
    }
    int query = full.indexOf('?', slash);
    return dataSource(full.substring(0, slash + 1) + (query < 0 ? "" : full.substring(query)));
  }

  /**
   * The database the URL names, checked to be a plain identifier (letters, digits, {@code _},
   * {@code $}; at most 64), since {@code init} puts it into {@code CREATE DATABASE}; null when the
   * URL names none.
   */
  String database() {
    String full = mysqlUrl();
    int slash = pathStart(full);
    if (slash < 0) {
      return null;
    }
    int query = full.indexOf('?', slash);
    String name = full.substring(slash + 1, query < 0 ? full.length() : query);
    if (name.isEmpty()) {
      return null;
    }
    if (!DATABASE.matcher(name).matches()) {
      throw new IllegalArgumentException("the database '" + name + "' in --url is not a plain identifier: use 1 to 64"
          + " letters, digits, '_' or '$' (a database of another name must be created by hand before `shardline init`)");
    }
    return name;
  }

  /** {@code host:port} of the URL, for messages; never the credentials a URL may carry. */
  String server() {
    String full = mysqlUrl();
    int start = full.indexOf("//");
    if (start < 0) {
      return "the directory server";
    }
    int slash = pathStart(full);
    String authority = full.substring(start + 2, slash < 0 ? full.length() : slash);
    int at = authority.lastIndexOf('@');
    return at >= 0 ? authority.substring(at + 1) : authority;
  }

  /** The index of the '/' that starts the URL's path (before the database), or -1. */
  private static int pathStart(String url) {
    int start = url.indexOf("//");
    if (start < 0) {
      return -1;
    }
    int query = url.indexOf('?', start + 2);
    int slash = url.indexOf('/', start + 2);
    return slash >= 0 && (query < 0 || slash < query) ? slash : -1;
  }

  private String mysqlUrl() {
    if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
      throw new IllegalArgumentException("--url must be a MySQL JDBC URL (jdbc:mysql://host:port/database)");
    }
    // Connector/J reads jdbc:mysql: URLs only; a jdbc:mariadb: URL is accepted for convenience.
    return url.startsWith("jdbc:mariadb:") ? "jdbc:mysql:" + url.substring("jdbc:mariadb:".length()) : url;
  }

  private DataSource dataSource(String mysqlUrl) {
    MysqlDataSource dataSource = new MysqlDataSource();
    dataSource.setUrl(mysqlUrl);
    dataSource.setUser(user);
    String secret = secret();
    if (secret != null) {
      dataSource.setPassword(secret);
    }
    try {
      // A CLI should give up on a dead host quickly rather than wait for the operating system.
      dataSource.setConnectTimeout(5_000);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot set the connect timeout", e);
    }
    return dataSource;
  }
}
