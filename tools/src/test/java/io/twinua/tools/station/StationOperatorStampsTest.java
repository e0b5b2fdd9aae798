package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.Role;
import io.twinua.server.station.Station;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 6: an operator's write of a historized internal tag takes the server's time (a
 * client's 1900 or 2100 timestamp is not archived) and a Bad status is refused; an engineer may
 * write both, and they are archived as written.
 */
class StationOperatorStampsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TAG = "Plant.Treatment.Tank1.LevelSetpoint";
  private static final DateTime Y1900 = new DateTime(Instant.parse("1900-01-01T00:00:00Z"));
  private static final DateTime Y2100 = new DateTime(Instant.parse("2100-01-01T00:00:00Z"));

  @TempDir Path dir;

  private static StatusCode write(OpcUaClient client, double value, StatusCode status, DateTime source)
      throws Exception {
    NodeId node = new NodeId(client.getNamespaceTable().getIndex(TestPlant.NS).intValue(), TAG);
    DataValue dv = new DataValue(new Variant(value), status, source, null);
    return client.write(List.of(new WriteValue(node, AttributeId.Value.uid(), null, dv))).getResults()[0];
  }

  private static DataValue read(OpcUaClient client) throws Exception {
    NodeId node = new NodeId(client.getNamespaceTable().getIndex(TestPlant.NS).intValue(), TAG);
    return client.readValue(0, TimestampsToReturn.Both, node);
  }

  /** Archived values of the tag with source time in [from, to] (to null: no end). */
  private static long archivedAt(Station station, DateTime from, DateTime to) {
    station.archive().values().flush();
    return station.archive().values().count(TAG, from.getUtcTime(), to == null ? 0 : to.getUtcTime() + 1);
  }

  @Test
  void operatorsGetTheServersTimeAndNoBadStatusEngineersWriteBoth() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 100)) {
      Station station = plant.station();
      OpcUaClient operator = plant.login(Role.OPERATOR);
      OpcUaClient engineer = plant.login(Role.ENGINEER);
      try {
        long before = DateTime.now().getUtcTime();
        assertEquals(StatusCode.GOOD, write(operator, 41.0, StatusCode.GOOD, Y1900));
        DataValue shown = read(operator);
        assertEquals(41.0, shown.value().value());
        assertTrue(shown.sourceTime().getUtcTime() >= before, "the server's time, not 1900: " + shown);
        assertEquals(StatusCode.GOOD, write(operator, 42.0, StatusCode.GOOD, Y2100));
        assertTrue(read(operator).sourceTime().getUtcTime() < Y2100.getUtcTime(), "not 2100");
        assertEquals(StatusCodes.Bad_WriteNotSupported,
            write(operator, 43.0, new StatusCode(StatusCodes.Bad_SensorFailure), null).getValue());
        assertEquals(42.0, read(operator).value().value(), "the refused write changed nothing");
        Await.until(WAIT, "the operator's two values archived at the server's time",
            () -> archivedAt(station, new DateTime(before), null) == 2);
        assertEquals(0, archivedAt(station, Y1900, Y1900) + archivedAt(station, Y2100, Y2100), "nothing at 1900 or 2100");

        assertEquals(StatusCode.GOOD, write(engineer, 44.0, new StatusCode(StatusCodes.Bad_SensorFailure), Y1900));
        assertEquals(StatusCode.GOOD, write(engineer, 45.0, StatusCode.GOOD, Y2100));
        Await.until(WAIT, "the engineer's values archived at 1900 and 2100",
            () -> archivedAt(station, Y1900, Y1900) == 1 && archivedAt(station, Y2100, Y2100) == 1);
        assertEquals(Y2100, read(engineer).sourceTime());
      } finally {
        operator.disconnectAsync();
        engineer.disconnectAsync();
      }
    }
  }
}
