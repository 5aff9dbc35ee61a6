package dev.shardline.directory.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code shardline schema diff|copy} add to {@link ConnectionOptions}: the application
 * database and the account that logs in to the nodes' masters. Without {@code --node-user} the
 * directory login is used for the nodes too. Passwords are never printed.
 *
 * <p>Not thread safe; one instance per command invocation.
 */
final class NodeLoginOptions {
  @Option(names = "--database", required = true, paramLabel = "DATABASE",
      description = "The application database every node holds, e.g. quickstart.")
  String database;

  @Mixin NodeAccountOptions account;

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
    return account.login(connection);
  }

  /** {@code `name`}, with backticks doubled, for DDL. */
  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
