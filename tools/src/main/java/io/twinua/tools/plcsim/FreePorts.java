package io.twinua.tools.plcsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A free loopback TCP port chosen by the OS. Milo cannot bind port 0 reliably (the endpoint URL
 * would say 0), so tests ask the OS for a port, release it and give it to Milo.
 */
public final class FreePorts {

  private FreePorts() {}

  public static int next() {
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
