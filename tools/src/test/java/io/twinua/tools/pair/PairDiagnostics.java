package io.twinua.tools.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinua.server.diagnostics.DiagnosticsNodes;
import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.server.testing.DiagJsonContract;
import io.twinua.tools.diag.DiagCommand;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.testing.DiagnosticsReads;
import io.twinua.tools.testing.TestProject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import picocli.CommandLine;

/**
 * Issue 9 §3 on a running pair: {@code twinua diag --json} (anonymous) lists every field of the
 * contract for both stations, the {@code @Diagnostics} nodes are readable by a viewer, and the
 * standard Server diagnostics read Good for an engineer. Runs inside a pair test's start-up (no
 * pair of its own: suite time).
 */
final class PairDiagnostics {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private PairDiagnostics() {}

  /** Call with both stations running, one Master and one Standby, and an anonymous client on each. */
  static void check(LoopbackPair pair, PairHmi hmi) throws Exception {
    long start = System.nanoTime();
    diagJsonListsBothStationsCompletely(pair);
    // diag --json above read @Diagnostics/Json anonymously; the standard diagnostics are Milo's on both: one station
    for (LoopbackPair.Station s : pair.stations()) {
      nodesReadableByAViewer(hmi, s);
    }
    standardServerDiagnosticsReadGoodForAnEngineer(hmi, pair.a());
    System.out.printf("MEASURED diagnostics checks on the running pair took %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  /** What {@code twinua diag --json --endpoint A --endpoint B} printed and its exit code. */
  record Run(int code, String out) {}

  static Run diag(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cmd = new CommandLine(new DiagCommand());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(new StringWriter(), true));
    return new Run(cmd.execute(args), out.toString());
  }

  private static void diagJsonListsBothStationsCompletely(LoopbackPair pair) throws InterruptedException {
    AtomicReference<String> last = new AtomicReference<>("");
    try {
      // AS connections and the partner's clock check come up on their own time: wait for them
      Await.until(WAIT.multipliedBy(2), "diag --json shows the pair running", () -> {
        Run run = diag("--json", "--endpoint", pair.a().endpointUrl(), "--endpoint", pair.b().endpointUrl());
        last.set(run.code() + " " + run.out());
        return run.code() == 0 && complete(parse(run.out()));
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last diag output: " + last.get(), e);
    }
  }

  private static JsonNode parse(String line) {
    assertEquals(1, line.lines().count(), "one line: " + line);
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("diag --json printed no JSON: " + line, e);
    }
  }

  private static boolean complete(JsonNode all) {
    assertEquals(1, all.size(), "one object {\"stations\":[...]}: " + all);
    JsonNode stations = all.get("stations");
    assertEquals(2, stations.size(), "two stations: " + all);
    assertEquals(List.of("STATION-A", "STATION-B"), List.of(stations.get(0).get("name").asText(), stations.get(1).get("name").asText()));
    for (JsonNode s : stations) {
      DiagJsonContract.assertComplete(s);
    }
    // sorted: a moment with two Masters (links timing out on a loaded machine) is "not ready yet"
    boolean ready = java.util.stream.Stream.of(stations.get(0).get("role").asText(), stations.get(1).get("role").asText())
        .sorted().toList().equals(List.of("Master", "Standby"));
    for (JsonNode s : stations) {
      ready &= s.at("/partner/state").asText().equals("UP")
          && s.at("/partner/linkToPartner").asText().equals("UP")
          && s.at("/partner/linkFromPartner").asText().equals("UP")
          && s.at("/links/terminalBus/state").asText().equals("UP")
          && s.at("/as/local").size() >= 1
          && allConnected(s.at("/as/local"))
          && s.at("/as/partner").size() == s.at("/as/local").size()
          && allConnected(s.at("/as/partner"))
          && s.at("/clients/sessions").asInt() >= 1
          && s.at("/health/verdict").asText().equals("HEALTHY")
          && s.at("/partner/role").asText().equals(s.at("/role").asText().equals("Master") ? "Standby" : "Master");
    }
    return ready;
  }

  private static boolean allConnected(JsonNode as) {
    for (JsonNode a : as) {
      if (!a.at("/state").asText().equals("CONNECTED")) {
        return false;
      }
    }
    return true;
  }

  private static void nodesReadableByAViewer(PairHmi hmi, LoopbackPair.Station s) throws Exception {
    OpcUaClient viewer = hmi.login(s, Role.VIEWER);
    try {
      assertTrue(Set.of("Master", "Standby").contains(DiagnosticsReads.assertDiagnosticsNodesReadable(viewer, s.name())));
      DataValue linkTo = viewer.readValue(0, TimestampsToReturn.Neither, node(viewer, DiagnosticsNodes.OBJECT_ID + "/partner/linkToPartner"));
      assertEquals("UP", linkTo.getValue().getValue(), s.name() + " @Diagnostics/partner/linkToPartner");
    } finally {
      viewer.disconnectAsync();
    }
  }

  private static void standardServerDiagnosticsReadGoodForAnEngineer(PairHmi hmi, LoopbackPair.Station s) throws Exception {
    OpcUaClient engineer = hmi.login(s, Role.ENGINEER);
    try {
      DiagnosticsReads.assertStandardServerDiagnosticsGood(engineer, s.name());
    } finally {
      engineer.disconnectAsync();
    }
  }

  private static NodeId node(OpcUaClient c, String id) {
    return new NodeId(c.getNamespaceTable().getIndex(TestProject.PLANT_NS), id);
  }
}
