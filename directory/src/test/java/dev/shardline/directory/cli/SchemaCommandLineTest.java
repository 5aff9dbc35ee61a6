package dev.shardline.directory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code shardline schema diff|copy} handling that needs no server: usage, masking, exit codes. */
class SchemaCommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ShardlineCommand.commandLine(args).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void aNodePasswordWithoutANodeUserIsAUsageErrorThatDoesNotEchoIt() {
    assertEquals(ShardlineCommand.USAGE, run("schema", "diff", "--database", "app", "--url", "jdbc:mysql://h:1/d",
        "-u", "u", "--node-password", "Node-Pw-1"));
    assertEquals("shardline: invalid argument: --node-password needs --node-user; without it the directory account is"
        + " used\n", err.toString());
    assertEquals("x *** y", ShardlineCommand.mask("x Node-Pw-1 y", new String[] {"--node-password", "Node-Pw-1"}));
    assertEquals("x *** y", ShardlineCommand.mask("x Node-Pw-1 y", new String[] {"--node-password=Node-Pw-1"}));
    assertEquals("x --node-password y", ShardlineCommand.mask("x --node-password y", new String[] {"--node-password"}));
  }

  @Test
  void badArgumentsAreUsageErrorsBeforeAnyConnection() {
    assertEquals(ShardlineCommand.USAGE, run("schema", "copy", "--database", "app", "--from", "a", "--to", "a",
        "--url", "jdbc:mysql://h:1/d", "-u", "u"));
    assertTrue(err.toString().startsWith("shardline: invalid argument: --from and --to both name node a"), err.toString());
    assertEquals(ShardlineCommand.USAGE, run("schema", "diff", "--database", "x".repeat(65), "--url", "jdbc:mysql://h:1/d",
        "-u", "u"));
    assertTrue(err.toString().contains("is not a database name"), err.toString());
    assertEquals(ShardlineCommand.USAGE, run("schema", "copy", "--database", "app", "--url", "jdbc:mysql://h:1/d", "-u", "u"));
    assertTrue(err.toString().contains("Missing required options: '--from=NODE', '--to=NODE'"), err.toString());
  }

  @Test
  void nodeFailuresMapToTheirExitCodes() {
    assertEquals(ShardlineCommand.UNAVAILABLE,
        ShardlineCommand.exitCode(new NodeSchemaException("down", ShardlineCommand.UNAVAILABLE)));
    assertEquals(ShardlineCommand.FAILED, ShardlineCommand.exitCode(new NodeSchemaException("no", ShardlineCommand.FAILED)));
    assertEquals(5, ShardlineCommand.DIFFERENCES);
  }

  @Test
  void helpListsTheSchemaCommands() {
    assertEquals(ShardlineCommand.OK, run("--help"));
    assertTrue(out.toString().contains("schema"), out.toString());
    assertEquals(ShardlineCommand.OK, run("schema", "--help"));
    assertTrue(out.toString().contains("diff") && out.toString().contains("copy"), out.toString());
    assertFalse(out.toString().contains("Exception"), out.toString());
  }
}
