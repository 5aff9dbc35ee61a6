package dev.shardline.sandbox;

/** A virtual IP in front of a node: an HAProxy frontend on a loopback port. */
public record Vip(String host, int port) {
  public String address() {
    return host + ":" + port;
  }
}
