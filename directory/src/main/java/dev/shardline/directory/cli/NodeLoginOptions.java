package dev.shardline.directory.cli;

import picocli.CommandLine.Option;

/**
 * The options {@code shardline schema diff|copy} add to {@link ConnectionOptions}: the application
 * database and the account that logs in to the nodes' masters. Without {@code --node-user} the
 * directory login is used for the nodes too. Passwords are never printed.
 *
 * <p>Not thread safe; one instance per command invocation.
 */
final class NodeLoginOptions {
  static final String NODE_PASSWORD_ENV = "SHARDLINE_NODE_PASSWORD";

  @Option(names = "--database", required = true, paramLabel = "DATABASE",
      description = "The application database every node holds, e.g. quickstart.")
  String database;

  @Option(names = "--node-user", paramLabel = "USER",
      description = "Account on the nodes' masters that may read information_schema (and, for copy, create"
          + " tables); default: the directory account.")
  String nodeUser;

  @Option(names = "--node-password", arity = "0..1", interactive = true, paramLabel = "PASSWORD",
      description = "Its password; prompted for when given without a value. Default: $" + NODE_PASSWORD_ENV + ".")
  char[] nodePassword;

  /** The database name, checked: MySQL names are 1 to 64 characters, and a trailing space is not allowed. */
  String database() {
    if (database.isEmpty() || database.length() > 64 || database.endsWith(" ") || database.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("--database '" + database + "' is not a database name: use 1 to 64"
          + " characters, not ending in a space");
    }
    return database;
  }

  /** With --node-user its own password; without, the directory login. */
  MasterLogin login(ConnectionOptions connection) {
    if (nodeUser == null) {
      if (nodePassword != null) {
        throw new IllegalArgumentException("--node-password needs --node-user; without it the directory account is used");
      }
      return new MasterLogin(connection.user, connection.secret(), connection.url);
    }
    String password = nodePassword != null ? new String(nodePassword) : System.getenv(NODE_PASSWORD_ENV);
    return new MasterLogin(nodeUser, password, connection.url);
  }

  /** {@code `name`}, with backticks doubled, for DDL. */
  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
