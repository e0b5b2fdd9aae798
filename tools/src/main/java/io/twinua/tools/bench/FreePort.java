package io.twinua.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A free loopback TCP port chosen by the OS. Milo cannot be given port 0 (its endpoint URLs would
 * say 0), so the bench asks the OS for a port, releases it and hands it to the server.
 */
final class FreePort {

  private FreePort() {}

  static int next() {
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
