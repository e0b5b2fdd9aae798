package io.twinua.tools.station;

import static io.twinua.tools.testing.ConditionEvents.ACKED;
import static io.twinua.tools.testing.ConditionEvents.ACTIVE;
import static io.twinua.tools.testing.ConditionEvents.CONDITION_ID;
import static io.twinua.tools.testing.ConditionEvents.ENABLED;
import static io.twinua.tools.testing.ConditionEvents.LIMIT;
import static io.twinua.tools.testing.ConditionEvents.acknowledge;
import static io.twinua.tools.testing.ConditionEvents.disable;
import static io.twinua.tools.testing.ConditionEvents.enable;
import static io.twinua.tools.testing.ConditionEvents.isFalse;
import static io.twinua.tools.testing.ConditionEvents.isTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.StationProcess;
import io.twinua.tools.testing.ConditionEvents;
import io.twinua.tools.testing.TestProject;
import io.twinua.tools.testing.TestStationJvm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** Alarms of a real station as HMI users see them: who may do what, and what survives a crash. */
class StationAlarmsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ALARM = "Tank2Level";

  @TempDir Path dir;
  private final List<OpcUaClient> clients = new ArrayList<>();

  @AfterEach
  void disconnect() {
    clients.forEach(OpcUaClient::disconnectAsync);
  }

  @Test
  void onlyEngineersDisableAndEnableAlarmsOperatorsAcknowledge() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 50, TestProject::tank2AlwaysHigh)) {
      OpcUaClient viewer = keep(plant.login(Role.VIEWER));
      OpcUaClient operator = keep(plant.login(Role.OPERATOR));
      OpcUaClient engineer = keep(plant.login(Role.ENGINEER));
      ConditionEvents events = ConditionEvents.subscribe(operator, ALARM);
      Variant[] raised = events.refreshUntil(e -> isTrue(e[ACTIVE]) && isFalse(e[ACKED]));
      NodeId condition = (NodeId) raised[CONDITION_ID].getValue();

      for (OpcUaClient client : List.of(viewer, operator)) {
        assertEquals(StatusCodes.Bad_UserAccessDenied, disable(client, condition).getValue());
        assertEquals(StatusCodes.Bad_UserAccessDenied, enable(client, condition).getValue());
      }
      assertEquals(StatusCodes.Bad_UserAccessDenied, acknowledge(viewer, condition, raised, "seen").getValue());
      assertEquals(StatusCode.GOOD, acknowledge(operator, condition, raised, "seen"));
      events.next(e -> isTrue(e[ACKED]));

      assertEquals(StatusCode.GOOD, disable(engineer, condition));
      events.next(e -> isFalse(e[ENABLED]));
      assertEquals(StatusCode.GOOD, enable(engineer, condition));
      Variant[] again = events.next(e -> isTrue(e[ENABLED]) && isTrue(e[ACTIVE]));
      assertEquals(false, again[ACKED].getValue(), "enabled while still high: to be acknowledged again");
      assertEquals(StatusCode.GOOD, acknowledge(engineer, condition, again, "seen"), "engineers may acknowledge too");
    }
  }

  @Test
  void alarmOnAnInternalTagFollowsOperatorWrites() throws Exception {
    String alarm = "\n  - name: HighLimitCheck\n    source: Plant.Storage.Tank2.HighLimit\n    high: 90\n";
    try (TestPlant plant = TestPlant.start(dir, 50, p -> TestProject.tank2AlwaysHigh(p).replace("\nalarms:\n", "\nalarms:" + alarm))) {
      OpcUaClient operator = keep(plant.login(Role.OPERATOR));
      ConditionEvents events = ConditionEvents.subscribe(operator, "HighLimitCheck");
      NodeId setpoint = new NodeId(operator.getNamespaceTable().getIndex(TestPlant.NS), "Plant.Storage.Tank2.HighLimit");

      assertTrue(operator.writeValues(List.of(setpoint), List.of(DataValue.valueOnly(new Variant(95.0)))).get(0).isGood());
      Variant[] raised = events.next(e -> isTrue(e[ACTIVE]));
      assertEquals(NodeIds.ExclusiveLimitStateMachineType_High, raised[LIMIT].getValue());
      assertTrue(operator.writeValues(List.of(setpoint), List.of(DataValue.valueOnly(new Variant(50.0)))).get(0).isGood());
      events.next(e -> isFalse(e[ACTIVE]));
    }
  }

  @Test
  void acknowledgedAlarmIsBackAfterKill9() throws Exception {
    try (TestPlant plant = TestPlant.prepare(dir, 50, TestProject::tank2AlwaysHigh);
        StationProcess first = new StationProcess(plant.stationFile, List.of(), TestStationJvm.OPTIONS).start()) {
      OpcUaClient operator = keep(plant.loginWhenUp(first, Role.OPERATOR));
      ConditionEvents events = ConditionEvents.subscribe(operator, ALARM);
      Variant[] raised = events.refreshUntil(e -> isTrue(e[ACTIVE]) && isFalse(e[ACKED]));
      NodeId condition = (NodeId) raised[CONDITION_ID].getValue();
      assertEquals(StatusCode.GOOD, acknowledge(operator, condition, raised, "seen"));
      events.next(e -> isTrue(e[ACKED]));
      // what the station committed is what may come back: wait for the acknowledgement on disk
      Path db = plant.stationDataDir().resolve("archive").resolve("twinua.db");
      Await.until(WAIT, "acknowledgement committed to the archive", () -> archivedAcknowledged(db));

      first.kill();
      assertFalse(first.isAlive(), "station killed");
      operator.disconnectAsync();

      try (StationProcess second = new StationProcess(plant.stationFile, List.of(), TestStationJvm.OPTIONS).start()) {
        OpcUaClient hmi = keep(plant.loginWhenUp(second, Role.OPERATOR));
        ConditionEvents after = ConditionEvents.subscribe(hmi, ALARM);
        Variant[] restored = after.refreshUntil(e -> true);
        assertEquals(condition, restored[CONDITION_ID].getValue());
        assertEquals(true, restored[ACTIVE].getValue(), "still active after the restart");
        assertEquals(true, restored[ACKED].getValue(), "still acknowledged after the restart");
        // the archive keeps no limit: the PLC's next value tells it, the acknowledgement stays
        Variant[] settled = after.refreshUntil(e -> NodeIds.ExclusiveLimitStateMachineType_High.equals(e[LIMIT].getValue()));
        assertEquals(true, settled[ACKED].getValue());
      }
    }
  }

  /** The station's own archive, read with a second, read-only SQLite connection. */
  private static boolean archivedAcknowledged(Path db) {
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    try (Connection c = readOnly.createConnection("jdbc:sqlite:" + db);
        PreparedStatement ps = c.prepareStatement(
            "SELECT count(*) FROM message WHERE condition_name = ? AND active = 1 AND acked = 1")) {
      ps.setString(1, ALARM);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    } catch (SQLException e) {
      return false; // not created yet, or busy: ask again
    }
  }

  private OpcUaClient keep(OpcUaClient client) {
    clients.add(client);
    return client;
  }
}
