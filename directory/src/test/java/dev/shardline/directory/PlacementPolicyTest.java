package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementPolicyTest {
  private static final ShardKey KEY = ShardKey.of(1);

  private static NodeInfo node(int id, int weight) {
    return new NodeInfo(id, "node" + id, List.of("h" + id + ":3306"), List.of(), weight, NodeState.ACTIVE);
  }

  @Test
  void leastLoadedPerUnitOfWeightWins() {
    NodeInfo a = node(1, 1);
    NodeInfo b = node(2, 2);
    // a: 10 keys / 1 = 10; b: 15 keys / 2 = 7.5
    assertEquals(b, PlacementPolicy.weightedLeastLoaded().choose(KEY, List.of(new NodeLoad(a, 10), new NodeLoad(b, 15))));
    // a: 7 / 1 = 7; b: 15 / 2 = 7.5
    assertEquals(a, PlacementPolicy.weightedLeastLoaded().choose(KEY, List.of(new NodeLoad(a, 7), new NodeLoad(b, 15))));
  }

  @Test
  void tiesGoToTheHeavierNodeThenToTheLowerId() {
    NodeInfo light = node(1, 1);
    NodeInfo heavy = node(2, 2);
    NodeInfo alsoLight = node(3, 1);
    assertEquals(heavy, PlacementPolicy.weightedLeastLoaded().choose(KEY, List.of(new NodeLoad(light, 0), new NodeLoad(heavy, 0))));
    assertEquals(light, PlacementPolicy.weightedLeastLoaded().choose(KEY, List.of(new NodeLoad(alsoLight, 4), new NodeLoad(light, 4))));
  }

  @Test
  void sequentialAssignmentFillsNodesInProportionToWeight() {
    List<NodeInfo> nodes = List.of(node(1, 1), node(2, 2), node(3, 3));
    Map<Integer, Long> counts = new HashMap<>();
    for (int i = 0; i < 600; i++) {
      List<NodeLoad> loads = new ArrayList<>();
      for (NodeInfo n : nodes) {
        loads.add(new NodeLoad(n, counts.getOrDefault(n.id(), 0L)));
      }
      counts.merge(PlacementPolicy.weightedLeastLoaded().choose(ShardKey.of(i), loads).id(), 1L, Long::sum);
    }
    assertEquals(Map.of(1, 100L, 2, 200L, 3, 300L), counts);
  }

  @Test
  void fixedNodeChoosesItsNodeOrExplainsWhyNot() {
    NodeInfo a = node(1, 1);
    NodeInfo b = node(2, 1);
    PlacementPolicy fill = PlacementPolicy.fixedNode("node2");
    assertEquals(b, fill.choose(KEY, List.of(new NodeLoad(a, 0), new NodeLoad(b, 1_000))));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> fill.choose(KEY, List.of(new NodeLoad(a, 0))));
    assertTrue(e.getMessage().startsWith("node 'node2' is not ACTIVE (ACTIVE nodes: [node1])"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PlacementPolicy.fixedNode("bad name"));
  }
}
