package io.twinua.tools.station;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.Role;
import io.twinua.tools.pairlab.StationProcess;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilterElement;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** Alarms of a real station as HMI users see them: who may do what, and what survives a crash. */
class StationAlarmsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ALARM = "Tank2Level";

  // fields of the events the test selects
  private static final int EVENT_ID = 0;
  private static final int EVENT_TYPE = 1;
  private static final int CONDITION_NAME = 2;
  private static final int ACTIVE = 3;
  private static final int ACKED = 4;
  private static final int ENABLED = 5;
  private static final int CONDITION_ID = 6;
  private static final int LIMIT = 7;

  @TempDir Path dir;
  private final List<OpcUaClient> clients = new ArrayList<>();

  /** The simulated Tank2 level runs 10..90 %: with a high limit at 5 % its alarm stays active. */
  private static String tank2AlwaysHigh(String project) {
    String limits = "highHigh: 88\n    high: 80\n    low: 20\n    lowLow: 12\n";
    if (!project.contains(limits)) {
      throw new AssertionError("demo project's Tank2Level limits changed; update this test");
    }
    return project.replace(limits, "highHigh: 1000\n    high: 5\n    low: -1000\n    lowLow: -2000\n");
  }

  @AfterEach
  void disconnect() {
    clients.forEach(OpcUaClient::disconnectAsync);
  }

  @Test
  void onlyEngineersDisableAndEnableAlarmsOperatorsAcknowledge() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 50, StationAlarmsTest::tank2AlwaysHigh)) {
      OpcUaClient viewer = keep(plant.login(Role.VIEWER));
      OpcUaClient operator = keep(plant.login(Role.OPERATOR));
      OpcUaClient engineer = keep(plant.login(Role.ENGINEER));
      ConditionEvents events = ConditionEvents.subscribe(operator);
      Variant[] raised = events.refreshUntil(e -> isTrue(e[ACTIVE]) && isFalse(e[ACKED]));
      NodeId condition = (NodeId) raised[CONDITION_ID].getValue();

      for (OpcUaClient client : List.of(viewer, operator)) {
        assertEquals(StatusCodes.Bad_UserAccessDenied, disable(client, condition).getValue());
        assertEquals(StatusCodes.Bad_UserAccessDenied, enable(client, condition).getValue());
      }
      assertEquals(StatusCodes.Bad_UserAccessDenied, acknowledge(viewer, condition, raised).getValue());
      assertEquals(StatusCode.GOOD, acknowledge(operator, condition, raised));
      events.next(e -> isTrue(e[ACKED]));

      assertEquals(StatusCode.GOOD, disable(engineer, condition));
      events.next(e -> isFalse(e[ENABLED]));
      assertEquals(StatusCode.GOOD, enable(engineer, condition));
      Variant[] again = events.next(e -> isTrue(e[ENABLED]) && isTrue(e[ACTIVE]));
      assertEquals(false, again[ACKED].getValue(), "enabled while still high: to be acknowledged again");
      assertEquals(StatusCode.GOOD, acknowledge(engineer, condition, again), "engineers may acknowledge too");
    }
  }

  @Test
  void alarmOnAnInternalTagFollowsOperatorWrites() throws Exception {
    String alarm = "\n  - name: HighLimitCheck\n    source: Plant.Storage.Tank2.HighLimit\n    high: 90\n";
    try (TestPlant plant = TestPlant.start(dir, 50, p -> tank2AlwaysHigh(p).replace("\nalarms:\n", "\nalarms:" + alarm))) {
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
    try (TestPlant plant = TestPlant.prepare(dir, 50, StationAlarmsTest::tank2AlwaysHigh);
        StationProcess first = new StationProcess(plant.stationFile).start()) {
      OpcUaClient operator = keep(loginWhenUp(plant, first));
      ConditionEvents events = ConditionEvents.subscribe(operator);
      Variant[] raised = events.refreshUntil(e -> isTrue(e[ACTIVE]) && isFalse(e[ACKED]));
      NodeId condition = (NodeId) raised[CONDITION_ID].getValue();
      assertEquals(StatusCode.GOOD, acknowledge(operator, condition, raised));
      events.next(e -> isTrue(e[ACKED]));
      // what the station committed is what may come back: wait for the acknowledgement on disk
      Path db = plant.stationDataDir().resolve("archive").resolve("twinua.db");
      Await.until(WAIT, "acknowledgement committed to the archive", () -> archivedAcknowledged(db));

      first.kill();
      assertFalse(first.isAlive(), "station killed");
      operator.disconnectAsync();

      try (StationProcess second = new StationProcess(plant.stationFile).start()) {
        OpcUaClient hmi = keep(loginWhenUp(plant, second));
        ConditionEvents after = ConditionEvents.subscribe(hmi);
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

  private static OpcUaClient loginWhenUp(TestPlant plant, StationProcess station) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      if (!station.isAlive()) {
        throw new AssertionError("station process ended:\n" + station.output());
      }
      try {
        return plant.login(Role.OPERATOR);
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("station did not accept a login within 90 s:\n" + station.output(), e);
        }
        Thread.sleep(200); // poll interval while the station process starts
      }
    }
  }

  private OpcUaClient keep(OpcUaClient client) {
    clients.add(client);
    return client;
  }

  private static StatusCode acknowledge(OpcUaClient client, NodeId condition, Variant[] event) throws Exception {
    return call(client, condition, NodeIds.AcknowledgeableConditionType_Acknowledge,
        event[EVENT_ID], new Variant(LocalizedText.english("seen")));
  }

  private static StatusCode disable(OpcUaClient client, NodeId condition) throws Exception {
    return call(client, condition, NodeIds.ConditionType_Disable);
  }

  private static StatusCode enable(OpcUaClient client, NodeId condition) throws Exception {
    return call(client, condition, NodeIds.ConditionType_Enable);
  }

  private static StatusCode call(OpcUaClient client, NodeId object, NodeId method, Variant... args) throws Exception {
    return client.call(List.of(new CallMethodRequest(object, method, args))).getResults()[0].getStatusCode();
  }

  private static boolean isTrue(Variant v) {
    return Boolean.TRUE.equals(v.getValue());
  }

  private static boolean isFalse(Variant v) {
    return Boolean.FALSE.equals(v.getValue());
  }

  /** Events of one alarm on one subscription of a real client. */
  private record ConditionEvents(OpcUaClient client, String alarm, OpcUaSubscription subscription,
      BlockingQueue<Variant[]> queue) {

    static ConditionEvents subscribe(OpcUaClient client) throws Exception {
      return subscribe(client, ALARM);
    }

    static ConditionEvents subscribe(OpcUaClient client, String alarm) throws Exception {
      var subscription = new OpcUaSubscription(client, 100.0);
      subscription.create();
      SimpleAttributeOperand[] select = {
          StationEndToEndTest.field(NodeIds.BaseEventType, "EventId"),
          StationEndToEndTest.field(NodeIds.BaseEventType, "EventType"),
          StationEndToEndTest.field(NodeIds.ConditionType, "ConditionName"),
          StationEndToEndTest.field(NodeIds.AlarmConditionType, "ActiveState", "Id"),
          StationEndToEndTest.field(NodeIds.AcknowledgeableConditionType, "AckedState", "Id"),
          StationEndToEndTest.field(NodeIds.ConditionType, "EnabledState", "Id"),
          new SimpleAttributeOperand(NodeIds.ConditionType, new QualifiedName[0], AttributeId.NodeId.uid(), null),
          StationEndToEndTest.field(NodeIds.ExclusiveLimitAlarmType, "LimitState", "CurrentState", "Id")};
      var item = OpcUaMonitoredItem.newEventItem(NodeIds.Server,
          new EventFilter(select, new ContentFilter(new ContentFilterElement[0])));
      item.setQueueSize(uint(1000));
      BlockingQueue<Variant[]> queue = new LinkedBlockingQueue<>();
      item.setEventValueListener((i, values) -> queue.add(values));
      subscription.addMonitoredItem(item);
      subscription.synchronizeMonitoredItems();
      return new ConditionEvents(client, alarm, subscription, queue);
    }

    /**
     * ConditionRefresh until the replay between RefreshStart and RefreshEnd holds a matching event
     * of the test alarm (the station may still be connecting to its PLC).
     */
    Variant[] refreshUntil(Predicate<Variant[]> wanted) throws Exception {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        StatusCode refreshed = call(client, NodeIds.ConditionType, NodeIds.ConditionType_ConditionRefresh,
            new Variant(subscription.getSubscriptionId().orElseThrow()));
        assertEquals(StatusCode.GOOD, refreshed);
        next(e -> NodeIds.RefreshStartEventType.equals(e[EVENT_TYPE].getValue()));
        Variant[] found = null;
        for (Variant[] e = poll(); !NodeIds.RefreshEndEventType.equals(e[EVENT_TYPE].getValue()); e = poll()) {
          if (alarm.equals(e[CONDITION_NAME].getValue()) && found == null && wanted.test(e)) {
            found = e;
          }
        }
        if (found != null) {
          return found;
        }
      }
      throw new AssertionError("ConditionRefresh never replayed the wanted " + alarm + " state");
    }

    /** The next live event of the test alarm that matches. */
    Variant[] next(Predicate<Variant[]> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        Variant[] e = queue.poll(1, TimeUnit.SECONDS);
        if (e != null && (alarm.equals(e[CONDITION_NAME].getValue()) || e[CONDITION_NAME].isNull()) && wanted.test(e)) {
          return e;
        }
      }
      throw new AssertionError("no matching event of " + alarm + " within " + WAIT);
    }

    private Variant[] poll() throws InterruptedException {
      Variant[] e = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("ConditionRefresh did not end within " + WAIT);
      }
      return e;
    }
  }
}
