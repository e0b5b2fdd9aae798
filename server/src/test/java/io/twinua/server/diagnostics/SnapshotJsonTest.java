package io.twinua.server.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinua.server.testing.DiagJsonContract;
import io.twinua.server.testing.SampleSnapshots;
import org.junit.jupiter.api.Test;

class SnapshotJsonTest {

  @Test
  void rendersEveryContractFieldWithItsValueOnOneLine() throws Exception {
    String text = SnapshotJson.text(SampleSnapshots.masterWithSerialLink());
    assertTrue(!text.contains("\n"), text);
    JsonNode json = new ObjectMapper().readTree(text);
    DiagJsonContract.assertComplete(json);
    assertEquals("STATION-A", json.at("/name").asText());
    assertEquals("2026-12-02T01:02:03.456Z", json.at("/time").asText());
    assertEquals(7, json.at("/epoch").asLong());
    assertEquals(255, json.at("/validation/local").asInt());
    assertEquals(5000, json.at("/stability/stabilityDelay/lengthMs").asLong());
    assertEquals(3, json.at("/partner/clockDifferenceMs").asLong());
    assertEquals("/dev/pts/3", json.at("/links/serial/port").asText());
    assertEquals(10, json.at("/links/serial/framesSent").asLong());
    assertEquals(1, json.at("/links/serial/errors").asLong());
    assertEquals("NOT_CONFIGURED", json.at("/links/secondLan/state").asText());
    assertEquals("CONNECTED", json.at("/as/local/0/state").asText());
    assertEquals("2026-12-02T01:02:03.456Z", json.at("/as/local/0/since").asText());
    assertEquals(3, json.at("/clients/sessions").asInt());
    assertEquals("ALIVE", json.at("/health/parts/0/state").asText());
    assertTrue(json.at("/sync/running").isNull());
    assertEquals(1012200, json.at("/messages/0/number").asInt());
    assertEquals("STATION-B", json.at("/messages/0/detail").asText());
  }
}
