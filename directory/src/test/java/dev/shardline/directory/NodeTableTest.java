package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The node snapshot: which nodes hold data, and which is the global node. */
class NodeTableTest {
  private static NodeInfo node(int id, NodeState state) {
    return new NodeInfo(id, "node" + id, List.of("h:" + id), List.of(), 1, state);
  }

  private static final NodeInfo ONE_OFFLINE = node(1, NodeState.OFFLINE);
  private static final NodeInfo TWO_DRAINING = node(2, NodeState.DRAINING);
  private static final NodeInfo THREE_ACTIVE = node(3, NodeState.ACTIVE);

  @Test
  void activeAndDrainingNodesHoldDataOfflineOnesDoNot() {
    assertTrue(NodeState.ACTIVE.holdsData());
    assertTrue(NodeState.DRAINING.holdsData());
    assertFalse(NodeState.OFFLINE.holdsData());
    NodeTable table = new NodeTable(List.of(THREE_ACTIVE, ONE_OFFLINE, TWO_DRAINING), 3);
    assertEquals(List.of(ONE_OFFLINE, TWO_DRAINING, THREE_ACTIVE), table.nodes(), "in id order, whatever the input order");
    assertEquals(List.of(TWO_DRAINING, THREE_ACTIVE), table.dataNodes());
  }

  @Test
  void theGlobalNodeIsThePinnedOneWhateverItsState() {
    NodeTable table = new NodeTable(List.of(ONE_OFFLINE, TWO_DRAINING, THREE_ACTIVE), 2);
    assertEquals(Optional.of(TWO_DRAINING), table.globalNode());
    assertTrue(table.globalNodePinned());
  }

  @Test
  void withoutAPinTheLowestNodeThatHoldsDataStandsInAndThePinIsReportedMissing() {
    NodeTable unpinned = new NodeTable(List.of(ONE_OFFLINE, TWO_DRAINING, THREE_ACTIVE), null);
    assertEquals(Optional.of(TWO_DRAINING), unpinned.globalNode());
    assertFalse(unpinned.globalNodePinned());
    NodeTable unknownPin = new NodeTable(List.of(ONE_OFFLINE, TWO_DRAINING), 9);
    assertEquals(Optional.of(TWO_DRAINING), unknownPin.globalNode());
    assertFalse(unknownPin.globalNodePinned());
    assertEquals(Optional.of(ONE_OFFLINE), new NodeTable(List.of(ONE_OFFLINE), null).globalNode(), "every node OFFLINE");
  }

  @Test
  void noNodeNoGlobalNode() {
    assertEquals(Optional.empty(), NodeTable.EMPTY.globalNode());
    assertTrue(NodeTable.EMPTY.globalNodePinned(), "nothing to pin is not a missing pin");
    assertEquals(List.of(), NodeTable.EMPTY.dataNodes());
  }
}
