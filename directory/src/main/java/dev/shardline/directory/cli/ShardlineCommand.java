package dev.shardline.directory.cli;

import dev.shardline.directory.DirectoryException;
import dev.shardline.directory.DirectorySchemaException;
import dev.shardline.directory.DirectoryUnavailableException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code shardline}: the directory's admin command line. Main class
 * {@code dev.shardline.directory.cli.ShardlineCommand}; after a build run it with
 * {@code mvn -q -pl directory exec:java -Dexec.args="node list --url ... --user ..."}.
 *
 * <p>Exit codes: {@value #OK} success, {@value #FAILED} the directory refused the operation (unknown
 * or duplicate node, ...) or {@code promote} or {@code schema copy} refused or stopped, {@value #USAGE} bad command line or
 * argument, {@value #UNAVAILABLE} the directory (or, for {@code schema diff|copy}, a node's master) could not be
 * reached, {@value #SCHEMA} the directory schema is missing or of another version, {@value #DIFFERENCES}
 * {@code schema diff} found differences between the nodes.
 * Errors go to standard error as one line starting with {@code shardline: }.
 *
 * <p>Each invocation builds its own command objects; nothing is shared between invocations.
 */
@Command(
    name = "shardline",
    mixinStandardHelpOptions = true,
    version = "shardline directory CLI 0.1",
    description = "Administers a Shardline directory: its schema, its nodes and its keys; promotes a node's master;"
        + " compares and copies the application schema across the nodes.",
    subcommands = {
      SchemaCommands.Init.class,
      SchemaCommands.Migrate.class,
      NodeCommands.class,
      KeyCommands.class,
      PromoteCommand.class,
      AppSchemaCommands.class,
      TxCommands.class,
      CommandLine.HelpCommand.class
    })
public final class ShardlineCommand {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int UNAVAILABLE = 3;
  public static final int SCHEMA = 4;
  /** {@code schema diff}: the nodes' schemas differ (the run itself succeeded). */
  public static final int DIFFERENCES = 5;

  /** Options whose value is a password, masked in every message. */
  private static final List<String> SECRET_OPTIONS = List.of("--password", "--admin-password", "--node-password");

  private ShardlineCommand() {}

  public static void main(String[] args) {
    // The library logs at INFO (poller start and stop); a CLI user wants only warnings on stderr.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(commandLine(args).execute(args));
  }

  /** The configured command line, with the exit-code mapping; {@code args} only to mask a password in errors. */
  public static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new ShardlineCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((e, command, parseResult) -> {
      PrintWriter err = command.getErr();
      err.println("shardline: " + mask(describe(e), args));
      err.flush();
      return exitCode(e);
    });
    cli.setParameterExceptionHandler((e, arguments) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("shardline: " + mask(e.getMessage(), args));
      err.println("Try 'shardline " + subcommandPath(e.getCommandLine()) + "--help' for usage.");
      err.flush();
      return USAGE;
    });
    return cli;
  }

  static int exitCode(Exception e) {
    if (e instanceof NodeSchemaException n) {
      return n.exitCode();
    }
    if (e instanceof DirectoryUnavailableException) {
      return UNAVAILABLE;
    }
    if (e instanceof DirectorySchemaException) {
      return SCHEMA;
    }
    if (e instanceof DirectoryException) {
      return FAILED;
    }
    if (e instanceof IllegalArgumentException) {
      return USAGE;
    }
    return FAILED;
  }

  private static String describe(Exception e) {
    if (e instanceof IllegalArgumentException) {
      return "invalid argument: " + e.getMessage();
    }
    if (e instanceof DirectoryException || e instanceof PromotionException || e instanceof NodeSchemaException) {
      return e.getMessage();
    }
    return "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String subcommandPath(CommandLine command) {
    List<String> names = new ArrayList<>();
    for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
      names.add(0, c.getCommandName());
    }
    return names.isEmpty() ? "" : String.join(" ", names) + " ";
  }

  /** Replaces the value given to --password/-p, --admin-password or --node-password, wherever it appears in a message, with ***. */
  static String mask(String message, String[] args) {
    if (message == null || args == null) {
      return message;
    }
    String out = message;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String secret = null;
      String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if ((SECRET_OPTIONS.contains(arg) || arg.equals("-p")) && i + 1 < args.length && !args[i + 1].startsWith("-")) {
        secret = args[i + 1];
      } else if (arg.startsWith("--") && arg.contains("=") && SECRET_OPTIONS.contains(option)) {
        secret = arg.substring(option.length() + 1);
      } else if (arg.startsWith("-p") && arg.length() > 2 && !arg.startsWith("--")) {
        secret = arg.substring(arg.charAt(2) == '=' ? 3 : 2);
      }
      if (secret != null && !secret.isEmpty()) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }
}
