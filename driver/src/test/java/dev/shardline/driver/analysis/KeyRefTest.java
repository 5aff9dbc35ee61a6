package dev.shardline.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRefTest {

  @Test
  void parameterResolvesToItsBoundValue() {
    KeyRef key = KeyRef.ofParameter(2);
    assertEquals(2, key.parameterIndex());
    assertNull(key.literal());
    assertTrue(key.isParameter());
    assertEquals(42L, key.resolve(List.of("a", 42L, "c")));
  }

  @Test
  void literalResolvesToItself() {
    assertEquals(7L, KeyRef.ofLiteral(7L).resolve(List.of()));
    assertEquals("abc", KeyRef.ofLiteral("abc").resolve(null));
    assertFalse(KeyRef.ofLiteral(7L).isParameter());
    assertEquals(0, KeyRef.ofLiteral(7L).parameterIndex());
  }

  @Test
  void smallIntegersAreWidenedToLong() {
    assertEquals(KeyRef.ofLiteral(5L), KeyRef.ofLiteral(5));
    assertEquals(Long.class, KeyRef.ofLiteral((short) 5).literal().getClass());
  }

  @Test
  void unboundParameterNamesTheIndex() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyRef.ofParameter(3).resolve(List.of(1L, 2L)));
    assertTrue(e.getMessage().contains("parameter 3"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> KeyRef.ofParameter(1).resolve(null));
  }

  @Test
  void parameterBoundToNullResolvesToNull() {
    assertNull(KeyRef.ofParameter(1).resolve(Arrays.asList((Object) null)));
  }

  @Test
  void invalidKeysAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> KeyRef.ofParameter(0));
    assertThrows(IllegalArgumentException.class, () -> new KeyRef(-1, null));
    assertThrows(IllegalArgumentException.class, () -> new KeyRef(1, 5L));
    assertThrows(IllegalArgumentException.class, () -> KeyRef.ofLiteral(null));
    assertThrows(IllegalArgumentException.class, () -> KeyRef.ofLiteral(1.5));
    assertThrows(IllegalArgumentException.class, () -> KeyRef.ofLiteral(new Object()));
  }

  @Test
  void equalityAndText() {
    assertEquals(KeyRef.ofParameter(1), new KeyRef(1, null));
    assertEquals("?4", KeyRef.ofParameter(4).toString());
    assertEquals("42", KeyRef.ofLiteral(42L).toString());
    assertEquals("'it''s'", KeyRef.ofLiteral("it's").toString());
  }
}
