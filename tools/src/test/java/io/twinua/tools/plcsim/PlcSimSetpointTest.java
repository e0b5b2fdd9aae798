package io.twinua.tools.plcsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writable tags of the simulated AS (setpoints): a client's write becomes the tag's value, is
 * published and logged as truth, and stays until the next write; other tags refuse writes, and
 * wrong types are refused.
 */
class PlcSimSetpointTest {

  private static final String SETPOINT = "Intake.Pump1.SpeedSetpoint";

  private static StatusCode write(OpcUaClient client, String tag, Variant value) throws UaException {
    return client.writeValues(List.of(new NodeId(2, tag)), List.of(DataValue.valueOnly(value))).get(0);
  }

  private static List<TruthValue> truth(AutomationStation as, String tag) {
    try {
      return GroundTruth.read(as.truthFile()).getOrDefault(tag, List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object read(OpcUaClient client, String tag) {
    try {
      return client.readValue(0, TimestampsToReturn.Both, new NodeId(2, tag)).value().value();
    } catch (UaException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void writtenSetpointIsTheTagsValueAndTruth(@TempDir Path dir) throws Exception {
    var config = PlcSimConfig.create(b -> b.station("AS1", FreePorts.next()).periodMs(20).dir(dir));
    try (var sim = PlcSimulator.start(config)) {
      AutomationStation as1 = sim.automationStation("AS1");
      OpcUaClient client = SimClients.connect(sim.endpointUrl("AS1"));
      try {
        assertEquals(75.0, read(client, SETPOINT), "initial value");

        assertEquals(StatusCode.GOOD, write(client, SETPOINT, new Variant(33.5)));
        assertEquals(33.5, read(client, SETPOINT));
        Await.until(Duration.ofSeconds(10), "33.5 in the truth log",
            () -> truth(as1, SETPOINT).stream().anyMatch(t -> t.valueText().equals("33.5")));

        // refused: wrong type (Milo's check), and a tag that is not a setpoint
        assertEquals(StatusCodes.Bad_TypeMismatch, write(client, SETPOINT, new Variant("fast")).getValue());
        StatusCode readOnly = write(client, "Intake.Pump1.Speed", new Variant(1.0));
        assertTrue(readOnly.isBad(), readOnly.toString());

        // the written value stays while the signal tags move on (updates every 20 ms)
        long runSeconds = ((Number) read(client, "Intake.Pump1.RunSeconds")).longValue();
        Await.until(Duration.ofSeconds(10), "later updates",
            () -> ((Number) read(client, "Intake.Pump1.RunSeconds")).longValue() > runSeconds + 10);
        assertEquals(33.5, read(client, SETPOINT));
        List<String> logged = truth(as1, SETPOINT).stream().map(TruthValue::valueText).toList();
        assertEquals(List.of("75.0", "33.5"), logged, "initial value, then the write only");
      } finally {
        client.disconnectAsync();
      }
    }
  }
}
