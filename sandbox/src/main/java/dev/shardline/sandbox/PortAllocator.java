package dev.shardline.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out loopback ports: consecutive ones from a fixed base, or ones the kernel reports free.
 * A free port can still be taken by another program before the server binds it; the instance's
 * start then fails with a message naming the port.
 *
 * <p>Thread safety: synchronized.
 */
final class PortAllocator {
  private final Set<Integer> handedOut = new HashSet<>();
  private int nextFixed;

  /** @param basePort the first port to hand out, or 0 to ask the kernel for free ones. */
  PortAllocator(int basePort) {
    this.nextFixed = basePort;
  }

  synchronized int next() {
    if (nextFixed > 0) {
      return nextFixed++;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(SandboxInstance.HOST), 0));
      int port = socket.getLocalPort();
      // The kernel may offer a port again once it is closed; never hand one out twice.
      return handedOut.add(port) ? port : next();
    } catch (IOException e) {
      throw new SandboxException("cannot find a free port on " + SandboxInstance.HOST + ": " + e.getMessage(), e);
    }
  }
}
