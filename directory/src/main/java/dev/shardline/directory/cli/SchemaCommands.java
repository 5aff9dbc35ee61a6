package dev.shardline.directory.cli;

import dev.shardline.directory.DirectoryAccessException;
import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.DirectorySchema;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code shardline init} and {@code shardline migrate}: one idempotent schema upgrade, two names. */
final class SchemaCommands {
  private SchemaCommands() {}

  static int migrate(ConnectionOptions connection, CommandLine.Model.CommandSpec spec) throws DirectoryException {
    DataSource dataSource = connection.dataSource();
    int before = DirectorySchema.version(dataSource);
    DirectorySchema.migrate(dataSource);
    int after = DirectorySchema.version(dataSource);
    spec.commandLine().getOut().println(
        before != after
            ? "directory schema migrated from version " + before + " to " + after
            : after > DirectorySchema.CURRENT_VERSION
                ? "directory schema is at version " + after + ", newer than this Shardline's " + DirectorySchema.CURRENT_VERSION
                    + " and usable by it; nothing to do"
                : "directory schema is at version " + after + "; nothing to do");
    return ShardlineCommand.OK;
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = {
        "Create the directory schema (same as migrate; safe to repeat), creating the database the URL names first if"
            + " it does not exist.",
        "Creating the database needs the CREATE privilege on it; without it, init says what an admin must run."
      })
  static final class Init implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() throws DirectoryException {
      try {
        return migrate(connection, spec);
      } catch (DirectoryAccessException e) {
        // 1044 as well as 1049: the server refuses a database the user has no privilege on whether it exists or not.
        if (e.reason() == DirectoryAccessException.Reason.ACCESS_DENIED || connection.database() == null) {
          throw e;
        }
      }
      // Only a database that is to be created must be a plain identifier; an existing one may have any name.
      String database = connection.database();
      if (DirectoryDatabase.create(connection, database)) {
        spec.commandLine().getOut().println("created database " + database + " on " + connection.server());
      }
      return migrate(connection, spec);
    }
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = "Upgrade the directory schema to this version of Shardline (safe to repeat); a newer schema that"
          + " this version can use is left alone.")
  static final class Migrate implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() throws DirectoryException {
      return migrate(connection, spec);
    }
  }
}
