package dev.shardline.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodesTest {
  @Test
  void validEndpointsPass() {
    List<String> endpoints = List.of("db1.example.com:3306", "10.0.0.5:3307", "[::1]:3306", "localhost:1", "h:65535");
    assertEquals(endpoints, Nodes.requireValidEndpoints(endpoints, "write endpoints", false));
    assertEquals(List.of(), Nodes.requireValidEndpoints(List.of(), "read endpoints", true));
  }

  @Test
  void malformedEndpointsAreRefusedNamingTheEndpoint() {
    for (String bad : new String[] {"host", "host:", ":3306", "host:0", "host:65536", "host:33o6", "a,b:3306", "h st:3306", "host:3306 "}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Nodes.requireValidEndpoints(List.of(bad), "write endpoints", false));
      assertTrue(e.getMessage().startsWith("endpoint '" + bad + "' in write endpoints is not host:port"), e.getMessage());
    }
  }

  @Test
  void writeEndpointsMayNotBeEmptyNorRepeat() {
    assertEquals("write endpoints must list at least one host:port",
        assertThrows(IllegalArgumentException.class, () -> Nodes.requireValidEndpoints(List.of(), "write endpoints", false)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Nodes.requireValidEndpoints(List.of("a:1", "a:1"), "read endpoints", true))
        .getMessage().startsWith("read endpoints list 'a:1' twice"));
  }

  @Test
  void namesAndWeights() {
    assertEquals("node-1.eu_west", Nodes.requireValidName("node-1.eu_west"));
    for (String bad : new String[] {"", "-node", "node 1", "node,1", "x".repeat(65)}) {
      assertTrue(assertThrows(IllegalArgumentException.class, () -> Nodes.requireValidName(bad)).getMessage()
          .startsWith("node name '" + bad + "' is not valid"));
    }
    assertEquals("node weight must be between 1 and 10000, was 0",
        assertThrows(IllegalArgumentException.class, () -> Nodes.requireValidWeight(0)).getMessage());
    assertEquals(10_000, Nodes.requireValidWeight(10_000));
  }

  @Test
  void endpointsRoundTripThroughTheirStoredForm() {
    List<String> endpoints = List.of("a:1", "[::1]:2");
    assertEquals(endpoints, Nodes.splitEndpoints(Nodes.joinEndpoints(endpoints)));
    assertEquals(List.of(), Nodes.splitEndpoints(""));
  }
}
