package dev.shardline.directory.cli;

import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shardline promote NODE [--to host:port]}: make another master of a node its active one.
 * The command line only; the steps are {@link Promotion}'s.
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
      "Make another master of a node the active one: fence the old master (read_only = ON) if it answers,"
          + " wait until the target has its writes, make the target writable, and list it first in the directory.",
      "The admin account logs in to the masters and needs SUPER, or READ_ONLY ADMIN and SLAVE MONITOR."
    })
final class PromoteCommand implements Callable<Integer> {
  static final String ADMIN_PASSWORD_ENV = "SHARDLINE_ADMIN_PASSWORD";

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "NODE", description = "The node whose master to replace.")
  String node;

  @Option(names = "--to", paramLabel = "HOST:PORT",
      description = "The master to promote, one of the node's write endpoints (default: the second).")
  String to;

  @Option(names = "--admin-user", paramLabel = "USER",
      description = "Account on the masters that may SET GLOBAL read_only (default: the directory account).")
  String adminUser;

  @Option(names = "--admin-password", arity = "0..1", interactive = true, paramLabel = "PASSWORD",
      description = "Its password; prompted for when given without a value. Default: $" + ADMIN_PASSWORD_ENV + ".")
  char[] adminPassword;

  @Option(names = "--catch-up-timeout", defaultValue = "10s", converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "How long the target may take to apply the old master's writes (default: ${DEFAULT-VALUE}).")
  Duration catchUpTimeout;

  @Override
  public Integer call() throws DirectoryException, PromotionException {
    PrintWriter out = spec.commandLine().getOut();
    MasterLogin login = login();
    try (Directory directory = NodeCommands.open(connection)) {
      Promotion.Plan plan = Promotion.plan(directory.node(node), to);
      if (plan.targetIsActive()) {
        out.println("node " + node + ": " + plan.target() + " is already its active master; nothing to do");
        return ShardlineCommand.OK;
      }
      new Promotion(login, catchUpTimeout, out).run(plan, directory);
    }
    return ShardlineCommand.OK;
  }

  /** With --admin-user its own password; without, the directory account does it all. */
  private MasterLogin login() {
    if (adminUser == null) {
      if (adminPassword != null) {
        throw new IllegalArgumentException("--admin-password needs --admin-user; without it the directory account is used");
      }
      return new MasterLogin(connection.user, connection.secret(), connection.url);
    }
    String password = adminPassword != null ? new String(adminPassword) : System.getenv(ADMIN_PASSWORD_ENV);
    return new MasterLogin(adminUser, password, connection.url);
  }
}
