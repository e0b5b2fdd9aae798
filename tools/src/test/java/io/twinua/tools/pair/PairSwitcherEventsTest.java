package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairClients.MASTER;
import static io.twinua.tools.pair.PairClients.state;
import static io.twinua.tools.pair.PairClients.tag;
import static io.twinua.tools.testing.ConditionEvents.ACKED;
import static io.twinua.tools.testing.ConditionEvents.ACTIVE;
import static io.twinua.tools.testing.ConditionEvents.CONDITION_ID;
import static io.twinua.tools.testing.ConditionEvents.CONDITION_NAME;
import static io.twinua.tools.testing.ConditionEvents.EVENT_ID;
import static io.twinua.tools.testing.ConditionEvents.isFalse;
import static io.twinua.tools.testing.ConditionEvents.isTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.switcher.Event;
import io.twinua.switcher.Preference;
import io.twinua.switcher.RedundantClient;
import io.twinua.switcher.Sample;
import io.twinua.switcher.SwitchEvent;
import io.twinua.switcher.SwitcherConfig;
import io.twinua.switcher.discovery.ClientCertificate;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.launch.StationFileWriter;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.testing.ConditionEvents;
import io.twinua.tools.testing.TestProject;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, the client-switcher library on a real pair with an operator login over
 * Basic256Sha256: an engineer's {@code @RM_MAINTENANCE} moves a client off the Master before its
 * planned stop (roles unchanged), and an alarm subscription follows a kill -9 of the client's
 * server: the new server's ConditionRefresh delivers the alarm, the operator acknowledges it there
 * through the library, and the restarted partner shows it acknowledged too.
 */
class PairSwitcherEventsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Detection, switch and refresh on a busy 2-core machine. */
  private static final Duration SWITCH = Duration.ofSeconds(20);
  private static final String ALARM = "Tank2Level";
  private static final String COUNTER = "nsu=" + TestProject.PLANT_NS + ";s=Plant.Intake.Pump1.RunSeconds";
  private static final String A = StationFileWriter.applicationUri("STATION-A");
  private static final String B = StationFileWriter.applicationUri("STATION-B");

  @TempDir Path dir;

  @Test
  void maintenanceMovesTheClientBeforeAStopAndAnAlarmIsAcknowledgedOnTheNewServerAfterAKill() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepareEdited(dir, TestProject::tank2AlwaysHigh)) {
      LoopbackPair pair = prepared.pair();
      try {
        scenario(pair, prepared.hmi());
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(60), e);
      }
    }
  }

  private void scenario(LoopbackPair pair, PairHmi hmi) throws Exception {
    pair.startBoth();
    OpcUaClient engineerA = PairClients.whenUp(() -> hmi.login(pair.a(), Role.ENGINEER), WAIT);
    OpcUaClient engineerB = PairClients.whenUp(() -> hmi.login(pair.b(), Role.ENGINEER), WAIT);
    Await.until(WAIT, "A Master", () -> state(engineerA) == MASTER);

    List<SwitchEvent> switches = new CopyOnWriteArrayList<>();
    List<Sample> samples = new CopyOnWriteArrayList<>();
    List<Event> events = new CopyOnWriteArrayList<>();
    try (ServerTrust trust = ServerTrust.trustEveryServer();
        RedundantClient operator = RedundantClient.create(operatorConfig(pair, hmi, trust))) {
      operator.addSwitchListener(switches::add);
      assertEquals(A, operator.start(WAIT).get(), "prefers A, the Master");
      operator.subscribe(List.of(COUNTER), samples::add);
      operator.subscribeEvents("i=2253", ConditionEvents.filter(), events::add);
      Await.until(WAIT, "values from A", () -> samples.stream().anyMatch(s -> A.equals(s.serverUri())));
      Await.until(WAIT, "the alarm active and unacknowledged from A",
          () -> alarm(events, A, e -> isTrue(f(e)[ACTIVE]) && isFalse(f(e)[ACKED])).isPresent());

      // 1. planned stop: the engineer announces maintenance on A; the client leaves before A stops
      long announced = System.nanoTime();
      StatusCode maintenance = engineerA.writeValues(List.of(tag(engineerA, "@RM_MAINTENANCE")),
          List.of(DataValue.valueOnly(new Variant(1)))).get(0);
      assertTrue(maintenance.isGood(), maintenance.toString());
      Await.until(SWITCH, "the client moves to B", () -> operator.currentServer().equals(Optional.of(B)));
      long movedMillis = (System.nanoTime() - announced) / 1_000_000;
      SwitchEvent moved = switches.get(switches.size() - 1);
      assertEquals(A, moved.from(), moved.toString());
      assertEquals(B, moved.to(), moved.toString());
      assertTrue(moved.automatic(), moved.toString());
      assertTrue(moved.reason().contains("Maintenance"), moved.toString());
      assertEquals(MASTER, state(engineerA), "maintenance leaves A's role alone");
      assertEquals(0, ((Number) PairClients.read(engineerA, NodeIds.Server_ServiceLevel)).intValue(), "A in Maintenance");
      System.out.println("MEASURED @RM_MAINTENANCE=1 on A to the client on B: " + movedMillis + " ms");

      int switchesBeforeStop = switches.size();
      pair.a().process().stop();
      int seen = samples.size();
      Await.until(SWITCH, "values from B after A stopped",
          () -> samples.size() > seen + 3 && since(samples, seen).stream().allMatch(s -> B.equals(s.serverUri())));
      assertEquals(switchesBeforeStop, switches.size(), "no switch when the announced server stops: " + switches);
      assertEquals(Optional.of(B), operator.currentServer());

      // 2. A returns (not in Maintenance any more): the client prefers it and goes back
      pair.a().process().start();
      Await.until(WAIT, "the client back on A", () -> operator.currentServer().equals(Optional.of(A)));
      int eventsBeforeKill = events.size();

      // kill -9 of the client's server: B's ConditionRefresh brings the alarm's current state
      pair.a().process().kill();
      long killed = System.nanoTime();
      Await.until(SWITCH, "the client on B after the kill", () -> operator.currentServer().equals(Optional.of(B)));
      Predicate<Event> refreshedUnacked = e -> e.refresh() && isTrue(f(e)[ACTIVE]) && isFalse(f(e)[ACKED]);
      Await.until(SWITCH, "the alarm refreshed from B",
          () -> alarm(since(events, eventsBeforeKill), B, refreshedUnacked).isPresent());
      System.out.println("MEASURED kill -9 of A to the alarm refreshed from B: " + (System.nanoTime() - killed) / 1_000_000 + " ms");
      Variant[] onB = f(alarm(since(events, eventsBeforeKill), B, refreshedUnacked).orElseThrow());

      NodeId condition = (NodeId) onB[CONDITION_ID].getValue();
      CallMethodResult ack = operator.call(new CallMethodRequest(condition, NodeIds.AcknowledgeableConditionType_Acknowledge,
          new Variant[] {onB[EVENT_ID], new Variant(LocalizedText.english("acknowledged on B after the switch"))}))
          .get(10, TimeUnit.SECONDS);
      assertEquals(StatusCode.GOOD, ack.getStatusCode(), ack.toString());
      Await.until(SWITCH, "the acknowledge seen on B",
          () -> alarm(events, B, e -> !e.refresh() && isTrue(f(e)[ACTIVE]) && isTrue(f(e)[ACKED])).isPresent());

      // the partner learns it on its return: the client goes back to A and A's refresh shows it acknowledged
      int eventsBeforeReturn = events.size();
      int switchesBeforeReturn = switches.size();
      pair.a().process().start();
      Await.until(WAIT, "the client back on A", () -> operator.currentServer().equals(Optional.of(A)));
      Await.until(WAIT, "A's refresh shows the alarm acknowledged",
          () -> alarm(since(events, eventsBeforeReturn), A, e -> e.refresh() && isTrue(f(e)[ACTIVE]) && isTrue(f(e)[ACKED])).isPresent());
      assertFalse(switches.stream().anyMatch(s -> !s.automatic()), "every switch automatic: " + switches);
      // a starting station shows no Healthy level before it knows its role (Milo's initial 255 did,
      // so the client came back while A was still starting and left again)
      List<SwitchEvent> sinceReturn = since(switches, switchesBeforeReturn);
      assertEquals(1, sinceReturn.size(), "one switch back to the returned A, no flapping: " + sinceReturn);
      System.out.println("MEASURED switches " + switches);
    } finally {
      engineerA.disconnectAsync();
      engineerB.disconnectAsync();
    }
  }

  private static SwitcherConfig operatorConfig(LoopbackPair pair, PairHmi hmi, ServerTrust trust) {
    TestProject project = hmi.project();
    ServerAccess operator = ServerAccess.anonymousInsecure()
        .withUser(Role.OPERATOR.name().toLowerCase(), project.passwords.get(Role.OPERATOR))
        .withSecurity(new ClientCertificate(project.hmiKeys, new X509Certificate[] {project.hmiCertificate}),
            SecurityPolicy.Basic256Sha256);
    Connector.Settings d = Connector.Settings.defaults();
    return SwitcherConfig.create(b -> b.url(pair.a().endpointUrl()).url(pair.b().endpointUrl())
        .preference(Preference.server(A)).holdOff(Duration.ofSeconds(1)).defaultAccess(operator).trust(trust)
        .connection(new Connector.Settings(TestProject.HMI_URI, "TwinUA test HMI", Duration.ofSeconds(10),
            d.requestTimeout(), d.keepAliveInterval(), d.sessionTimeout())));
  }

  /** The latest event of the test alarm from {@code server} that matches. */
  private static Optional<Event> alarm(List<Event> events, String server, Predicate<Event> wanted) {
    Event found = null;
    for (Event e : events) {
      if (server.equals(e.serverUri()) && ALARM.equals(f(e)[CONDITION_NAME].getValue()) && wanted.test(e)) {
        found = e;
      }
    }
    return Optional.ofNullable(found);
  }

  /** What the listener got after its first {@code n} (a copy: listeners keep adding). */
  private static <T> List<T> since(List<T> got, int n) {
    List<T> copy = List.copyOf(got);
    return copy.subList(n, copy.size());
  }

  /** The fields of an event at the {@link ConditionEvents} indexes. */
  private static Variant[] f(Event e) {
    return e.fields().toArray(Variant[]::new);
  }
}
