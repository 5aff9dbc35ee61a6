package dev.shardline.directory.cli;

import picocli.CommandLine.Option;

/**
 * The account commands that work on the nodes' masters log in with ({@code schema diff|copy},
 * {@code tx}): {@code --node-user} and its password, or, without them, the directory login.
 * Passwords are never printed.
 *
 * <p>Not thread safe; one instance per command invocation.
 */
final class NodeAccountOptions {
  static final String NODE_PASSWORD_ENV = "SHARDLINE_NODE_PASSWORD";

  @Option(names = "--node-user", paramLabel = "USER",
      description = "Account on the nodes' masters (schema diff reads information_schema, schema copy creates tables,"
          + " tx runs XA RECOVER, COMMIT and ROLLBACK); default: the directory account.")
  String nodeUser;

  @Option(names = "--node-password", arity = "0..1", interactive = true, paramLabel = "PASSWORD",
      description = "Its password; prompted for when given without a value. Default: $" + NODE_PASSWORD_ENV + ".")
  char[] nodePassword;

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
}
