package dev.shardline.directory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation and storage form of node names, endpoints and weights.
 *
 * <p>Names are refused rather than normalised: a node is found by its exact name from the CLI, the
 * driver's logs and operators' scripts, so {@code "Node1 "} silently becoming {@code "node1"}
 * would surprise someone. Endpoints are stored comma-separated, which is why an endpoint may not
 * contain a comma.
 *
 * <p>Stateless and thread safe.
 */
final class Nodes {
  static final int MAX_NAME_LENGTH = 64;
  static final int MAX_WEIGHT = 10_000;
  /** Width of the endpoint columns in {@code nodes}. */
  static final int MAX_ENDPOINTS_TEXT = 1024;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]");

  private Nodes() {}

  static String requireValidName(String name) {
    Objects.requireNonNull(name, "node name");
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "node name '" + name + "' is not valid: use 1 to " + MAX_NAME_LENGTH
              + " letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  static int requireValidWeight(int weight) {
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("node weight must be between 1 and " + MAX_WEIGHT + ", was " + weight);
    }
    return weight;
  }

  /** Checks a list of endpoints; {@code what} ("write endpoints") names it in messages. */
  static List<String> requireValidEndpoints(List<String> endpoints, String what, boolean mayBeEmpty) {
    Objects.requireNonNull(endpoints, what);
    if (endpoints.isEmpty() && !mayBeEmpty) {
      throw new IllegalArgumentException(what + " must list at least one host:port");
    }
    Set<String> seen = new HashSet<>();
    for (String endpoint : endpoints) {
      requireValidEndpoint(endpoint, what);
      if (!seen.add(endpoint)) {
        throw new IllegalArgumentException(what + " list '" + endpoint + "' twice: " + endpoints);
      }
    }
    String joined = String.join(",", endpoints);
    if (joined.length() > MAX_ENDPOINTS_TEXT) {
      throw new IllegalArgumentException(
          what + " take " + joined.length() + " characters joined, more than the " + MAX_ENDPOINTS_TEXT + " the directory stores");
    }
    return List.copyOf(endpoints);
  }

  private static void requireValidEndpoint(String endpoint, String what) {
    if (endpoint == null) {
      throw new IllegalArgumentException(what + " contain a null entry");
    }
    int colon = endpoint.lastIndexOf(':');
    String host = colon < 0 ? "" : endpoint.substring(0, colon);
    String port = colon < 0 ? "" : endpoint.substring(colon + 1);
    if (!HOST.matcher(host).matches() || !isPort(port)) {
      throw new IllegalArgumentException(
          "endpoint '" + endpoint + "' in " + what + " is not host:port (for example db1.example.com:3306,"
              + " 10.0.0.5:3306 or [::1]:3306; port 1-65535)");
    }
  }

  private static boolean isPort(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65_535;
  }

  static String joinEndpoints(List<String> endpoints) {
    return String.join(",", endpoints);
  }

  static List<String> splitEndpoints(String stored) {
    List<String> out = new ArrayList<>();
    if (stored == null || stored.isEmpty()) {
      return out;
    }
    for (String part : stored.split(",")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }
}
