package dev.shardline.directory.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.directory.NodeInfo;
import dev.shardline.directory.NodeState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** What {@code shardline promote} decides before it touches a server: the plan, durations, masking. */
class PromotionTest {
  private static NodeInfo node(String... write) {
    return new NodeInfo(1, "node1", List.of(write), List.of(), 1, NodeState.ACTIVE);
  }

  @Test
  void theSecondMasterIsPromotedByDefaultAndTheOldOneComesSecond() throws Exception {
    Promotion.Plan plan = Promotion.plan(node("a:1", "b:2", "c:3"), null);
    assertEquals("a:1", plan.oldMaster());
    assertEquals("b:2", plan.target());
    assertEquals(List.of("b:2", "a:1", "c:3"), plan.promotedOrder());
    assertFalse(plan.targetIsActive());
  }

  @Test
  void toChoosesAnyOfTheNodesMasters() throws Exception {
    Promotion.Plan plan = Promotion.plan(node("a:1", "b:2", "c:3"), "c:3");
    assertEquals("c:3", plan.target());
    assertEquals(List.of("c:3", "a:1", "b:2"), plan.promotedOrder());
    assertTrue(Promotion.plan(node("a:1", "b:2"), "a:1").targetIsActive());
  }

  @Test
  void toMustBeOneOfTheNodesMasters() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Promotion.plan(node("a:1", "b:2"), "z:9"));
    assertEquals("--to z:9 is not a write endpoint of node node1 (its write endpoints: a:1,b:2); give one of them,"
        + " written as the directory lists it", e.getMessage());
  }

  @Test
  void aSingleWriteEndpointCannotBePromotedOver() {
    PromotionException e = assertThrows(PromotionException.class, () -> Promotion.plan(node("vip:3306"), null));
    assertTrue(e.getMessage().startsWith("node node1 has a single write endpoint (vip:3306)"), e.getMessage());
    assertEquals(ShardlineCommand.FAILED, ShardlineCommand.exitCode(e));
  }

  @Test
  void durationsAreWrittenAsOperatorsWriteThem() {
    DurationConverter converter = new DurationConverter();
    assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
    assertEquals(Duration.ofSeconds(10), converter.convert("10s"));
    assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
    assertThrows(TypeConversionException.class, () -> converter.convert("10"));
    assertThrows(TypeConversionException.class, () -> converter.convert("0s"));
    assertThrows(TypeConversionException.class, () -> converter.convert("2h"));
    assertEquals("300ms", DurationConverter.format(Duration.ofMillis(300)));
    assertEquals("1.5s", DurationConverter.format(Duration.ofMillis(1500)));
  }

  @Test
  void mastersGetTheDirectoryUrlsPropertiesButNotItsTimeoutsOrCredentials() {
    assertEquals("sslMode=DISABLED&allowPublicKeyRetrieval=true", MasterLogin.copiedProperties(
        "jdbc:mysql://h:1/d?sslMode=DISABLED&connectTimeout=2000&allowPublicKeyRetrieval=true&password=x&socketTimeout=3"));
    assertEquals("", MasterLogin.copiedProperties("jdbc:mysql://h:1/d"));
    assertEquals("admin user 'root'", new MasterLogin("root", "hunter2", "jdbc:mysql://h:1/d").toString());
  }

  @Test
  void theAdminPasswordIsMaskedAndNeedsAnAdminUser() {
    assertEquals("x *** y", ShardlineCommand.mask("x hunter2 y", new String[] {"--admin-password", "hunter2"}));
    assertEquals("x *** y", ShardlineCommand.mask("x hunter2 y", new String[] {"--admin-password=hunter2"}));

    String[] args = {"promote", "node1", "--url", "jdbc:mysql://127.0.0.1:1/d", "-u", "u", "--admin-password", "hunter2"};
    StringWriter err = new StringWriter();
    int code = ShardlineCommand.commandLine(args).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
        .execute(args);
    assertEquals(ShardlineCommand.USAGE, code, err.toString());
    assertTrue(err.toString().startsWith("shardline: invalid argument: --admin-password needs --admin-user"), err.toString());
    assertFalse(err.toString().contains("hunter2"), err.toString());
  }
}
