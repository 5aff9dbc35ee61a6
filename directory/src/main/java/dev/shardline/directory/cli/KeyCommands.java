package dev.shardline.directory.cli;

import dev.shardline.directory.Directory;
import dev.shardline.directory.DirectoryException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code shardline keys count}. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Inspect shard keys.",
    subcommands = KeyCommands.Count.class)
final class KeyCommands {
  private KeyCommands() {}

  @Command(name = "count", mixinStandardHelpOptions = true, description = "Keys per node and in total.")
  static final class Count implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() throws DirectoryException {
      try (Directory directory = NodeCommands.open(connection)) {
        Map<String, Long> counts = directory.keyCountsByNode();
        Table table = new Table("NODE", "KEYS");
        long total = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
          table.row(e.getKey(), String.valueOf(e.getValue()));
          total += e.getValue();
        }
        table.row("TOTAL", String.valueOf(total));
        PrintWriter out = spec.commandLine().getOut();
        table.print(out);
      }
      return ShardlineCommand.OK;
    }
  }
}
