package io.twinua.tools.station;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Endpoints that never answer, for tests of what a station does while it tries to reach them.
 *
 * <p>{@link #listener()}: a loopback socket that accepts TCP and then says nothing (a hung
 * server). {@link #silentAddress()}: an address inside a network namespace created here whose link
 * is down: the SYN is dropped without a trace (no RST, no ICMP), like an unplugged cable. {@link
 * #unownedAddress()}: an address of the same subnet that nobody owns (ARP gets no answer). Traffic
 * only goes to loopback or into the namespace this class created; {@link #close()} removes it.
 */
final class BlackHoles implements AutoCloseable {

  private final List<ServerSocket> listeners = new ArrayList<>();
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final String namespace;
  private final String hostLink;
  private final String subnet;
  private final String why;

  private BlackHoles(String namespace, String hostLink, String subnet, String why) {
    this.namespace = namespace;
    this.hostLink = hostLink;
    this.subnet = subnet;
    this.why = why;
  }

  /** Listeners always; silent addresses if this process may create a network namespace. */
  static BlackHoles create() {
    long pid = ProcessHandle.current().pid();
    String namespace = "twbh" + pid;
    String hostLink = "twh" + pid;
    String nsLink = "twn" + pid;
    // left over from a killed run that had our pid: it is nobody's now
    run("ip", "netns", "del", namespace);
    run("ip", "link", "del", hostLink);
    String routes = run("ip", "-4", "route");
    for (int i = 0; i < 250; i++) {
      String subnet = "10.77." + ((pid + i) % 250);
      if (routes.contains(subnet + ".")) {
        continue; // someone else's subnet (another test run)
      }
      try {
        exec("ip", "netns", "add", namespace);
        exec("ip", "link", "add", hostLink, "type", "veth", "peer", "name", nsLink);
        exec("ip", "link", "set", nsLink, "netns", namespace);
        exec("ip", "addr", "add", subnet + ".1/24", "dev", hostLink);
        exec("ip", "link", "set", hostLink, "up");
        exec("ip", "-n", namespace, "addr", "add", subnet + ".2/24", "dev", nsLink);
        // the namespace's link stays down: packets to .2 are dropped silently; the neighbour entry
        // keeps ARP out of it, so the SYN really leaves and is lost
        String mac = exec("ip", "-n", namespace, "-br", "link", "show", nsLink).trim().split("\\s+")[2];
        exec("ip", "neigh", "replace", subnet + ".2", "lladdr", mac, "dev", hostLink, "nud", "permanent");
        BlackHoles holes = new BlackHoles(namespace, hostLink, subnet, null);
        Runtime.getRuntime().addShutdownHook(new Thread(holes::removeNamespace));
        return holes;
      } catch (IOException e) {
        run("ip", "netns", "del", namespace);
        run("ip", "link", "del", hostLink);
        return new BlackHoles(null, null, null, "no network namespace (" + e.getMessage().trim() + ")");
      }
    }
    return new BlackHoles(null, null, null, "no free 10.77.x.0/24 subnet");
  }

  boolean hasNamespace() {
    return namespace != null;
  }

  /** Why there is no namespace (null if there is one). */
  String whyNoNamespace() {
    return why;
  }

  /** {@code opc.tcp://127.0.0.1:port} of a new listener that accepts and never answers. */
  String listener() throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    listeners.add(socket);
    Thread t = new Thread(() -> {
      while (!socket.isClosed()) {
        try {
          accepted.add(socket.accept()); // held open, never read, never written
        } catch (IOException e) {
          return;
        }
      }
    }, "black-hole-" + socket.getLocalPort());
    t.setDaemon(true);
    t.start();
    return "opc.tcp://127.0.0.1:" + socket.getLocalPort();
  }

  /** An endpoint in the namespace behind a link that is down: packets vanish. */
  String silentAddress(int port) {
    requireNamespace();
    return "opc.tcp://" + subnet + ".2:" + port;
  }

  /** An endpoint on the namespace's subnet that no interface owns. */
  String unownedAddress(int port) {
    requireNamespace();
    return "opc.tcp://" + subnet + ".3:" + port;
  }

  private void requireNamespace() {
    if (namespace == null) {
      throw new IllegalStateException(why);
    }
  }

  @Override
  public void close() {
    for (ServerSocket s : listeners) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    for (Socket s : accepted) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    removeNamespace();
  }

  private synchronized void removeNamespace() {
    if (namespace != null) {
      run("ip", "netns", "del", namespace); // takes the veth pair with it
      run("ip", "link", "del", hostLink);
    }
  }

  private static String exec(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + ": no answer within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + ": " + out);
    }
    return out;
  }

  /** Runs a command, output or error text as the result (for checks and cleanup). */
  private static String run(String... command) {
    try {
      return exec(command);
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
