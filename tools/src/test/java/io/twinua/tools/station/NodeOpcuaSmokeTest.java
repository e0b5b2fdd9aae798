package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinua.tools.plcsim.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that is not ours: node-opcua (from npm) browses, reads and reads history from a
 * station, anonymously over SecurityPolicy None as the demo project allows.
 */
class NodeOpcuaSmokeTest {

  private static final Path SMOKE = Path.of("smoke", "node-opcua");

  @TempDir Path dir;

  @Test
  void nodeOpcuaReadsPlantValuesHistoryAndRedundancyNodes() throws Exception {
    installNodeOpcua();
    try (TestPlant plant = TestPlant.start(dir, 50, p -> p)) {
      Await.until("archived values", Duration.ofSeconds(20),
          () -> plant.station().archive().values().count("Plant.Intake.Pump1.RunSeconds") > 20);
      plant.station().archive().values().flush();
      String output = run(List.of("node", "read-station.js", plant.endpointUrl(), TestPlant.NS));
      // node-opcua writes its own notices to stdout too; the result is the one JSON line
      String json = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("no JSON result in: " + output));
      JsonNode out = new ObjectMapper().readTree(json);
      assertTrue(out.get("objects").toString().contains("Plant"), json);
      assertEquals("Good", out.get("level").get("status").asText(), json);
      assertEquals("Double", out.get("level").get("type").asText(), json);
      assertEquals("Good", out.get("history").get("status").asText(), json);
      assertTrue(out.get("history").get("values").asInt() > 20, json);
      assertEquals("Good", out.get("serviceLevel").get("status").asText(), json);
      assertEquals("Good", out.get("redundancySupport").get("status").asText(), json);
    }
  }

  /** npm ci from the committed lock file, once per checkout (the npm registry is reachable). */
  private static void installNodeOpcua() throws Exception {
    if (!Files.isDirectory(SMOKE.resolve("node_modules").resolve("node-opcua-client"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"));
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("node-opcua", ".out");
    Path err = Files.createTempFile("node-opcua", ".err");
    Process p;
    try {
      p = new ProcessBuilder(command).directory(SMOKE.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    } catch (IOException e) {
      throw new AssertionError(command.get(0) + " is needed for this test (Node.js 20 and npm): " + e.getMessage(), e);
    }
    if (!p.waitFor(240, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish within 240 s");
    }
    String stdout = Files.readString(out);
    if (p.exitValue() != 0) {
      throw new AssertionError(command + " failed (" + p.exitValue() + "): " + Files.readString(err) + stdout);
    }
    return stdout;
  }
}
