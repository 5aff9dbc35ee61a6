package dev.shardline.directory.cli;

import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.LoggedTransaction;
import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.xa.XaRecovery;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shardline tx status} and {@code shardline tx recover}: the in-doubt branches of two-phase
 * transactions on every node, and their resolution from the directory's transaction log (what every
 * driver instance also does in the background).
 */
@Command(
    name = "tx",
    mixinStandardHelpOptions = true,
    description = "Two-phase transactions: list in-doubt branches, or resolve them from the directory's log.",
    subcommands = {TxCommands.Status.class, TxCommands.Recover.class})
final class TxCommands {
  private TxCommands() {}

  /**
   * A node's writable master: the first of its write endpoints that answers with {@code read_only}
   * off, so the command follows a promotion the directory has not been told about.
   */
  static XaRecovery.Masters writableMasters(MasterLogin login) {
    return node -> {
      SQLException last = null;
      for (String endpoint : node.writeEndpoints()) {
        Connection c = null;
        try {
          c = login.connect(endpoint, NodeMasters.CONNECT_TIMEOUT, NodeMasters.SOCKET_TIMEOUT);
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT @@read_only")) {
            if (rs.next() && rs.getInt(1) == 0) {
              return c;
            }
          }
          c.close();
        } catch (SQLException e) {
          last = e;
          if (c != null) {
            c.close();
          }
        }
      }
      throw new SQLException("node " + node.name() + ": no write endpoint of " + node.writeEndpoints() + " is a writable master"
          + (last == null ? " (every one is read-only)" : " (last: " + Promotion.firstLine(last) + ")"), "08001", last);
    };
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "List the two-phase branches prepared on every node's master and the decisions in the directory's log; changes nothing.")
  static final class Status implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;
    @Mixin NodeAccountOptions account;

    @Override
    public Integer call() throws DirectoryException {
      PrintWriter out = spec.commandLine().getOut();
      try (Directory directory = NodeCommands.open(connection)) {
        XaRecovery recovery = new XaRecovery(directory, writableMasters(account.login(connection)), Duration.ofDays(1), "shardline tx status");
        Map<String, String> unreachable = new LinkedHashMap<>();
        List<XaRecovery.Branch> branches = recovery.inDoubt(unreachable);
        List<LoggedTransaction> logged = directory.loggedTransactions();
        out.println(branches.isEmpty() ? "no prepared branch on any node" : "prepared branches:");
        branches.forEach(b -> out.println("  " + b));
        if (!logged.isEmpty()) {
          out.println("decisions in the log:");
          logged.forEach(t -> out.println("  " + t.gtrid() + " " + t.decision() + " on node ids " + t.nodeIds() + " by " + t.coordinator()
              + " at " + t.decidedAt()));
        }
        unreachable.forEach((node, why) -> out.println("node " + node + " could not be read: " + why));
        out.flush();
        return unreachable.isEmpty() ? ShardlineCommand.OK : ShardlineCommand.UNAVAILABLE;
      }
    }
  }

  @Command(name = "recover", mixinStandardHelpOptions = true,
      description = {
        "Resolve in-doubt two-phase branches on every node's master from the directory's log: commit where the decision is"
            + " COMMIT, roll back where it is ROLLBACK, or where there is none and the transaction is older than"
            + " --presumed-abort-after (presumed abort). Safe to run beside running drivers.",
        "Exit status 0 when nothing is left in doubt, 3 when a node could not be read, 1 when branches are still in flight."
      })
  static final class Recover implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;
    @Mixin NodeAccountOptions account;

    @Option(names = "--presumed-abort-after", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
        description = "How old an undecided transaction must be before it is rolled back (default ${DEFAULT-VALUE}); at least the"
            + " drivers' shardline.transactions.presumedAbortMs.")
    Duration presumedAbortAfter;

    @Override
    public Integer call() throws DirectoryException {
      PrintWriter out = spec.commandLine().getOut();
      try (Directory directory = NodeCommands.open(connection)) {
        XaRecovery.Report report =
            new XaRecovery(directory, writableMasters(account.login(connection)), presumedAbortAfter, "shardline tx recover").recover();
        report.committed().forEach(b -> out.println("committed " + b));
        report.rolledBack().forEach(b -> out.println("rolled back " + b));
        report.left().forEach(b -> out.println("left in flight " + b));
        report.unreachable().forEach((node, why) -> out.println("node " + node + " could not be read: " + why));
        out.println("resolved " + (report.committed().size() + report.rolledBack().size()) + " branch(es); " + report.left().size()
            + " left in flight; " + report.forgotten() + " finished decision(s) removed from the log");
        out.flush();
        return !report.unreachable().isEmpty() ? ShardlineCommand.UNAVAILABLE : report.left().isEmpty() ? ShardlineCommand.OK : ShardlineCommand.FAILED;
      }
    }
  }
}
