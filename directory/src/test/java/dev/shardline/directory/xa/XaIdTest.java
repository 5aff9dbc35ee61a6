package dev.shardline.directory.xa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The XA ids of Shardline branches: what recovery reads back from XA RECOVER, without a server. */
class XaIdTest {
  @Test
  void aGlobalIdFitsXaAndCarriesItsStartTime() {
    long before = System.currentTimeMillis();
    String gtrid = XaId.newGlobalId();
    assertTrue(gtrid.getBytes(StandardCharsets.US_ASCII).length <= 64, gtrid);
    long start = XaId.startMillis(gtrid).orElseThrow();
    assertTrue(start >= before && start <= System.currentTimeMillis(), gtrid);
    assertEquals(Optional.empty(), XaId.startMillis("someone-else's:id"));
  }

  @Test
  void aRecoverRowIsReadBackByItsLengthsAndOnlyWithShardlinesFormatId() {
    XaId id = new XaId("sl:1700000000000:abc", 12);
    byte[] data = "sl:1700000000000:abc12".getBytes(StandardCharsets.US_ASCII);
    assertEquals(Optional.of(id), XaId.fromRecoverRow(XaId.FORMAT_ID, 20, 2, data));
    assertEquals(Optional.empty(), XaId.fromRecoverRow(1, 20, 2, data), "another XA user's branch is left alone");
    assertEquals(Optional.empty(), XaId.fromRecoverRow(XaId.FORMAT_ID, 19, 3, data), "a qualifier that is not a node id");
    assertEquals(Optional.empty(), XaId.fromRecoverRow(XaId.FORMAT_ID, 20, 9, data), "lengths past the data");
  }

  @Test
  void theSqlFormIsHexSoNoIdTextIsQuoted() {
    assertEquals("X'736c3a313a27',X'37'," + XaId.FORMAT_ID, new XaId("sl:1:'", 7).sql());
  }
}
