package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a station archived and what operators set survives a restart of the station. */
class StationRestartTest {

  @TempDir Path dir;

  @Test
  void restartKeepsHistoryAndInternalTagValues() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 50, p -> p)) {
      Await.until(Duration.ofSeconds(20), "archived values",
          () -> plant.station().archive().values().count("Plant.Intake.Pump1.RunSeconds") > 40);
      long end = DateTime.now().getUtcTime();
      List<DataValue> before;
      OpcUaClient operator = plant.login(Role.OPERATOR);
      NodeId setpoint;
      NodeId counter;
      try {
        int ns = operator.getNamespaceTable().getIndex(TestPlant.NS).intValue();
        setpoint = new NodeId(ns, "Plant.Storage.Tank2.HighLimit");
        counter = new NodeId(ns, "Plant.Intake.Pump1.RunSeconds");
        assertTrue(operator.writeValues(List.of(setpoint), List.of(DataValue.valueOnly(new Variant(88.5)))).get(0).isGood());
        plant.station().archive().values().flush();
        before = StationEndToEndTest.historyRaw(operator, counter, 1, end);
      } finally {
        operator.disconnectAsync();
      }
      assertTrue(before.size() > 40, "history before restart: " + before.size());

      plant.stopStation();
      plant.startStation();

      OpcUaClient viewer = plant.login(Role.VIEWER);
      try {
        List<DataValue> after = StationEndToEndTest.historyRaw(viewer, counter, 1, end);
        assertEquals(before.stream().map(v -> v.sourceTime().getUtcTime() + "=" + v.value().value()).toList(),
            after.stream().map(v -> v.sourceTime().getUtcTime() + "=" + v.value().value()).toList());
        assertEquals(88.5, viewer.readValue(0, TimestampsToReturn.Both, setpoint).value().value());
      } finally {
        viewer.disconnectAsync();
      }
    }
  }
}
