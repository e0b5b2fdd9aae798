package io.twinua.server.sync.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.alarms.AlarmPermissions;
import io.twinua.server.alarms.AlarmRecord;
import io.twinua.server.alarms.AlarmService;
import io.twinua.server.alarms.AlarmTestServer;
import io.twinua.server.alarms.ConditionTransition.Kind;
import io.twinua.server.alarms.LimitAlarmDefinition;
import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.MessageRecord;
import io.twinua.server.archive.Ticks;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online alarm sync between two real Milo servers on loopback, each with its own alarm service:
 * station B runs the sync and takes over what the operator does on station A.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PartnerAlarmSyncTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int CONDITIONS = 10;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<AlarmRecord> archivedA = new CopyOnWriteArrayList<>();
  private final List<AlarmRecord> archivedB = new CopyOnWriteArrayList<>();
  private final List<String> raisedB = new CopyOnWriteArrayList<>();
  private final List<LimitAlarmDefinition> definitions = new ArrayList<>();
  private AlarmTestServer serverA;
  private AlarmTestServer serverB;
  private AlarmService alarmsA;
  private AlarmService alarmsB;
  private OpcUaClient operatorA;

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  /** Both stations with the same alarms; B's archive sink hands each record to {@code sinkB}. */
  private void startPair(Consumer<AlarmRecord> sinkB) throws Exception {
    serverA = AlarmTestServer.start();
    closing.add(serverA);
    serverB = AlarmTestServer.start();
    closing.add(serverB);
    for (int i = 0; i < CONDITIONS; i++) {
      definitions.add(new LimitAlarmDefinition("Level" + i, serverA.sourceId(), "Tank.Level", 95.0, 80.0, 10.0, null,
          2.0, 700, "Tank level out of range"));
    }
    AlarmPermissions everyone = AlarmPermissions.of(s -> true, s -> true);
    alarmsA = new AlarmService(serverA.server(), serverA.namespace(), "stationA", definitions, everyone,
        archivedA::add, Clock.systemUTC());
    alarmsA.startup();
    closing.add(alarmsA::shutdown);
    alarmsB = new AlarmService(serverB.server(), serverB.namespace(), "stationB", definitions, everyone, sinkB,
        Clock.systemUTC());
    alarmsB.startup();
    closing.add(alarmsB::shutdown);
    operatorA = serverA.connect("operator");
    closing.add(operatorA::disconnect);
  }

  private void startSync(int queueBound) throws Exception {
    OpcUaClient partnerLink = serverA.connect("partner link of B");
    closing.add(partnerLink::disconnect);
    var sync = new PartnerAlarmSync(() -> LinkState.UP, () -> Optional.of(partnerLink), alarmsB, "stationA",
AlarmTestServer.NAMESPACE_URI, "stationB", (message, detail) -> raisedB.add(message.number() + " " + detail), queueBound);
    closing.add(sync);
    sync.start();
  }

  @Test
  void anAcknowledgeTakenOverKeepsTheEventIdOfThePartnersSoAResyncStoresItOnce(@TempDir Path dir) throws Exception {
    startPair(archivedB::add);
    startSync(PartnerAlarmSync.QUEUE_BOUND);
    // both stations evaluate the same PLC value
    Instant plcTime = Instant.now().minusSeconds(1);
    DataValue high = new DataValue(new Variant(85.0), StatusCode.GOOD, new DateTime(plcTime));
    alarmsA.onSourceValue(serverA.sourceId(), high);
    alarmsB.onSourceValue(serverB.sourceId(), high);
    NodeId condition = alarmsA.conditionIds().get(0);
    AlarmRecord raisedOnA = only(archivedA, condition, Kind.ACTIVATED);
    assertEquals(raisedOnA.eventId(), only(archivedB, condition, Kind.ACTIVATED).eventId(),
        "one activation, evaluated on both stations, is one archived message");

    assertEquals(StatusCode.GOOD, call(condition, NodeIds.AcknowledgeableConditionType_Acknowledge,
        new Variant(raisedOnA.eventId()), new Variant(LocalizedText.english("seen on A"))));
    Await.until(WAIT, "B takes over the acknowledge", () -> alarmsB.state(condition).orElseThrow().acked());
    AlarmRecord ackOnA = only(archivedA, condition, Kind.ACKNOWLEDGED);
    AlarmRecord ackOnB = only(archivedB, condition, Kind.ACKNOWLEDGED);
    assertEquals("stationA", ackOnB.stationName());
    assertEquals(ackOnA.eventId(), ackOnB.eventId(), "one operator action has one id on both stations");

    // B archived the action as it took it over; a later gap resync brings A's row of it
    try (ArchiveDatabase archiveB = ArchiveDatabase.open(dir.resolve("b.db"), ArchiveSettings.of(5, 100))) {
      assertTrue(archiveB.messages().append(row(ackOnB)));
      archiveB.messages().flush();
      archiveB.messages().appendWaiting(row(ackOnA)); // as the gap resync inserts the partner's rows
      archiveB.messages().flush();
      assertEquals(1, archiveB.messages().count(), "the operator action is stored once");
    }
  }

  @Test
  void aConditionNobodyChangedShowsNoTransitionTimeAndChangesNothingOnThePartner() throws Exception {
    startPair(archivedB::add);
    NodeId condition = alarmsA.conditionIds().get(0);
    for (String state : List.of("EnabledState", "AckedState")) {
      DataValue time = readBelow(condition, state, "TransitionTime");
      assertTrue(time.getStatusCode().isGood(), state + ": " + time);
      assertNull(time.getValue().getValue(), state + "/TransitionTime of a condition nobody changed: " + time);
    }
    startSync(PartnerAlarmSync.QUEUE_BOUND);
    NodeId last = alarmsA.conditionIds().get(CONDITIONS - 1);
    assertEquals(StatusCode.GOOD, call(last, NodeIds.ConditionType_Disable));
    Await.until(WAIT, "B takes over the disable", () -> !alarmsB.state(last).orElseThrow().enabled());
    Instant disabledAt = alarmsA.state(last).orElseThrow().enabledTime();
    assertEquals(new DateTime(disabledAt), readBelow(last, "EnabledState", "TransitionTime").getValue().getValue(),
        "a real change shows its time");
    // the catch-up read found A's untouched conditions without times: nothing to take over
    assertEquals(List.of(Kind.DISABLED), archivedB.stream().map(r -> r.transition().kind()).toList());
  }

  @Test
  void aBurstTooLargeForTheQueueIsReportedOnceAndReconciledFromThePartnersStates() throws Exception {
    AtomicBoolean hold = new AtomicBoolean();
    CountDownLatch released = new CountDownLatch(1);
    startPair(record -> {
      archivedB.add(record);
      if (hold.get()) {
        try {
          released.await(1, TimeUnit.MINUTES); // B's worker is stuck applying while the burst arrives
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    closing.add(released::countDown);
    startSync(2);
    List<NodeId> conditions = alarmsA.conditionIds();
    NodeId first = conditions.get(CONDITIONS - 1);
    assertEquals(StatusCode.GOOD, call(first, NodeIds.ConditionType_Disable));
    Await.until(WAIT, "the sync is running", () -> !alarmsB.state(first).orElseThrow().enabled());

    hold.set(true);
    // the burst: every other condition disabled, then half of them enabled again
    for (NodeId c : conditions.subList(0, CONDITIONS - 1)) {
      assertEquals(StatusCode.GOOD, call(c, NodeIds.ConditionType_Disable));
    }
    for (NodeId c : conditions.subList(0, 4)) {
      assertEquals(StatusCode.GOOD, call(c, NodeIds.ConditionType_Enable));
    }
    Await.until(WAIT, "1012244 raised", () -> !raisedB.isEmpty());
    released.countDown();
    hold.set(false);

    Await.until(WAIT, "B's alarms equal A's", () -> conditions.stream().allMatch(c ->
        alarmsA.state(c).orElseThrow().enabled() == alarmsB.state(c).orElseThrow().enabled()));
    for (int i = 0; i < CONDITIONS; i++) {
      assertEquals(i < 4, alarmsB.state(conditions.get(i)).orElseThrow().enabled(), "condition " + i);
    }
    assertEquals(1, raisedB.size(), raisedB.toString());
    assertTrue(raisedB.get(0).startsWith(SystemMessage.ONLINE_SYNC_OVERLOAD.number() + " "), raisedB.toString());
  }

  private static AlarmRecord only(List<AlarmRecord> archived, NodeId condition, Kind kind) throws InterruptedException {
    Await.until(WAIT, kind + " of " + condition + " archived", () -> archived.stream()
        .anyMatch(r -> r.conditionId().equals(condition) && r.transition().kind() == kind));
    List<AlarmRecord> found = archived.stream()
        .filter(r -> r.conditionId().equals(condition) && r.transition().kind() == kind).toList();
    assertEquals(1, found.size(), found.toString());
    return found.get(0);
  }

  private StatusCode call(NodeId condition, NodeId method, Variant... args) throws Exception {
    return operatorA.call(List.of(new CallMethodRequest(condition, method, args))).getResults()[0].getStatusCode();
  }

  private DataValue readBelow(NodeId condition, String... path) throws Exception {
    RelativePathElement[] elements = new RelativePathElement[path.length];
    for (int i = 0; i < path.length; i++) {
      elements[i] = new RelativePathElement(NodeIds.HierarchicalReferences, false, true, new QualifiedName(0, path[i]));
    }
    var result = operatorA.translateBrowsePaths(List.of(new BrowsePath(condition, new RelativePath(elements))))
        .getResults()[0];
    assertNotNull(result.getTargets(), "no " + String.join("/", path) + " below " + condition);
    NodeId node = result.getTargets()[0].getTargetId().toNodeId(operatorA.getNamespaceTable()).orElseThrow();
    return operatorA.readValues(0.0, TimestampsToReturn.Neither, List.of(node)).get(0);
  }

  private static MessageRecord row(AlarmRecord a) {
    return new MessageRecord(a.eventId(), a.eventType().toParseableString(), a.sourceNode().toParseableString(),
        a.sourceName(), Ticks.of(a.time()), Ticks.of(a.receiveTime()), a.severity(), a.message(), null,
        a.conditionName(), a.state().active(), a.state().acked(), a.state().retain(), a.state().enabled(),
        a.state().comment(), a.stationName());
  }
}
