package dev.shardline.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shardline.driver.analysis.TableRules.ColumnInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
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

  @Nested
  class Schema {
    private final ColumnInfo userId = new ColumnInfo("user_id", "bigint", "bigint(20) unsigned", null);
    private final ColumnInfo name = new ColumnInfo("name", "varchar", "varchar(100)", "utf8mb4_unicode_ci");
    private final TableRules withSchema = rules.withSchema("`App`", Map.of("Users", List.of(userId, name), "countries", List.of(name)));

    @Test
    void withoutSchemaFactsNothingIsKnown() {
      assertEquals(Optional.empty(), rules.database());
      assertEquals(Optional.empty(), rules.columns("users"));
      assertEquals(Optional.empty(), rules.shardColumnInfo("users"));
    }

    @Test
    void databaseIsLowerCaseAndUnquoted() {
      assertEquals(Optional.of("app"), withSchema.database());
      assertEquals(Optional.empty(), rules.withSchema(null, Map.of()).database());
      assertEquals(Optional.empty(), rules.withSchema(" ", Map.of()).database());
    }

    @Test
    void columnsInOrdinalOrderByCaseInsensitiveName() {
      assertEquals(Optional.of(List.of(userId, name)), withSchema.columns("users"));
      assertEquals(Optional.of(List.of(userId, name)), withSchema.columns("`APP`.`USERS`"));
      assertEquals(Optional.of(List.of(name)), withSchema.columns("countries"));
      assertEquals(Optional.empty(), withSchema.columns("posts"), "a table without an entry has unknown columns");
    }

    @Test
    void shardColumnInfoOfShardedTablesOnly() {
      assertEquals(Optional.of(userId), withSchema.shardColumnInfo("USERS"));
      assertEquals(Optional.empty(), withSchema.shardColumnInfo("posts"), "sharded, columns unknown");
      assertEquals(Optional.empty(), withSchema.shardColumnInfo("countries"), "not sharded");
      TableRules missing = rules.withSchema("app", Map.of("users", List.of(name)));
      assertEquals(Optional.empty(), missing.shardColumnInfo("users"), "the columns do not include the shard column");
    }

    @Test
    void tableCategoriesAreKept() {
      assertTrue(withSchema.isSharded("posts"));
      assertTrue(withSchema.isGlobal("countries"));
      assertTrue(withSchema.isBroadcast("settings"));
      assertEquals(Optional.of("user_id"), withSchema.shardColumn("users"));
    }

    @Test
    void withSchemaReplacesEarlierFacts() {
      TableRules again = withSchema.withSchema("other", Map.of("posts", List.of(userId)));
      assertEquals(Optional.of("other"), again.database());
      assertEquals(Optional.empty(), again.columns("users"));
      assertEquals(Optional.of(List.of(userId)), again.columns("posts"));
      assertEquals(Optional.of("app"), withSchema.database(), "the original is unchanged");
    }

    @Test
    void columnInfoIsNormalised() {
      ColumnInfo column = new ColumnInfo("`W_ID`", "INT", "INT(11)", "utf8mb4_bin");
      assertEquals(new ColumnInfo("w_id", "int", "int(11)", "utf8mb4_bin"), column);
      assertThrows(IllegalArgumentException.class, () -> new ColumnInfo(" ", "int", "int", null));
      assertThrows(NullPointerException.class, () -> new ColumnInfo("a", null, "int", null));
    }

    @Test
    void laterChangesToTheColumnListsDoNotLeakIn() {
      List<ColumnInfo> columns = new ArrayList<>(List.of(userId));
      TableRules copy = rules.withSchema("app", Map.of("users", columns));
      columns.add(name);
      assertEquals(Optional.of(List.of(userId)), copy.columns("users"));
      assertThrows(UnsupportedOperationException.class, () -> copy.columns("users").orElseThrow().add(name));
    }

    @Test
    void badSchemaFactsAreRefusedNamingTheTable() {
      IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
          () -> rules.withSchema("app", Map.of("users", List.of(userId, new ColumnInfo("USER_ID", "int", "int", null)))));
      assertTrue(twice.getMessage().contains("users") && twice.getMessage().contains("user_id"), twice.getMessage());
      IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> rules.withSchema("app", Map.of("posts", List.of())));
      assertTrue(empty.getMessage().contains("posts"), empty.getMessage());
      Map<String, List<ColumnInfo>> duplicate = new LinkedHashMap<>();
      duplicate.put("users", List.of(userId));
      duplicate.put("USERS", List.of(userId));
      IllegalArgumentException sameTable = assertThrows(IllegalArgumentException.class, () -> rules.withSchema("app", duplicate));
      assertTrue(sameTable.getMessage().contains("users"), sameTable.getMessage());
      assertThrows(NullPointerException.class, () -> rules.withSchema("app", null));
    }
  }
}
