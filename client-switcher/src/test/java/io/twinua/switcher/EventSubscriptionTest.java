package io.twinua.switcher;

import static io.twinua.switcher.Recorder.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An event subscription made once survives a switch, and the new server's alarm states arrive by ConditionRefresh. */
class EventSubscriptionTest {

  private static final Duration BOUND = SwitcherHarness.BOUND;

  private SwitcherHarness pair;
  private TestServers servers;
  private Recorder recorder;
  private final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    pair = new SwitcherHarness();
    servers = pair.servers;
    recorder = pair.recorder;
  }

  @AfterEach
  void stop() throws Exception {
    pair.close();
  }

  @Test
  void alarmStatesOfTheNewServerArriveAfterASwitchAndNewEventsFollow() throws Exception {
    // both servers see the same process: the pump alarm is active on each
    servers.a().raiseAlarm("Pump1", "Pump1 overload", true);
    servers.b().raiseAlarm("Pump1", "Pump1 overload", true);
    pair.connectToA(Duration.ofSeconds(30)).subscribeEvents("i=2253", filter(), events::add);

    await(() -> has(TestServers.A, "Pump1", true), BOUND, () -> "refreshed alarm from A; events " + describe());
    servers.a().raiseAlarm("Valve2", "Valve2 stuck", true);
    await(() -> has(TestServers.A, "Valve2", false), BOUND, () -> "new alarm from A; events " + describe());

    servers.b().raiseAlarm("Valve2", "Valve2 stuck", true);
    servers.a().stop();
    recorder.awaitSwitchTo(TestServers.B, 1, BOUND);
    await(() -> has(TestServers.B, "Pump1", true) && has(TestServers.B, "Valve2", true), BOUND,
        () -> "both active alarms refreshed from B; events " + describe());
    assertEquals(1, servers.b().refreshCount(), "ConditionRefresh called once on B");

    servers.b().raiseAlarm("Valve2", "Valve2 back to normal", false);
    await(() -> events.stream().anyMatch(e -> e.serverUri().equals(TestServers.B) && !e.refresh()
        && text(e, 1).equals("Valve2 back to normal")), BOUND, () -> "new event from B; events " + describe());

    // the markers are filtered, and every event carries exactly the application's select clauses
    assertTrue(events.stream().allMatch(e -> e.fields().size() == 2), describe());
    assertFalse(events.stream().anyMatch(e -> text(e, 0).equals("Server")), "no RefreshStart/RefreshEnd delivered: " + describe());
  }

  @Test
  void acknowledgeAfterASwitchGoesToTheNewServerAndItsAnswerArrivesAsAnEvent() throws Exception {
    servers.a().raiseAlarm("Pump1", "Pump1 overload", true);
    servers.b().raiseAlarm("Pump1", "Pump1 overload", true);
    RedundantClient client = pair.connectToA(Duration.ofSeconds(30));
    client.subscribeEvents("i=2253", filter(), events::add);
    servers.a().stop();
    recorder.awaitSwitchTo(TestServers.B, 1, BOUND);
    await(() -> has(TestServers.B, "Pump1", true), BOUND, () -> "refreshed alarm from B; events " + describe());

    int ns = client.currentClient().orElseThrow().getNamespaceTable().getIndex(RedundantTestServer.NAMESPACE).intValue();
    NodeId ack = new NodeId(ns, RedundantTestServer.ACKNOWLEDGE);
    CallMethodResult result = client.call(new CallMethodRequest(new NodeId(ns, "Plant"), ack,
        new Variant[] {new Variant("Pump1")})).get(10, TimeUnit.SECONDS);

    assertTrue(result.getStatusCode().isGood(), result.getStatusCode().toString());
    assertEquals(List.of("Pump1"), servers.b().acknowledged);
    assertEquals(List.of(), servers.a().acknowledged);
    await(() -> events.stream().anyMatch(e -> e.serverUri().equals(TestServers.B) && !e.refresh()
        && text(e, 1).equals("Pump1 acknowledged")), BOUND, () -> "the acknowledge event from B; events " + describe());
  }

  @Test
  void switchesBackAndForthLeaveOneEventSubscriptionOnTheCurrentServerAndRefreshEachTime() throws Exception {
    RedundantClient client = pair.connectToA(Duration.ofSeconds(30));
    client.subscribeEvents("i=2253", filter(), events::add);
    await(() -> servers.a().refreshCount() == 1, BOUND, "the first refresh on A");

    for (int i = 1; i <= 5; i++) {
      int n = i;
      client.switchTo(TestServers.B).get(5, TimeUnit.SECONDS);
      await(() -> servers.b().refreshCount() == n, BOUND, () -> "refresh #" + n + " on B");
      client.switchTo(TestServers.A).get(5, TimeUnit.SECONDS);
      await(() -> servers.a().refreshCount() == n + 1, BOUND, () -> "refresh #" + (n + 1) + " on A");
    }

    await(() -> servers.a().subscriptionCount() == 1 && servers.b().subscriptionCount() == 0, BOUND,
        () -> "one event subscription, on A (A " + servers.a().subscriptionCount() + ", B " + servers.b().subscriptionCount() + ")");
  }

  private static EventFilter filter() {
    return new EventFilter(new SimpleAttributeOperand[] {
        new SimpleAttributeOperand(NodeIds.BaseEventType, new QualifiedName[] {new QualifiedName(0, "SourceName")}, AttributeId.Value.uid(), null),
        new SimpleAttributeOperand(NodeIds.BaseEventType, new QualifiedName[] {new QualifiedName(0, "Message")}, AttributeId.Value.uid(), null)},
        null);
  }

  private boolean has(String server, String source, boolean refresh) {
    return events.stream().anyMatch(e -> e.serverUri().equals(server) && e.refresh() == refresh && text(e, 0).equals(source));
  }

  private static String text(Event e, int field) {
    Object v = e.fields().get(field).getValue();
    return v instanceof LocalizedText t ? t.text() : String.valueOf(v);
  }

  private String describe() {
    return events.stream().map(e -> e.serverUri() + (e.refresh() ? " refresh " : " ") + text(e, 0) + ": " + text(e, 1)).toList().toString();
  }
}
