package io.twinua.tools.plcsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An AS can be cut and restored alone, via the Java API or its .down control file. */
class AutomationStationOutageTest {

  private static final String AS1_TAG = "Intake.Pump1.RunSeconds";
  private static final String AS2_TAG = "Distribution.TotalVolume";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void javaApiStopAndStartCutOnlyThatAsAndItProducesNothingWhileDown(@TempDir Path dir)
      throws Exception {
    var config =
        PlcSimConfig.create(
            b -> b.station("AS1", FreePorts.next()).station("AS2", FreePorts.next())
                .periodMs(50).dir(dir));
    long stoppedAt;
    long restartedAt;
    AutomationStation as1;
    UpdateClock clock;
    try (var sim = PlcSimulator.start(config)) {
      as1 = sim.automationStation("AS1");
      clock = sim.clock();
      OpcUaClient client = SimClients.connect(as1.endpointUrl());
      try {
        assertTrue(SimClients.readsGood(client, AS1_TAG));

        as1.stop();
        stoppedAt = clock.current().n();
        assertFalse(as1.isOnline());
        Await.until(TIMEOUT, "read on the old session to fail",
            () -> !SimClients.readsGood(client, AS1_TAG));
        assertFalse(SimClients.canRead(as1.endpointUrl(), AS1_TAG), "AS1 must be unreachable");
        assertTrue(SimClients.canRead(sim.endpointUrl("AS2"), AS2_TAG), "AS2 must stay up");

        Await.until(TIMEOUT, "5 updates while AS1 is down",
            () -> clock.current().n() >= stoppedAt + 5);
        restartedAt = clock.current().n();
        as1.start();
        assertTrue(as1.isOnline());
        assertTrue(SimClients.canRead(as1.endpointUrl(), AS1_TAG), "AS1 must be back");
        Await.until(TIMEOUT, "the old client to reconnect",
            () -> SimClients.readsGood(client, AS1_TAG));
      } finally {
        client.disconnectAsync();
      }
    }

    Map<String, List<TruthValue>> truth = GroundTruth.read(as1.truthFile());
    Set<Long> updatesLogged =
        truth.values().stream()
            .flatMap(List::stream)
            .map(v -> clock.indexOf(v.sourceTicks()))
            .collect(Collectors.toSet());
    for (long n = stoppedAt + 1; n < restartedAt; n++) {
      assertFalse(updatesLogged.contains(n), "AS1 logged update " + n + " while down");
    }
    // coming back, the AS republishes every tag at one update
    long comeback =
        updatesLogged.stream().filter(n -> n >= restartedAt).min(Long::compare).orElseThrow();
    for (PlantTag tag : as1.tags()) {
      assertTrue(
          truth.get(tag.name()).stream().anyMatch(v -> clock.indexOf(v.sourceTicks()) == comeback),
          tag.name() + " not republished at update " + comeback);
    }
  }

  @Test
  void downFileKeepsAnAsOfflineUntilRemoved(@TempDir Path dir) throws Exception {
    var config =
        PlcSimConfig.create(
            b -> b.station("AS1", FreePorts.next()).station("AS2", FreePorts.next())
                .periodMs(50).dir(dir));
    Files.createFile(dir.resolve("AS2.down"));
    try (var sim = PlcSimulator.start(config)) {
      AutomationStation as1 = sim.automationStation("AS1");
      AutomationStation as2 = sim.automationStation("AS2");
      assertEquals(dir.resolve("AS1.down"), as1.downFile());
      assertFalse(as2.isOnline(), "AS2 starts offline: its .down file exists");
      assertFalse(SimClients.canRead(as2.endpointUrl(), AS2_TAG));

      Files.delete(as2.downFile());
      Await.until(TIMEOUT, "AS2 online", as2::isOnline);
      assertTrue(SimClients.canRead(as2.endpointUrl(), AS2_TAG));

      Files.createFile(as1.downFile());
      Await.until(TIMEOUT, "AS1 offline", () -> !as1.isOnline());
      assertFalse(SimClients.canRead(as1.endpointUrl(), AS1_TAG));
      assertTrue(as2.isOnline());

      Files.delete(as1.downFile());
      Await.until(TIMEOUT, "AS1 online", as1::isOnline);
      assertTrue(SimClients.canRead(as1.endpointUrl(), AS1_TAG));
    }
    assertFalse(GroundTruth.read(dir.resolve("AS2.truth.csv")).isEmpty());
  }

  @Test
  void aStartThatCannotBindFailsLoudlyAndLeavesNoTruth(@TempDir Path dir) throws Exception {
    int port = FreePorts.next();
    var config = PlcSimConfig.create(b -> b.station("AS1", port).periodMs(50).dir(dir));
    try (var blocker = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertTrue(blocker.isBound());
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> PlcSimulator.start(config));
      assertEquals(
          "AS AS1: cannot serve opc.tcp://127.0.0.1:" + port + " (port in use?)", e.getMessage());
    }
    assertTrue(GroundTruth.read(dir.resolve("AS1.truth.csv")).isEmpty());

    try (var sim = PlcSimulator.start(config)) {
      AutomationStation as1 = sim.automationStation("AS1");
      as1.stop();
      long stoppedAt = sim.clock().current().n();
      try (var blocker = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertTrue(blocker.isBound());
        assertThrows(IllegalStateException.class, as1::start);
        assertFalse(as1.isOnline());
      }
      Await.until(TIMEOUT, "2 updates", () -> sim.clock().current().n() >= stoppedAt + 2);
      long failedAt = sim.clock().current().n();
      as1.start();
      assertTrue(SimClients.canRead(as1.endpointUrl(), AS1_TAG));
      sim.stop();

      List<TruthValue> counter = GroundTruth.read(as1.truthFile()).get(AS1_TAG);
      long firstAfterOutage =
          counter.stream()
              .mapToLong(v -> sim.clock().indexOf(v.sourceTicks()))
              .filter(n -> n > stoppedAt)
              .min()
              .orElseThrow();
      assertTrue(firstAfterOutage >= failedAt, "truth has values of the failed start");
    }
  }
}
