package io.twinua.tools.pair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pair's networks made of Linux network namespaces and veth cables (needs root and iproute2):
 *
 * <pre>
 *   this JVM (PLC simulator, HMI clients)
 *        | plant LAN  x.x.x.1/29 .. station A .2, station B .3 (a bridge in namespace "plant")
 *   [ns A] ---- terminal bus x.x.x.9/30 -- x.x.x.10 ---- [ns B]
 *   [ns A] ---- status LAN   x.x.x.13/30 - x.x.x.14 ---- [ns B]
 * </pre>
 *
 * The addresses come from 198.18.0.0/15 (RFC 2544, set aside for network tests), 16 per network
 * picked by this JVM's pid, and the namespace and interface names carry the pid too, so two test
 * runs on one machine do not meet. Pulling a cable takes its link down at both ends: the stations
 * see no FIN and no RST, their packets just go nowhere. {@link #close()} removes every namespace,
 * and with them every cable; a shutdown hook does the same if the JVM ends first.
 */
final class NamespaceNetwork implements AutoCloseable {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Pattern OURS = Pattern.compile("^(twinua-(\\d+)-\\d+-(?:a|b|plant))\\b");

  /** A cable between the stations' namespaces whose two ends the test can take down. */
  final class Cable {
    private final String endA;
    private final String endB;

    private Cable(String endA, String endB) {
      this.endA = endA;
      this.endB = endB;
    }

    /** Link down at both ends: silent loss, no FIN or RST reaches either station. */
    void pull() throws IOException {
      ip("-n", nsA, "link", "set", endA, "down");
      ip("-n", nsB, "link", "set", endB, "down");
    }

    void plugIn() throws IOException {
      ip("-n", nsA, "link", "set", endA, "up");
      ip("-n", nsB, "link", "set", endB, "up");
    }
  }

  final String nsA;
  final String nsB;
  private final String nsPlant;
  private final String prefix;
  private final int base;
  final Cable terminalBus;
  final Cable statusLan;
  private final Thread removeOnExit = new Thread(this::removeQuietly, "netns-remove");

  private NamespaceNetwork() {
    long pid = ProcessHandle.current().pid();
    int n = COUNTER.getAndIncrement();
    String id = pid + "-" + n;
    nsA = "twinua-" + id + "-a";
    nsB = "twinua-" + id + "-b";
    nsPlant = "twinua-" + id + "-plant";
    prefix = "tw" + (pid % 100_000) + "n" + (n % 10); // interface names: at most 15 characters
    int slot = (int) ((pid * 8 + n) % 8192);
    base = (198 << 24) | (18 << 16) + slot * 16;
    terminalBus = new Cable(prefix + "a1", prefix + "b1");
    statusLan = new Cable(prefix + "a2", prefix + "b2");
  }

  /** Makes the namespaces and cables; fails (never skips) with what is missing when it cannot. */
  static NamespaceNetwork create() throws IOException {
    NamespaceNetwork net = new NamespaceNetwork();
    Runtime.getRuntime().addShutdownHook(net.removeOnExit);
    try {
      net.build();
      return net;
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
  }

  private void build() throws IOException {
    try {
      removeLeftoversOfDeadRuns();
    } catch (IOException e) {
      // cannot list namespaces: adding ours below fails and says why
    }
    try {
      ip("netns", "add", nsPlant);
    } catch (IOException e) {
      throw new AssertionError("partition tests put the stations in network namespaces: they need root and"
          + " iproute2 (run tools/test as root, as CI does): " + e.getMessage(), e);
    }
    ip("netns", "add", nsA);
    ip("netns", "add", nsB);
    for (String ns : List.of(nsPlant, nsA, nsB)) {
      ip("-n", ns, "link", "set", "lo", "up");
    }
    // plant LAN: a bridge in its own namespace, one port to this JVM's namespace and one per station
    ip("-n", nsPlant, "link", "add", "br0", "type", "bridge");
    ip("-n", nsPlant, "link", "set", "br0", "up");
    ip("link", "add", prefix + "h", "type", "veth", "peer", "name", prefix + "hp");
    ip("link", "set", prefix + "hp", "netns", nsPlant);
    ip("-n", nsPlant, "link", "set", prefix + "hp", "master", "br0", "up");
    ip("addr", "add", address(1) + "/29", "dev", prefix + "h");
    ip("link", "set", prefix + "h", "up");
    plantPort(nsA, prefix + "pa", prefix + "a0", address(2));
    plantPort(nsB, prefix + "pb", prefix + "b0", address(3));
    cable(prefix + "a1", address(9), prefix + "b1", address(10));
    cable(prefix + "a2", address(13), prefix + "b2", address(14));
  }

  private void plantPort(String ns, String bridgeEnd, String stationEnd, String stationAddress) throws IOException {
    ip("link", "add", bridgeEnd, "type", "veth", "peer", "name", stationEnd);
    ip("link", "set", bridgeEnd, "netns", nsPlant);
    ip("link", "set", stationEnd, "netns", ns);
    ip("-n", nsPlant, "link", "set", bridgeEnd, "master", "br0", "up");
    ip("-n", ns, "addr", "add", stationAddress + "/29", "dev", stationEnd);
    ip("-n", ns, "link", "set", stationEnd, "up");
  }

  private void cable(String endA, String addressA, String endB, String addressB) throws IOException {
    ip("link", "add", endA, "type", "veth", "peer", "name", endB);
    ip("link", "set", endA, "netns", nsA);
    ip("link", "set", endB, "netns", nsB);
    ip("-n", nsA, "addr", "add", addressA + "/30", "dev", endA);
    ip("-n", nsB, "addr", "add", addressB + "/30", "dev", endB);
    ip("-n", nsA, "link", "set", endA, "up");
    ip("-n", nsB, "link", "set", endB, "up");
  }

  private String address(int offset) {
    int a = base + offset;
    return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
  }

  /** This JVM's address on the plant LAN (where the PLC simulator listens). */
  String plantHost() {
    return address(1);
  }

  /** Station A's (B's) address on the plant LAN, where HMI clients reach it. */
  String plantAddress(boolean stationA) {
    return address(stationA ? 2 : 3);
  }

  /** Station A's (B's) address on the terminal bus. */
  String busAddress(boolean stationA) {
    return address(stationA ? 9 : 10);
  }

  /** Station A's (B's) address on the status LAN. */
  String statusLanAddress(boolean stationA) {
    return address(stationA ? 13 : 14);
  }

  /** What starts a program inside station A's (B's) namespace; it execs the program, same pid. */
  List<String> launcher(boolean stationA) {
    return List.of("ip", "netns", "exec", stationA ? nsA : nsB);
  }

  /**
   * A test JVM killed outright (e.g. a surefire timeout) leaves its namespaces behind; they carry
   * its pid, so they are removed once that process is gone. Others' namespaces are never touched.
   */
  private static void removeLeftoversOfDeadRuns() throws IOException {
    for (String line : ip("netns", "list").split("\n")) {
      Matcher m = OURS.matcher(line.trim());
      if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
        try {
          ip("netns", "del", m.group(1));
        } catch (IOException e) {
          // removed meanwhile by another run
        }
      }
    }
  }

  private static String ip(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run ip (iproute2): " + e.getMessage(), e);
    }
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish within 20 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
    }
    return out;
  }

  private void removeQuietly() {
    // deleting a namespace deletes the veth ends in it, and so the cables and the host's end
    for (String ns : List.of(nsA, nsB, nsPlant)) {
      try {
        ip("netns", "del", ns);
      } catch (IOException e) {
        // not made (creation failed early) or already gone
      }
    }
    try {
      ip("link", "del", prefix + "h");
    } catch (IOException e) {
      // gone with its peer, as expected
    }
  }

  @Override
  public void close() {
    removeQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(removeOnExit);
    } catch (IllegalStateException e) {
      // this JVM is already shutting down: the hook finds the namespaces gone
    }
  }
}
