package dev.shardline.directory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Command-line handling that needs no server: usage errors, masking, exit codes. */
class ShardlineCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ShardlineCommand.commandLine(args).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void missingUrlIsAUsageError() {
    assertEquals(ShardlineCommand.USAGE, run("node", "list", "--user", "u"));
    assertTrue(err.toString().startsWith("shardline: Missing required option: '--url=JDBC_URL'"), err.toString());
    assertTrue(err.toString().contains("Try 'shardline node list --help'"), err.toString());
  }

  @Test
  void unknownStateIsAUsageError() {
    assertEquals(ShardlineCommand.USAGE, run("node", "set-state", "n1", "SLEEPING", "--url", "jdbc:mysql://h:1/d", "-u", "u"));
    assertTrue(err.toString().contains("SLEEPING"), err.toString());
  }

  @Test
  void badEndpointIsAUsageErrorBeforeAnyConnection() {
    // the endpoint is checked by registerNode; the bad URL scheme is checked even before connecting
    assertEquals(ShardlineCommand.USAGE,
        run("node", "add", "n1", "--write", "h:1", "--url", "jdbc:postgresql://h/d", "-u", "u"));
    assertTrue(err.toString().startsWith("shardline: invalid argument: --url must be a MySQL JDBC URL"), err.toString());
  }

  @Test
  void passwordsAreMaskedInErrors() {
    String[] args = {"node", "list", "--url", "jdbc:mysql://h:1/d", "-u", "u", "--password", "hunter2", "--bogus"};
    assertEquals(ShardlineCommand.USAGE, run(args));
    assertFalse(err.toString().contains("hunter2"), err.toString());
    assertEquals("x *** y", ShardlineCommand.mask("x hunter2 y", new String[] {"--password=hunter2"}));
    assertEquals("x *** y", ShardlineCommand.mask("x hunter2 y", new String[] {"-phunter2"}));
  }

  @Test
  void helpListsTheCommands() {
    assertEquals(ShardlineCommand.OK, run("--help"));
    for (String command : new String[] {"init", "migrate", "node", "keys"}) {
      assertTrue(out.toString().contains(command), out.toString());
    }
  }
}
