package io.twinua.tools.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the node-opcua smoke client (tools/smoke/node-opcua) against a station: a client that is not ours. */
public final class NodeOpcua {

  private static final Path SMOKE = Path.of("smoke", "node-opcua");

  private NodeOpcua() {}

  /** What read-station.js found at {@code endpointUrl}, as JSON. */
  public static JsonNode readStation(String endpointUrl) throws Exception {
    install();
    String output = run(List.of("node", "read-station.js", endpointUrl, TestProject.PLANT_NS));
    // node-opcua writes its own notices to stdout too; the result is the one JSON line
    String json = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no JSON result in: " + output));
    return new ObjectMapper().readTree(json);
  }

  /** npm ci from the committed lock file, once per checkout (the npm registry is reachable). */
  private static synchronized void install() throws Exception {
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
