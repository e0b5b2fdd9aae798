package io.twinua.tools.plcsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A free loopback port for a simulator, station or proxy to bind later. Milo cannot bind port 0
 * reliably (the endpoint URL would say 0), so the port is chosen here, released, and bound by its
 * user, in a station process seconds later. It is taken below the kernel's ephemeral range: a port
 * inside it may meanwhile become the local port of any outgoing connection on the machine, and the
 * station would then fail to start. Ports are handed out in turn from a random start, so this JVM
 * does not hand out one port twice and two JVMs seldom meet.
 */
public final class FreePorts {

  /** The lowest port handed out: above the registered services most machines run. */
  static final int LOW = 20_000;
  /** Where Linux's ephemeral range starts when it cannot be read (its default 32768-60999). */
  private static final int DEFAULT_EPHEMERAL_START = 32_768;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private static final int HIGH = ephemeralStart(); // exclusive
  private static final AtomicInteger NEXT = new AtomicInteger(
      HIGH - LOW > 0 ? ThreadLocalRandom.current().nextInt(HIGH - LOW) : 0);

  private FreePorts() {}

  public static int next() {
    int span = HIGH - LOW;
    for (int i = 0; i < span; i++) {
      int port = LOW + Math.floorMod(NEXT.getAndIncrement(), span);
      if (free(port)) {
        return port;
      }
    }
    return osChosen(); // the range below the ephemeral one is full or empty: the old way
  }

  /** The first port of the kernel's ephemeral range, at most 65536; the default when it cannot be read. */
  static int ephemeralStart() {
    try {
      // readAllLines, not readString: /proc files say size 0, and readString then returned "3" of "32768\t60999"
      String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
      return Math.min(65_536, Integer.parseInt(range[0]));
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START;
    }
  }

  /** Free for TCP and UDP on loopback (the status LAN relay binds UDP ports from here too). */
  private static boolean free(int port) {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    try (var tcp = new ServerSocket(); var udp = new DatagramSocket(null)) {
      tcp.setReuseAddress(true);
      tcp.bind(address);
      udp.bind(address);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int osChosen() {
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
