package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinua.server.testing.Await;
import io.twinua.tools.testing.NodeOpcua;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that is not ours: node-opcua (from npm) browses, reads and reads history from a
 * station, anonymously over SecurityPolicy None as the demo project allows.
 */
class NodeOpcuaSmokeTest {

  @TempDir Path dir;

  @Test
  void nodeOpcuaReadsPlantValuesHistoryAndRedundancyNodes() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 50, p -> p)) {
      Await.until(Duration.ofSeconds(20), "archived values",
          () -> plant.station().archive().values().count("Plant.Intake.Pump1.RunSeconds") > 20);
      plant.station().archive().values().flush();
      JsonNode out = NodeOpcua.readStation(plant.endpointUrl());
      String json = out.toString();
      assertTrue(out.get("objects").toString().contains("Plant"), json);
      assertEquals("Good", out.get("level").get("status").asText(), json);
      assertEquals("Double", out.get("level").get("type").asText(), json);
      assertEquals("Good", out.get("history").get("status").asText(), json);
      assertTrue(out.get("history").get("values").asInt() > 20, json);
      assertEquals(255, out.get("serviceLevel").get("value").asInt(), "a healthy standalone station: " + json);
      assertEquals(0, out.get("redundancySupport").get("value").asInt(), "no partner, no redundancy: " + json);
    }
  }
}
