package dev.shardline.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableRulesTest {
  private final TableRules rules = new TableRules(Map.of("Users", "User_Id", "`posts`", "`user_id`"), Set.of("countries"), Set.of("settings"));

  @Test
  void shardColumnIsLowerCaseAndUnquoted() {
    assertEquals(Optional.of("user_id"), rules.shardColumn("users"));
    assertEquals(Optional.of("user_id"), rules.shardColumn("posts"));
    assertEquals(Optional.empty(), rules.shardColumn("countries"));
    assertEquals(Optional.empty(), rules.shardColumn("unknown"));
  }

  @Test
  void namesMatchCaseInsensitivelyWithoutQuotesOrSchema() {
    for (String name : new String[] {"users", "USERS", "`Users`", "shop.users", "`shop`.`users`", " users "}) {
      assertTrue(rules.isSharded(name), name);
    }
    assertTrue(rules.isGlobal("`Shop`.`COUNTRIES`"));
    assertTrue(rules.isBroadcast("SETTINGS"));
  }

  @Test
  void categoriesAreExclusive() {
    assertFalse(rules.isGlobal("users"));
    assertFalse(rules.isBroadcast("users"));
    assertFalse(rules.isSharded("countries"));
    assertFalse(rules.isBroadcast("countries"));
    assertFalse(rules.isSharded("settings"));
    assertFalse(rules.isSharded("other"));
    assertFalse(rules.isGlobal("other"));
    assertFalse(rules.isBroadcast("other"));
  }

  @Test
  void backtickedNameWithADotIsOneName() {
    TableRules dotted = new TableRules(Map.of("`my.table`", "k"), Set.of(), Set.of());
    assertTrue(dotted.isSharded("`my.table`"));
    assertTrue(dotted.isSharded("db.`my.table`"));
    assertFalse(dotted.isSharded("table"));
  }

  @Test
  void shardedAndGlobalIsRefusedNamingTheTable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TableRules(Map.of("users", "user_id"), Set.of("USERS"), Set.of()));
    assertTrue(e.getMessage().contains("users"), e.getMessage());
    assertTrue(e.getMessage().contains("sharded") && e.getMessage().contains("global"), e.getMessage());
  }

  @Test
  void shardedAndBroadcastIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TableRules(Map.of("posts", "user_id"), Set.of(), Set.of("shop.posts")));
    assertTrue(e.getMessage().contains("posts") && e.getMessage().contains("broadcast"), e.getMessage());
  }

  @Test
  void globalAndBroadcastIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TableRules(Map.of(), Set.of("countries"), Set.of("Countries")));
    assertTrue(e.getMessage().contains("countries"), e.getMessage());
  }

  @Test
  void twoShardColumnsForOneTableAreRefused() {
    Map<String, String> sharded = new LinkedHashMap<>();
    sharded.put("users", "user_id");
    sharded.put("USERS", "id");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TableRules(sharded, Set.of(), Set.of()));
    assertTrue(e.getMessage().contains("users") && e.getMessage().contains("user_id") && e.getMessage().contains("id"), e.getMessage());
    Map<String, String> same = new LinkedHashMap<>();
    same.put("users", "user_id");
    same.put("USERS", "USER_ID");
    assertTrue(new TableRules(same, Set.of(), Set.of()).isSharded("users"));
  }

  @Test
  void blankNamesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TableRules(Map.of(" ", "user_id"), Set.of(), Set.of()));
    assertThrows(IllegalArgumentException.class, () -> new TableRules(Map.of("users", " "), Set.of(), Set.of()));
    assertThrows(IllegalArgumentException.class, () -> new TableRules(Map.of(), Set.of(""), Set.of()));
    Map<String, String> nullColumn = new HashMap<>();
    nullColumn.put("users", null);
    assertThrows(IllegalArgumentException.class, () -> new TableRules(nullColumn, Set.of(), Set.of()));
    assertThrows(NullPointerException.class, () -> new TableRules(null, Set.of(), Set.of()));
  }

  @Test
  void laterChangesToTheInputsDoNotLeakIn() {
    Map<String, String> sharded = new HashMap<>(Map.of("users", "user_id"));
    TableRules copy = new TableRules(sharded, Set.of(), Set.of());
    sharded.put("posts", "user_id");
    assertFalse(copy.isSharded("posts"));
  }

  @Test
  void nullNamesAreNotInAnyCategory() {
    assertFalse(rules.isSharded(null));
    assertEquals(Optional.empty(), rules.shardColumn(null));
  }
}
