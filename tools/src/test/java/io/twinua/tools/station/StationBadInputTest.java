package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.StationLoader;
import io.twinua.server.station.StationException;
import io.twinua.server.testing.Await;
import io.twinua.tools.launch.StationFileWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad files, a damaged archive, a busy port and a PLC that sends garbage: clear errors, no loss. */
class StationBadInputTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void malformedNodeSetStopsStartUpWithFileAndLine() throws Exception {
    try (TestPlant plant = TestPlant.prepare(dir, 1000, p -> p)) {
      Path xml = plant.projectDir().resolve("plant.xml");
      String text = Files.readString(xml);
      Files.writeString(xml, text.substring(0, text.length() / 2));
      StationException e = assertThrows(StationException.class, plant::startStation);
      assertTrue(e.getMessage().contains("plant.xml"), e.getMessage());
      assertTrue(e.getMessage().matches("(?s).*plant\\.xml:\\d+.*"), "names the line: " + e.getMessage());
    }
  }

  @Test
  void projectTagOnAnUnknownAutomationStationNamesFileAndKey() throws Exception {
    try (TestPlant plant = TestPlant.prepare(dir, 1000, p -> p.replaceFirst("as: AS1", "as: AS9"))) {
      StationException e = assertThrows(StationException.class, plant::startStation);
      assertTrue(e.getMessage().contains("project.yaml"), e.getMessage());
      assertTrue(e.getMessage().contains("AS9"), e.getMessage());
      assertTrue(e.getMessage().contains("tags["), e.getMessage());
    }
  }

  @Test
  void stationFileWithABadPortNamesFileAndKey() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), "name: P\n");
    Path file = dir.resolve("station.yaml");
    new StationFileWriter("a port out of range", "X", "d", 99_999).project("p.yaml").write(file);
    Exception e = assertThrows(Exception.class, () -> StationLoader.load(file));
    assertTrue(e.getMessage().contains("station.yaml") && e.getMessage().contains("port"), e.getMessage());
  }

  @Test
  void corruptedArchiveIsNamedAndLeftUntouched() throws Exception {
    try (TestPlant plant = TestPlant.prepare(dir, 1000, p -> p)) {
      Path db = plant.stationDataDir().resolve("archive").resolve("twinua.db");
      Files.createDirectories(db.getParent());
      byte[] garbage = new byte[64 * 1024];
      new Random(7).nextBytes(garbage);
      Files.write(db, garbage);
      StationException e = assertThrows(StationException.class, plant::startStation);
      assertTrue(e.getMessage().contains(db.getFileName().toString()), e.getMessage());
      assertArrayEquals(garbage, Files.readAllBytes(db), "a damaged archive is never overwritten");
    }
  }

  @Test
  void busyPortFailsStartUpInsteadOfRunningWithoutEndpoints() throws Exception {
    try (TestPlant plant = TestPlant.prepare(dir, 1000, p -> p);
         ServerSocket busy = new ServerSocket(plant.port, 50, InetAddress.getLoopbackAddress())) {
      StationException e = assertThrows(StationException.class, plant::startStation);
      assertTrue(e.getMessage().contains(Integer.toString(plant.port)), e.getMessage());
    }
  }

  @Test
  void garbageFromAnAutomationStationIsRefusedAndTheRestKeepsRunning() throws Exception {
    // AS1 sends the batch id (a String) where the plant expects the tank temperature (a Double)
    try (TestPlant plant = TestPlant.start(dir, 50, p -> p.replace(
        "address: ns=2;s=Treatment.Tank1.Temperature", "address: ns=2;s=Treatment.BatchId"))) {
      Await.until(WAIT, "refused values", () -> plant.station().refusedProcessValues() > 0);
      Await.until(WAIT, "other tags archived", () -> plant.station().archive().values().count("Plant.Treatment.Tank1.Level") > 5);
      plant.station().archive().values().flush();
      assertEquals(0, plant.station().archive().values().count("Plant.Treatment.Tank1.Temperature"));
      OpcUaClient client = plant.anonymous();
      try {
        int ns = client.getNamespaceTable().getIndex(TestPlant.NS).intValue();
        DataValue v = client.readValue(0, TimestampsToReturn.Both, new NodeId(ns, "Plant.Treatment.Tank1.Temperature"));
        assertFalse(v.statusCode().isGood(), "the refused tag does not look good: " + v);
      } finally {
        client.disconnectAsync();
      }
    }
  }
}
