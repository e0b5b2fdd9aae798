package io.twinua.tools.bench;

import io.twinua.tools.plcsim.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node-opcua server of {@code bench subscriptions} (tools/node-opcua-server/server.js) as its
 * own process: N Double tags {@code Gen.00000..} in {@link #NAMESPACE}, all changing every period
 * as the PLC simulator's do, on loopback, SecurityPolicy None, anonymous. Its output goes to a
 * file in the bench directory; closing it (or this JVM ending) kills it and whatever it started.
 */
final class NodeOpcuaServer implements AutoCloseable {

  static final String NAMESPACE = "urn:twinua:bench:node-opcua";
  static final String DIR = "node-opcua-server";
  static final String PACKAGE = "node-opcua-server";

  private static final Duration POLL = Duration.ofMillis(200);
  private static final String READY = "ready ";

  private final Process process;
  private final Thread killOnExit;
  private final Path output;

  private NodeOpcuaServer(Process process, Path output) {
    this.process = process;
    this.output = output;
    this.killOnExit = new Thread(() -> NodePackage.kill(process), "node-opcua-kill-on-exit");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** The program's package in an installation ({@code tools/node-opcua-server} under {@code home}). */
  static NodePackage program(Path home, String node) {
    return new NodePackage(home.resolve("tools").resolve(DIR), PACKAGE, node);
  }

  /**
   * Starts it with {@code tags} tags changing every {@code periodMs} and waits until it says it
   * is ready (making its certificate and 10,000 variables takes node-opcua some seconds).
   *
   * @throws TimeoutException when it was not ready within {@code readyTimeout}
   * @throws IOException when it ended before it was ready, with the end of what it printed
   */
  static NodeOpcuaServer start(NodePackage program, Path work, int tags, int periodMs, Duration readyTimeout)
      throws Exception {
    Path output = work.resolve("node-opcua-server.out");
    Process p = program.start(output, "server.js", FreePorts.next(), tags, periodMs, work.resolve("node-opcua-pki"));
    NodeOpcuaServer server = new NodeOpcuaServer(p, output);
    try {
      Polling.until("the node-opcua server to say it is ready", readyTimeout, POLL, () -> {
        server.failIfEnded();
        return server.endpointUrl().isPresent();
      });
      return server;
    } catch (TimeoutException e) {
      server.close();
      throw new TimeoutException(e.getMessage() + "; it printed: " + server.tail());
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  /** The URL from its ready line; empty until it printed one. */
  Optional<String> endpointUrl() throws IOException {
    return lines().stream().filter(l -> l.startsWith(READY)).map(l -> l.substring(READY.length()).trim()).findFirst();
  }

  private void failIfEnded() throws IOException {
    if (process.isAlive()) {
      return;
    }
    throw new IOException("the node-opcua server ended (exit " + process.exitValue() + ") before it was ready: "
        + tail());
  }

  /** The last lines it printed, for a message (its output file goes with a temporary bench directory). */
  private String tail() throws IOException {
    List<String> lines = lines();
    return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  private List<String> lines() throws IOException {
    return Files.exists(output) ? Files.readAllLines(output) : List.of();
  }

  @Override
  public void close() {
    NodePackage.kill(process); // nothing to save: its tags are made up and its PKI is the bench's
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // this JVM is ending: the hook runs anyway, and finds nothing left to kill
    }
  }
}
