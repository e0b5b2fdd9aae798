package io.twinua.tools.plcsim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.Await;
import io.twinua.tools.launch.TwinuaJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twinua plc-sim} as its own process, the way benchmarks run it: another process cuts an
 * AS with the .down file, and SIGTERM flushes the truth log.
 */
class PlcSimProcessTest {

  private static final String TAG = "Intake.Pump1.RunSeconds";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void cliServesAsUntilKilledAndFollowsDownFiles(@TempDir Path dir) throws Exception {
    int port = FreePorts.next();
    String url = "opc.tcp://127.0.0.1:" + port;
    Path log = dir.resolve("plc-sim.log");
    Process process =
        new ProcessBuilder(TwinuaJvm.command(List.of(), List.of(
                "plc-sim", "--as", "AS1:" + port, "--period-ms", "50", "--dir", dir.toString())))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Await.until(TIMEOUT, "AS1 online line", () -> read(log).contains("AS AS1 online at " + url));
      assertTrue(read(log).contains("with 17 tags"), read(log)); // 14 contract tags + 3 setpoints
      assertTrue(read(log).contains("SecurityPolicy None with anonymous access"), read(log));
      assertTrue(SimClients.canRead(url, TAG));

      Files.createFile(dir.resolve("AS1.down"));
      Await.until(TIMEOUT, "AS1 unreachable", () -> !SimClients.canRead(url, TAG));
      Files.delete(dir.resolve("AS1.down"));
      Await.until(TIMEOUT, "AS1 reachable again", () -> SimClients.canRead(url, TAG));

      long lastSeen;
      OpcUaClient client = SimClients.connect(url);
      try {
        DataValue value = client.readValue(0, TimestampsToReturn.Both, new NodeId(2, TAG));
        lastSeen = ((UInteger) value.value().value()).longValue();
      } finally {
        client.disconnect();
      }

      process.destroy(); // SIGTERM: the shutdown hook stops the servers and flushes the logs
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "plc-sim did not exit on SIGTERM");
      assertTrue(read(log).contains("plc-sim stopped"), read(log));
      List<TruthValue> counter = GroundTruth.read(dir.resolve("AS1.truth.csv")).get(TAG);
      long lastLogged = Long.parseLong(counter.get(counter.size() - 1).valueText());
      assertTrue(lastLogged >= lastSeen, "truth ends at " + lastLogged + ", a client saw " + lastSeen);
    } finally {
      process.destroyForcibly();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
