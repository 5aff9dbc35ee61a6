package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shardline.directory.DirectorySchema.StoredVersion;
import org.junit.jupiter.api.Test;

/** Which stored schema versions this code opens: the range rule, without a server. */
class DirectorySchemaTest {
  private static final String WHERE = "database 'd' on h:1";

  @Test
  void thisCodeKnowsVersionThreeAndNeedsTwo() {
    assertEquals(3, DirectorySchema.CURRENT_VERSION);
    assertEquals(2, DirectorySchema.MINIMUM_VERSION);
    assertEquals(DirectorySchema.CURRENT_VERSION, Migrations.ALL.get(Migrations.ALL.size() - 1).version());
    assertEquals(1, Migrations.ALL.get(1).compatibleFrom(), "version 2 only adds what version 1 code never reads");
    assertEquals(2, Migrations.ALL.get(2).compatibleFrom(), "version 3 only adds the transaction log, which version 2 code never reads");
  }

  @Test
  void theCurrentVersionOpens() {
    assertDoesNotThrow(() -> DirectorySchema.check(new StoredVersion(3, 2), WHERE));
    assertDoesNotThrow(() -> DirectorySchema.check(new StoredVersion(2, 1), WHERE), "version 2 needs no migration to run");
  }

  @Test
  void aNewerVersionThatStillAcceptsThisCodeOpens() {
    assertDoesNotThrow(() -> DirectorySchema.check(new StoredVersion(4, 3), WHERE));
    assertDoesNotThrow(() -> DirectorySchema.check(new StoredVersion(7, 1), WHERE));
  }

  @Test
  void aNewerVersionThatNeedsNewerCodeIsRefusedNamingBothVersions() {
    DirectorySchemaException e =
        assertThrows(DirectorySchemaException.class, () -> DirectorySchema.check(new StoredVersion(4, 4), WHERE));
    assertEquals("the directory schema in database 'd' on h:1 is version 4, newer than this Shardline knows (version 3),"
        + " and needs code of version 4 or later; upgrade Shardline on this host before using this directory", e.getMessage());
    assertEquals("HY000", e.getSQLState());
  }

  @Test
  void anOlderVersionSaysToMigrate() {
    DirectorySchemaException e =
        assertThrows(DirectorySchemaException.class, () -> DirectorySchema.check(new StoredVersion(1, 1), WHERE));
    assertEquals("the directory schema in database 'd' on h:1 is version 1, older than this Shardline needs (version 2 or later);"
        + " run `shardline migrate`", e.getMessage());
  }

  @Test
  void noSchemaSaysToInit() {
    DirectorySchemaException e =
        assertThrows(DirectorySchemaException.class, () -> DirectorySchema.check(StoredVersion.NONE, WHERE));
    assertEquals("no Shardline directory schema in database 'd' on h:1; run `shardline init` to create it", e.getMessage());
    assertEquals("42S02", e.getSQLState());
  }

  @Test
  void aMigrationCannotClaimCompatibilityWithCodeNewerThanItself() {
    assertThrows(IllegalArgumentException.class, () -> new Migrations.Migration(2, 3, "x", java.util.List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Migrations.Migration(2, 0, "x", java.util.List.of()));
  }
}
