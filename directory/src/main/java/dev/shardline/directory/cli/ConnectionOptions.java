package dev.shardline.directory.cli;

import com.mysql.cj.jdbc.MysqlDataSource;
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
    if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
      throw new IllegalArgumentException("--url must be a MySQL JDBC URL (jdbc:mysql://host:port/database)");
    }
    MysqlDataSource dataSource = new MysqlDataSource();
    // Connector/J reads jdbc:mysql: URLs only; a jdbc:mariadb: URL is accepted for convenience.
    dataSource.setUrl(url.startsWith("jdbc:mariadb:") ? "jdbc:mysql:" + url.substring("jdbc:mariadb:".length()) : url);
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
