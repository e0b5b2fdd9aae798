package io.twinua.tools.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * The node-opcua row of {@code bench subscriptions}: the server's notifications measured with the
 * bench's own client and settings, or why there are none.
 *
 * @param server the node-opcua package as pinned, e.g. {@code node-opcua-server@2.180.0}
 * @param period what the measured period saw; null when not measured
 * @param why why it was not measured; null when it was
 * @param failed it could run here but broke (a bench failure), rather than being left out or
 *     missing Node.js, npm or the npm registry (the machine's lack: the other figures stand)
 */
record NodeOpcuaBaseline(String server, NotificationCount.Period period, String why, boolean failed) {

  /** How the bench counts one server's notifications (the same for every server it measures). */
  @FunctionalInterface
  interface Measure {
    NotificationCount.Period of(String server, OpcUaClient client, IntFunction<NodeId> node) throws Exception;
  }

  static NodeOpcuaBaseline leftOut(NodePackage program) {
    return new NodeOpcuaBaseline(program.pinned(), null, "left out (--no-node-opcua)", false);
  }

  /**
   * Installs the server if need be (its output to {@code work}), starts it with {@code tags} tags
   * changing every {@code periodMs}, measures it with {@code measure} and stops it.
   */
  static NodeOpcuaBaseline measure(NodePackage program, Path work, int tags, int periodMs, Duration readyTimeout,
      Measure measure) throws InterruptedException {
    Optional<String> missing = program.missing(work.resolve("node-opcua-install.out"));
    if (missing.isPresent()) {
      return new NodeOpcuaBaseline(program.pinned(), null, missing.get(), false);
    }
    try (NodeOpcuaServer server = NodeOpcuaServer.start(program, work, tags, periodMs, readyTimeout)) {
      OpcUaClient client = PlainMiloClient.connect(server.endpointUrl().orElseThrow());
      try {
        UShort ns = client.getNamespaceTable().getIndex(NodeOpcuaServer.NAMESPACE);
        if (ns == null) {
          throw new IllegalStateException("the node-opcua server has no namespace " + NodeOpcuaServer.NAMESPACE);
        }
        // the same names as the PLC simulator's generated tags, in the server's own namespace
        NotificationCount.Period period = measure.of("the node-opcua server", client,
            i -> new NodeId(ns, BenchProject.genName(i)));
        return new NodeOpcuaBaseline(program.pinned(), period, null, false);
      } finally {
        client.disconnect();
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      return new NodeOpcuaBaseline(program.pinned(), null, "failed: " + e, true);
    }
  }

  boolean measured() {
    return period != null;
  }

  /** A table cell: {@code format} of the period's value, "-" when not measured. */
  String cell(String format, ToDoubleFunction<NotificationCount.Period> value) {
    return measured() ? String.format(Locale.ROOT, format, value.applyAsDouble(period)) : "-";
  }

  /** Notifications/s, NaN (the report's "none") when not measured. */
  double perSecond() {
    return measured() ? period.perSecond() : Double.NaN;
  }

  /** The baseline's name in the report: the server, or why it has no value. */
  String label() {
    return measured() ? "node-opcua server (" + server + "), same tags" : "node-opcua server not measured: " + why;
  }
}
