package io.twinua.server.alarms;

import static io.twinua.server.alarms.AlarmTestServer.field;
import static io.twinua.server.alarms.AlarmTestServer.subscribeEvents;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.alarms.AlarmTestServer.EventQueue;
import io.twinua.server.alarms.ConditionTransition.Kind;
import io.twinua.server.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End to end: real Milo server and clients on 127.0.0.1. */
class AlarmServiceTest {

  // indexes into the selected event fields
  private static final int EVENT_ID = 0;
  private static final int EVENT_TYPE = 1;
  private static final int SOURCE_NAME = 2;
  private static final int MESSAGE = 3;
  private static final int SEVERITY = 4;
  private static final int ACTIVE = 5;
  private static final int ACKED = 6;
  private static final int RETAIN = 7;
  private static final int CONDITION_ID = 8;
  private static final int ENABLED = 9;
  private static final int LIMIT = 10;
  private static final int SOURCE_NODE = 11;
  private static final int CONDITION_NAME = 12;
  private static final int BRANCH_ID = 13;
  private static final int COMMENT = 14;

  private static final List<SimpleAttributeOperand> SELECT =
      List.of(
          field(NodeIds.BaseEventType, "EventId"),
          field(NodeIds.BaseEventType, "EventType"),
          field(NodeIds.BaseEventType, "SourceName"),
          field(NodeIds.BaseEventType, "Message"),
          field(NodeIds.BaseEventType, "Severity"),
          field(NodeIds.AlarmConditionType, "ActiveState", "Id"),
          field(NodeIds.AcknowledgeableConditionType, "AckedState", "Id"),
          field(NodeIds.ConditionType, "Retain"),
          // Part 4 §7.22.4: ConditionId is the NodeId attribute of ConditionType, empty path
          new SimpleAttributeOperand(
              NodeIds.ConditionType, new QualifiedName[0], AttributeId.NodeId.uid(), null),
          field(NodeIds.ConditionType, "EnabledState", "Id"),
          field(NodeIds.ExclusiveLimitAlarmType, "LimitState", "CurrentState", "Id"),
          field(NodeIds.BaseEventType, "SourceNode"),
          field(NodeIds.ConditionType, "ConditionName"),
          field(NodeIds.ConditionType, "BranchId"),
          field(NodeIds.ConditionType, "Comment"));

  private static final String OPERATOR = "operator";

  private final List<AlarmRecord> archived = new CopyOnWriteArrayList<>();
  private final List<OpcUaClient> clients = new ArrayList<>();
  private AlarmTestServer station;
  private AlarmService alarms;
  private LimitAlarmDefinition definition;
  private NodeId conditionId;
  private OpcUaClient operator;
  private Instant partnerActiveTime;

  @BeforeEach
  void start() throws Exception {
    station = AlarmTestServer.start();
    definition =
        new LimitAlarmDefinition(
            "Level",
            station.sourceId(),
            "Tank.Level",
            95.0,
            80.0,
            10.0,
            null,
            2.0,
            700,
            "Tank level out of range");
    conditionId = AlarmService.conditionId(station.namespace().getNamespaceIndex(), definition);
    alarms = newService();
    alarms.startup();
    station.onSourceWrite(v -> alarms.onSourceValue(station.sourceId(), v));
    operator = connect(OPERATOR);
  }

  private AlarmService newService() {
    // only sessions named "operator" may act: stands in for the security package's role check
    return new AlarmService(
        station.server(),
        station.namespace(),
        "stationA",
        List.of(definition),
        AlarmPermissions.of(
            s -> OPERATOR.equals(s.getSessionName()), s -> OPERATOR.equals(s.getSessionName())),
        archived::add,
        Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    for (OpcUaClient c : clients) {
      c.disconnect();
    }
    alarms.shutdown();
    station.close();
  }

  @Test
  void highAlarmIsRaisedAcknowledgedAndReleased() throws Exception {
    EventQueue events = subscribe(operator);

    write(85.0);
    Variant[] raised = events.next();
    assertEquals(NodeIds.ExclusiveLimitAlarmType, raised[EVENT_TYPE].getValue());
    assertEquals(conditionId, raised[CONDITION_ID].getValue());
    assertEquals(station.sourceId(), raised[SOURCE_NODE].getValue());
    assertEquals("Tank.Level", raised[SOURCE_NAME].getValue());
    assertEquals("Level", raised[CONDITION_NAME].getValue());
    assertEquals(LocalizedText.english("Tank level out of range"), raised[MESSAGE].getValue());
    assertEquals(ushort(700), raised[SEVERITY].getValue());
    assertEquals(true, raised[ENABLED].getValue());
    assertEquals(true, raised[ACTIVE].getValue());
    assertEquals(false, raised[ACKED].getValue());
    assertEquals(true, raised[RETAIN].getValue());
    assertEquals(NodeIds.ExclusiveLimitStateMachineType_High, raised[LIMIT].getValue());
    assertEquals(NodeId.NULL_VALUE, raised[BRANCH_ID].getValue());

    Await.until(Duration.ofSeconds(10), "archived activation", () -> archived.size() == 1);
    AlarmRecord first = archived.get(0);
    assertEquals(raised[EVENT_ID].getValue(), first.eventId());
    assertEquals(Kind.ACTIVATED, first.transition().kind());
    assertEquals("stationA", first.stationName());
    assertEquals(conditionId, first.conditionId());

    assertEquals(StatusCode.GOOD, acknowledge(operator, raised, "seen by operator"));
    Variant[] acked = events.next();
    assertNotEquals(raised[EVENT_ID].getValue(), acked[EVENT_ID].getValue(), "new EventId");
    assertEquals(true, acked[ACTIVE].getValue());
    assertEquals(true, acked[ACKED].getValue());
    assertEquals(true, acked[RETAIN].getValue(), "still active");
    assertEquals(LocalizedText.english("seen by operator"), acked[COMMENT].getValue());

    write(50.0);
    Variant[] normal = events.next();
    assertEquals(false, normal[ACTIVE].getValue());
    assertEquals(true, normal[ACKED].getValue());
    assertEquals(false, normal[RETAIN].getValue(), "inactive and acknowledged: not retained");
    assertEquals(NodeId.NULL_VALUE, normal[LIMIT].getValue());

    Await.until(Duration.ofSeconds(10), "three archived transitions", () -> archived.size() == 3);
    assertEquals(
        List.of(Kind.ACTIVATED, Kind.ACKNOWLEDGED, Kind.RETURNED_TO_NORMAL),
        archived.stream().map(r -> r.transition().kind()).toList());
    assertEquals(normal[EVENT_ID].getValue(), archived.get(2).eventId());
  }

  @Test
  void acknowledgeChecksPermissionEventIdAndState() throws Exception {
    OpcUaClient viewer = connect("viewer");
    EventQueue events = subscribe(operator);
    write(85.0);
    Variant[] raised = events.next();

    assertEquals(
        StatusCodes.Bad_UserAccessDenied, acknowledge(viewer, raised, "not mine").getValue());
    assertEquals(
        StatusCodes.Bad_UserAccessDenied,
        call(viewer, conditionId, NodeIds.ConditionType_Disable).getValue());

    ByteString stale = ByteString.of(new byte[] {1, 2, 3});
    assertEquals(
        StatusCodes.Bad_EventIdUnknown,
        call(
                operator,
                conditionId,
                NodeIds.AcknowledgeableConditionType_Acknowledge,
                new Variant(stale),
                new Variant(LocalizedText.english("x")))
            .getValue());

    assertEquals(StatusCode.GOOD, acknowledge(operator, raised, "ok"));
    Variant[] acked = events.next();
    assertEquals(true, acked[ACKED].getValue());
    assertEquals(
        StatusCodes.Bad_ConditionBranchAlreadyAcked,
        acknowledge(operator, acked, "again").getValue());

    assertEquals(true, alarms.state(conditionId).orElseThrow().acked());
    Await.until(Duration.ofSeconds(10), "archived", () -> archived.size() == 2);
    assertEquals(
        List.of(Kind.ACTIVATED, Kind.ACKNOWLEDGED),
        archived.stream().map(r -> r.transition().kind()).toList(),
        "refused calls change and archive nothing");
  }

  @Test
  void conditionRefreshReplaysRetainedConditionsToThatSubscriptionOnly() throws Exception {
    OpcUaSubscription subA = new OpcUaSubscription(operator, 50.0);
    subA.create();
    EventQueue a = subscribeEvents(subA, SELECT, new ContentFilter(null));
    EventQueue b = subscribe(operator);

    write(85.0);
    Variant[] live = a.next();
    b.next();

    UInteger subscriptionId = subA.getSubscriptionId().orElseThrow();
    assertEquals(
        StatusCode.GOOD,
        call(
            operator,
            NodeIds.ConditionType,
            NodeIds.ConditionType_ConditionRefresh,
            new Variant(subscriptionId)));
    assertEquals(NodeIds.RefreshStartEventType, a.next()[EVENT_TYPE].getValue());
    Variant[] replay = a.next();
    assertEquals(conditionId, replay[CONDITION_ID].getValue());
    assertEquals(live[EVENT_ID].getValue(), replay[EVENT_ID].getValue(), "current event replayed");
    assertEquals(true, replay[ACTIVE].getValue());
    assertEquals(false, replay[ACKED].getValue());
    assertEquals(true, replay[RETAIN].getValue());
    assertEquals(NodeIds.RefreshEndEventType, a.next()[EVENT_TYPE].getValue());

    // B's next event is the next live one: the refresh went to subscription A only
    write(97.0);
    Variant[] escalated = b.next();
    assertEquals(NodeIds.ExclusiveLimitStateMachineType_HighHigh, escalated[LIMIT].getValue());
    assertEquals(escalated[EVENT_ID].getValue(), a.next()[EVENT_ID].getValue());

    // ConditionRefresh2: one monitored item
    UInteger itemId = a.item().getMonitoredItemId().orElseThrow();
    assertEquals(
        StatusCode.GOOD,
        call(
            operator,
            NodeIds.ConditionType,
            NodeIds.ConditionType_ConditionRefresh2,
            new Variant(subscriptionId),
            new Variant(itemId)));
    assertEquals(NodeIds.RefreshStartEventType, a.next()[EVENT_TYPE].getValue());
    assertEquals(escalated[EVENT_ID].getValue(), a.next()[EVENT_ID].getValue());
    assertEquals(NodeIds.RefreshEndEventType, a.next()[EVENT_TYPE].getValue());

    // released and acknowledged: nothing to replay any more
    write(50.0);
    Variant[] normal = a.next();
    assertEquals(StatusCode.GOOD, acknowledge(operator, normal, null));
    assertEquals(false, a.next()[RETAIN].getValue());
    call(
        operator,
        NodeIds.ConditionType,
        NodeIds.ConditionType_ConditionRefresh,
        new Variant(subscriptionId));
    assertEquals(NodeIds.RefreshStartEventType, a.next()[EVENT_TYPE].getValue());
    assertEquals(NodeIds.RefreshEndEventType, a.next()[EVENT_TYPE].getValue());

    // another session cannot refresh this subscription
    assertEquals(
        StatusCodes.Bad_SubscriptionIdInvalid,
        call(
                connect("viewer"),
                NodeIds.ConditionType,
                NodeIds.ConditionType_ConditionRefresh,
                new Variant(subscriptionId))
            .getValue());
  }

  @Test
  void disableSilencesTheConditionAndEnableReevaluates() throws Exception {
    EventQueue events = subscribe(operator);
    write(85.0);
    events.next();

    assertEquals(StatusCode.GOOD, call(operator, conditionId, NodeIds.ConditionType_Disable));
    Variant[] disabled = events.next();
    assertEquals(false, disabled[ENABLED].getValue());
    assertEquals(false, disabled[RETAIN].getValue());
    assertEquals(
        StatusCodes.Bad_ConditionDisabled, acknowledge(operator, disabled, "x").getValue());

    write(99.0); // ignored while disabled: the next event is the Enable one
    assertEquals(StatusCode.GOOD, call(operator, conditionId, NodeIds.ConditionType_Enable));
    Variant[] enabled = events.next();
    assertEquals(true, enabled[ENABLED].getValue());
    assertEquals(true, enabled[ACTIVE].getValue());
    assertEquals(false, enabled[ACKED].getValue());
    assertEquals(NodeIds.ExclusiveLimitStateMachineType_HighHigh, enabled[LIMIT].getValue());

    assertEquals(
        StatusCode.GOOD,
        call(
            operator,
            conditionId,
            NodeIds.ConditionType_AddComment,
            new Variant(enabled[EVENT_ID].getValue()),
            new Variant(LocalizedText.english("valve stuck"))));
    Variant[] commented = events.next();
    assertEquals(LocalizedText.english("valve stuck"), commented[COMMENT].getValue());
    assertEquals(false, commented[ACKED].getValue());
  }

  @Test
  void partnerChangeIsTakenOverWhenNewerAndAnEqualStateChangesNothing() throws Exception {
    EventQueue events = subscribe(operator);
    write(85.0);
    events.next();
    ConditionState raised = alarms.state(conditionId).orElseThrow();
    partnerActiveTime = raised.activeTime(); // the partner saw the same PLC value

    // acknowledged on the partner before this activation: it does not acknowledge this one
    Instant before = raised.activeTime().minusSeconds(1);
    assertEquals(List.of(), alarms.applyPartnerState(partner(true, raised.enabledTime(), true, before)));
    // a state the partner restored from its archive (all times the row's): no acknowledgement
    Instant restoredAt = raised.activeTime().plusMillis(5);
    assertEquals(List.of(), alarms.applyPartnerState(new PartnerConditionState(conditionId, true, restoredAt, true,
        restoredAt, restoredAt, null, null, "stationB")));
    assertEquals(false, alarms.state(conditionId).orElseThrow().acked());

    Instant ackedThere = raised.activeTime().plusMillis(5);
    PartnerConditionState acked = partner(true, raised.enabledTime(), true, ackedThere);
    assertEquals(List.of(Kind.ACKNOWLEDGED), alarms.applyPartnerState(acked));
    Variant[] event = events.next();
    assertEquals(true, event[ACKED].getValue(), "clients of this station see it acknowledged");
    assertEquals(LocalizedText.english("seen on B"), event[COMMENT].getValue());
    ConditionState now = alarms.state(conditionId).orElseThrow();
    assertEquals(ackedThere, now.ackedTime(), "the partner's time, so both stations compare the same");
    assertEquals("operatorB", now.clientUserId());
    Await.until(Duration.ofSeconds(10), "acknowledgement archived", () -> archived.size() == 2);
    assertEquals("stationB", archived.get(1).stationName(), "archived as made on the partner");

    // our own event of that change, seen back from the partner, is no change (no echo)
    assertEquals(List.of(), alarms.applyPartnerState(acked));

    // an older disable loses against our newer enabled state; a newer one wins
    Instant oldDisable = raised.enabledTime().minusSeconds(60);
    assertEquals(List.of(), alarms.applyPartnerState(partner(false, oldDisable, true, oldDisable)));
    Instant disabledThere = Instant.now();
    PartnerConditionState disabled = partner(false, disabledThere, true, disabledThere);
    assertEquals(List.of(Kind.DISABLED), alarms.applyPartnerState(disabled));
    assertEquals(false, events.next()[ENABLED].getValue());
    assertEquals(List.of(), alarms.applyPartnerState(disabled));
    Await.until(Duration.ofSeconds(10), "disable archived", () -> archived.size() == 3);
    assertEquals(List.of(Kind.ACTIVATED, Kind.ACKNOWLEDGED, Kind.DISABLED),
        archived.stream().map(r -> r.transition().kind()).toList());
  }

  private PartnerConditionState partner(boolean enabled, Instant enabledTime, boolean acked, Instant ackedTime) {
    return new PartnerConditionState(conditionId, enabled, enabledTime, acked, ackedTime, partnerActiveTime,
        "seen on B", "operatorB", "stationB");
  }

  @Test
  void restoredConditionIsReplayedAndCanBeAcknowledgedAfterRestart() throws Exception {
    alarms.shutdown();
    Instant then = Instant.parse("2025-01-01T10:00:00Z");
    alarms = newService();
    alarms.restore(
        List.of(
            new ConditionSnapshot(
                station.sourceId(),
                "Level",
                new ConditionState(
                    true, true, Limit.HIGH, false, 700, null, null, then, then, then, then))));
    alarms.startup();

    OpcUaSubscription sub = new OpcUaSubscription(operator, 50.0);
    sub.create();
    EventQueue events = subscribeEvents(sub, SELECT, new ContentFilter(null));
    call(
        operator,
        NodeIds.ConditionType,
        NodeIds.ConditionType_ConditionRefresh,
        new Variant(sub.getSubscriptionId().orElseThrow()));
    assertEquals(NodeIds.RefreshStartEventType, events.next()[EVENT_TYPE].getValue());
    Variant[] restored = events.next();
    assertEquals(conditionId, restored[CONDITION_ID].getValue());
    assertEquals(true, restored[ACTIVE].getValue());
    assertEquals(false, restored[ACKED].getValue());
    assertEquals(NodeIds.RefreshEndEventType, events.next()[EVENT_TYPE].getValue());

    assertEquals(StatusCode.GOOD, acknowledge(operator, restored, "after restart"));
    assertEquals(true, events.next()[ACKED].getValue());
  }

  @Test
  void aHungSinkDoesNotHoldTheAlarmLockAndRecordsKeepTheirOrder() throws Exception {
    alarms.shutdown();
    CountDownLatch sinkEntered = new CountDownLatch(1);
    CountDownLatch releaseSink = new CountDownLatch(1);
    List<Kind> sunk = new CopyOnWriteArrayList<>();
    alarms =
        new AlarmService(
            station.server(),
            station.namespace(),
            "stationA",
            List.of(definition),
            AlarmPermissions.denyAll(),
            record -> {
              sunk.add(record.transition().kind());
              if (sunk.size() == 1) { // the archive hangs on the first record
                sinkEntered.countDown();
                awaitQuietly(releaseSink);
              }
            },
            Clock.systemUTC());
    alarms.startup();
    ExecutorService threads = Executors.newCachedThreadPool();
    try {
      Future<?> raise = threads.submit(() -> alarms.onSourceValue(station.sourceId(), value(85.0)));
      assertTrue(sinkEntered.await(10, TimeUnit.SECONDS), "sink called");

      // the alarm lock is free while the sink hangs: states are read and transitions go on
      Future<?> more =
          threads.submit(
              () -> {
                assertTrue(alarms.state(conditionId).orElseThrow().active());
                alarms.onSourceValue(station.sourceId(), value(97.0));
                alarms.onSourceValue(station.sourceId(), value(50.0));
              });
      more.get(5, TimeUnit.SECONDS);
      assertEquals(false, alarms.state(conditionId).orElseThrow().active());
      assertEquals(List.of(Kind.ACTIVATED), sunk, "later records wait for the hung one");

      releaseSink.countDown();
      raise.get(5, TimeUnit.SECONDS);
      Await.until(Duration.ofSeconds(10), "all records sunk", () -> sunk.size() == 3);
      assertEquals(List.of(Kind.ACTIVATED, Kind.LIMIT_CHANGED, Kind.RETURNED_TO_NORMAL), sunk);
    } finally {
      releaseSink.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void conditionHangsOffItsSourceWithHasCondition() throws Exception {
    BrowseResult result =
        operator.browse(
            new BrowseDescription(
                station.sourceId(),
                BrowseDirection.Forward,
                NodeIds.HasCondition,
                false,
                uint(NodeClass.Object.getValue()),
                uint(BrowseResultMask.All.getValue())));
    List<NodeId> targets = new ArrayList<>();
    for (ReferenceDescription r : result.getReferences()) {
      targets.add(r.getNodeId().toNodeId(operator.getNamespaceTable()).orElseThrow());
    }
    assertEquals(List.of(conditionId), targets);
    assertEquals(
        NodeIds.ExclusiveLimitAlarmType,
        result
            .getReferences()[0]
            .getTypeDefinition()
            .toNodeId(operator.getNamespaceTable())
            .orElseThrow());
    DataValue displayName =
        operator.read(
                0,
                TimestampsToReturn.Neither,
                List.of(
                    new ReadValueId(
                        conditionId,
                        AttributeId.DisplayName.uid(),
                        null,
                        QualifiedName.NULL_VALUE)))
            .getResults()[0];
    assertEquals(LocalizedText.english("Level"), displayName.getValue().getValue());
  }

  @Test
  void shutdownRemovesEveryConditionNodeAndReference() {
    int withConditions = station.namespace().getNodeManager().getNodes().size();
    alarms.shutdown();
    assertEquals(2, station.namespace().getNodeManager().getNodes().size(), "Tank and Tank.Level");
    assertTrue(withConditions > 2);
    assertTrue(
        station.namespace().getNodeManager().getReferences(station.sourceId()).stream()
            .noneMatch(r -> NodeIds.HasCondition.equals(r.getReferenceTypeId())));
  }

  @Test
  void startupNamesAMissingSourceAndLeavesNothingBehind() {
    alarms.shutdown();
    var missing =
        new LimitAlarmDefinition(
            "High",
            new NodeId(station.namespace().getNamespaceIndex(), "Tank.Missing"),
            "Tank.Missing",
            null,
            80.0,
            null,
            null,
            0,
            500,
            null);
    alarms =
        new AlarmService(
            station.server(),
            station.namespace(),
            "stationA",
            List.of(definition, missing),
            AlarmPermissions.denyAll(),
            archived::add,
            Clock.systemUTC());
    IllegalStateException e = assertThrows(IllegalStateException.class, alarms::startup);
    assertEquals(
        "limit alarm 'High' on Tank.Missing: source node "
            + missing.source()
            + " not found in "
            + AlarmTestServer.NAMESPACE_URI,
        e.getMessage());
    assertEquals(2, station.namespace().getNodeManager().getNodes().size());
  }

  // --- helpers ---

  private static DataValue value(double v) {
    return new DataValue(new Variant(v), StatusCode.GOOD, DateTime.now());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private OpcUaClient connect(String sessionName) throws Exception {
    OpcUaClient client = station.connect(sessionName);
    clients.add(client);
    return client;
  }

  private EventQueue subscribe(OpcUaClient client) throws Exception {
    OpcUaSubscription subscription = new OpcUaSubscription(client, 50.0);
    subscription.create();
    return subscribeEvents(subscription, SELECT, new ContentFilter(null));
  }

  private void write(double value) throws Exception {
    List<StatusCode> results =
        operator.writeValues(
            List.of(station.sourceId()), List.of(DataValue.valueOnly(new Variant(value))));
    assertEquals(StatusCode.GOOD, results.get(0), "write " + value);
  }

  private StatusCode acknowledge(OpcUaClient client, Variant[] event, String comment)
      throws Exception {
    return call(
        client,
        conditionId,
        NodeIds.AcknowledgeableConditionType_Acknowledge,
        new Variant(event[EVENT_ID].getValue()),
        new Variant(LocalizedText.english(comment)));
  }

  private static StatusCode call(OpcUaClient client, NodeId object, NodeId method, Variant... args)
      throws Exception {
    return client
        .call(List.of(new CallMethodRequest(object, method, args)))
        .getResults()[0]
        .getStatusCode();
  }
}
