package dev.shardline.directory.cli;

import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.DirectorySchema;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code shardline init} and {@code shardline migrate}: one idempotent schema upgrade, two names. */
final class SchemaCommands {
  private SchemaCommands() {}

  static int migrate(ConnectionOptions connection, CommandLine.Model.CommandSpec spec) throws DirectoryException {
    DataSource dataSource = connection.dataSource();
    int before = DirectorySchema.version(dataSource);
    DirectorySchema.migrate(dataSource);
    int after = DirectorySchema.version(dataSource);
    spec.commandLine().getOut().println(
        before == after
            ? "directory schema is at version " + after + "; nothing to do"
            : "directory schema migrated from version " + before + " to " + after);
    return ShardlineCommand.OK;
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = "Create the directory schema in an empty database (same as migrate; safe to repeat).")
  static final class Init implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() throws DirectoryException {
      return migrate(connection, spec);
    }
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = "Upgrade the directory schema to this version of Shardline (safe to repeat).")
  static final class Migrate implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() throws DirectoryException {
      return migrate(connection, spec);
    }
  }
}
