package io.twinua.server.redundancy.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.twinua.server.health.ApplicationHealth;
import io.twinua.server.health.FaultInjection;
import io.twinua.server.health.Pulse;
import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.server.security.PartnerCertificate;
import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.Role;
import io.twinua.server.security.StationRoleMapper;
import io.twinua.server.security.StationRoles;
import io.twinua.server.testing.Await;
import io.twinua.server.uaclient.ClientExecutors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Two real test stations on 127.0.0.1, each a Milo client of the other through a PartnerLink. */
class PartnerLinkTest {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(PartnerLinkTest.class);
  private static final Duration CONNECT = Duration.ofSeconds(15);
  /** Required: a stopped, hung or unplugged partner is noticed within this. */
  /** The product's link timeout (a station file without linkTimeoutMs). */
  private static final Duration LINK_TIMEOUT = Duration.ofMillis(RedundancySettings.DEFAULT.linkTimeoutMs());
  private static final Duration NOTICE = Duration.ofMillis(1500);

  @TempDir Path dir;

  private ScheduledExecutorService scheduler;
  private ExecutorService callbacks;
  private ClientExecutors clients;
  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

  @BeforeEach
  void executors() {
    scheduler = Executors.newScheduledThreadPool(2);
    callbacks = Executors.newSingleThreadExecutor();
    clients = ClientExecutors.create("partner-link");
  }

  @AfterEach
  void closeAll() throws Exception {
    Exception failure = null;
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        failure = e;
      }
    }
    clients.close();
    scheduler.shutdownNow();
    callbacks.shutdownNow();
    if (failure != null) {
      throw failure;
    }
  }

  @Test
  void eachStationHearsItsPartnerAndIsLoggedInThereAsPartner() throws Exception {
    PairStation a = station("STATION-A");
    PairStation b = station("STATION-B");
    pair(a, b);
    var heardByA = new PartnerLinkRecorder();
    var heardByB = new PartnerLinkRecorder();
    PartnerLink linkA = link(a, b, heardByA);
    PartnerLink linkB = link(b, a, heardByB);

    Await.until(CONNECT, "both links UP", () -> linkA.state() == LinkState.UP && linkB.state() == LinkState.UP);
    Await.until(Duration.ofSeconds(2), "several heartbeats each way",
        () -> heardByA.heartbeats.size() >= 3 && heardByB.heartbeats.size() >= 3);
    assertTrue(heardByA.heartbeats.stream().allMatch(h -> h.station().equals("STATION-B")));
    assertTrue(heardByB.heartbeats.stream().allMatch(h -> h.station().equals("STATION-A")));
    assertStrictlyIncreasing(heardByA.heartbeats);
    assertEquals(LinkState.UP, heardByA.states.get(0).state(), "first report is UP: " + heardByA.states);
    assertEquals(linkA.lastHeartbeat().orElseThrow().station(), "STATION-B");

    // the partner maps each link's session to PARTNER (role and OPC UA role id)
    for (PairStation station : List.of(a, b)) {
      Session session = partnerSession(station);
      assertTrue(session.getRoleIds().orElseThrow().contains(StationRoleMapper.PARTNER_ROLE_ID));
      assertEquals(
          PairStation.applicationUri(station == a ? "STATION-B" : "STATION-A"),
          session.getClientDescription().getApplicationUri());
    }

    // the link's client is usable for other services (the archive sync reads history through it)
    OpcUaClient client = linkA.client().orElseThrow();
    int ns = client.getNamespaceTable().getIndex(PairStation.PLANT_NAMESPACE).intValue();
    DataValue value =
        client.readValue(0, TimestampsToReturn.Neither, new NodeId(ns, PartnerLink.HEARTBEAT_NODE));
    Heartbeat read = HeartbeatCodec.decode(((ByteString) value.getValue().getValue()).bytesOrEmpty()).orElseThrow();
    assertEquals("STATION-B", read.station());
  }

  @Test
  void theLinksMachineryShowsLifeWhileThePartnerIsAwayAndADeadWatchdogIsFound() throws Exception {
    PairStation a = station("STATION-A");
    PairStation b = station("STATION-B");
    var heardByA = new PartnerLinkRecorder();
    PartnerLink linkA = linkedUp(a, b, heardByA);
    b.stop();
    Await.until(NOTICE, "link DOWN", () -> linkA.state() == LinkState.DOWN);
    // the partner being away is a link state: the supervisor and the watchdog go on with their rounds
    Pulse supervisor = linkA.pulses().get(0);
    Pulse watchdog = linkA.pulses().get(1);
    for (Pulse p : List.of(supervisor, watchdog)) {
      Await.until(CONNECT, "a round just now", () -> p.quietFor().map(q -> q.toMillis() < 1_000).orElse(true));
      assertTrue(ApplicationHealth.alive(p, Duration.ofSeconds(5)).problem().isEmpty());
    }

    try (FaultInjection faults = new FaultInjection()) {
      faults.register("partner link watchdog", watchdog);
      faults.kill("partner link watchdog");
      Await.until(Duration.ofSeconds(20), "the dead watchdog found",
          () -> ApplicationHealth.alive(watchdog, Duration.ofSeconds(5)).problem().isPresent());
      ApplicationHealth.Problem problem = ApplicationHealth.alive(watchdog, Duration.ofSeconds(5)).problem().orElseThrow();
      assertTrue(problem.text().startsWith("stopped: no round for "), problem.text());
      assertTrue(ApplicationHealth.alive(supervisor, Duration.ofSeconds(5)).problem().isEmpty(), "the supervisor lives on");
    }
  }

  @Test
  void anotherStationsCertificateLoginIsRefused() throws Exception {
    PairStation a = station("STATION-A");
    PairStation b = station("STATION-B");
    PairStation c = station("STATION-C");
    pair(a, b);
    // C's channel certificate is trusted by B (same project CA, say), but B's partner is A
    trust(b, c);
    trust(c, b);
    var heardByC = new PartnerLinkRecorder();
    PartnerLink linkC = link(c, b, heardByC);

    Await.until(CONNECT, "C's login to be refused",
        () -> linkC.status().reason().contains("refused this station's certificate login"));
    assertEquals(LinkState.DOWN, linkC.state());
    assertTrue(heardByC.states.isEmpty(), "never UP: " + heardByC.states);
    assertTrue(heardByC.heartbeats.isEmpty());
    assertTrue(linkC.client().isEmpty());
    assertTrue(b.sessions().stream().noneMatch(s -> StationRoles.of(s).equals(Optional.of(Role.PARTNER))),
        "no PARTNER session on B");
  }

  @Test
  void stoppedPartnerIsNoticedWithinASecondAndHeardAgainAfterItsRestart() throws Exception {
    PairStation a = station("STATION-A");
    PairStation b = station("STATION-B");
    var heardByA = new PartnerLinkRecorder();
    PartnerLink linkA = linkedUp(a, b, heardByA);

    long stopped = System.nanoTime();
    b.stop();
    Await.until(NOTICE, "link DOWN after the partner stopped", () -> heardByA.firstAfter(LinkState.DOWN, stopped) != null);
    PartnerLinkRecorder.StateChange down = heardByA.firstAfter(LinkState.DOWN, stopped);
    long downMillis = TimeUnit.NANOSECONDS.toMillis(down.atNanos() - stopped);
    LOG.info("MEASURED partner stopped -> link DOWN after {} ms ({})", downMillis, down.reason());
    assertTrue(downMillis < NOTICE.toMillis(), downMillis + " ms");
    assertTrue(linkA.client().isEmpty(), "no client while the session is gone");

    long restarted = System.nanoTime();
    b.start();
    Await.until(Duration.ofSeconds(10), "link UP after the partner restarted",
        () -> heardByA.firstAfter(LinkState.UP, restarted) != null);
    long upMillis = TimeUnit.NANOSECONDS.toMillis(heardByA.firstAfter(LinkState.UP, restarted).atNanos() - restarted);
    LOG.info("MEASURED partner restarted -> link UP after {} ms", upMillis);
    Await.until(Duration.ofSeconds(2), "a PARTNER session on the restarted station",
        () -> b.sessions().stream().anyMatch(s -> StationRoles.of(s).equals(Optional.of(Role.PARTNER))));

    // closing never waits long, even when the partner has just gone away
    b.stop();
    long closing = System.nanoTime();
    linkA.close();
    long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
    LOG.info("MEASURED close with the partner gone: {} ms", closeMillis);
    assertTrue(closeMillis < 2_500, closeMillis + " ms");
    assertEquals(LinkState.DOWN, linkA.state());
  }

  @Test
  void frozenHeartbeatOfALiveServerMakesTheLinkDownUntilItMovesAgain() throws Exception {
    PairStation a = station("STATION-A");
    PairStation b = station("STATION-B");
    var heardByA = new PartnerLinkRecorder();
    PartnerLink linkA = linkedUp(a, b, heardByA);

    long frozen = System.nanoTime();
    b.freezeHeartbeat(true);
    Await.until(NOTICE, "link DOWN with a frozen heartbeat", () -> heardByA.firstAfter(LinkState.DOWN, frozen) != null);
    PartnerLinkRecorder.StateChange down = heardByA.firstAfter(LinkState.DOWN, frozen);
    long downMillis = TimeUnit.NANOSECONDS.toMillis(down.atNanos() - frozen);
    LOG.info("MEASURED heartbeat frozen -> link DOWN after {} ms ({})", downMillis, down.reason());
    assertTrue(down.reason().startsWith("no new heartbeat for"), down.reason());
    assertTrue(linkA.client().isPresent(), "the session itself is still fine");

    long resumed = System.nanoTime();
    b.freezeHeartbeat(false);
    Await.until(Duration.ofSeconds(2), "link UP when the heartbeat moves again",
        () -> heardByA.firstAfter(LinkState.UP, resumed) != null);
  }

  @Test
  void untrustedPartnerCertificateKeepsTheLinkDownAndSaysWhy() throws Exception {
    PairStation a = station("STATION-A");
    PairStation b = station("STATION-B");
    // B trusts and pins A, but A does not trust B's certificate
    a.pinPartner(PartnerCertificate.of(b.pki.certificate()));
    b.pinPartner(PartnerCertificate.of(a.pki.certificate()));
    trust(b, a);
    a.start();
    b.start();

    Logger linkLogger = (Logger) LoggerFactory.getLogger(PartnerLink.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    linkLogger.addAppender(log);
    toClose.push(() -> linkLogger.detachAppender(log));

    var heardByA = new PartnerLinkRecorder();
    PartnerLink linkA = link(a, b, heardByA);
    Await.until(CONNECT, "a log line about the untrusted certificate",
        () -> log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
            && e.getFormattedMessage().contains("is not accepted by this station")));
    ILoggingEvent line = log.list.stream()
        .filter(e -> e.getFormattedMessage().contains("is not accepted by this station"))
        .findFirst().orElseThrow();
    LOG.info("the operator reads: {}", line.getFormattedMessage());
    assertTrue(line.getFormattedMessage().contains(PartnerCertificate.of(b.pki.certificate()).sha256()));
    assertTrue(line.getFormattedMessage().contains("not in its trust list"), line.getFormattedMessage());
    assertTrue(line.getFormattedMessage().contains("twinua certs trust"));
    assertTrue(linkA.status().reason().contains("is not accepted by this station"));
    try (Stream<Path> rejected = Files.list(a.pki.layout().rejectedCertsDir())) {
      assertTrue(rejected.findAny().isPresent(), "B's certificate is in A's rejected/certs, ready to be trusted");
    }
    assertFalse(heardByA.wasEver(LinkState.UP));
    assertTrue(heardByA.heartbeats.isEmpty());
    assertEquals(LinkState.DOWN, linkA.state());
    assertTrue(linkA.client().isEmpty());
  }

  @Test
  void aServerThatIsNotTheConfiguredPartnerIsRefused() throws Exception {
    PairStation a = station("STATION-A");
    PairStation b = station("STATION-B");
    pair(a, b);
    var heard = new PartnerLinkRecorder();
    PartnerLinkConfig config =
        PartnerLinkConfig.of(b.endpointUrl, PairStation.applicationUri("STATION-X"), PairStation.PLANT_NAMESPACE,
            LINK_TIMEOUT);
    PartnerLink link = new PartnerLink(config, a.pki, heard, scheduler, callbacks, clients, Clock.systemUTC());
    toClose.push(link);
    link.start();

    Await.until(CONNECT, "the refusal", () -> link.status().reason().contains("not the configured partner"));
    assertTrue(link.status().reason().contains("'urn:twinua:station:STATION-B'"), link.status().reason());
    assertTrue(heard.states.isEmpty());
    assertTrue(b.sessions().isEmpty(), "no session opened at the wrong server");
  }

  // ---- helpers ----

  private PairStation station(String name) throws Exception {
    PairStation station = PairStation.open(dir.resolve(name).resolve("pki"), name);
    toClose.push(station);
    return station;
  }

  /** Mutual trust, each pins the other as partner, both serve. */
  private void pair(PairStation a, PairStation b) throws Exception {
    trust(a, b);
    trust(b, a);
    a.pinPartner(PartnerCertificate.of(b.pki.certificate())).start();
    b.pinPartner(PartnerCertificate.of(a.pki.certificate())).start();
  }

  /** What 'twinua certs trust' does, then waits for the running trust-list watcher. */
  private static void trust(PairStation truster, PairStation trusted) throws Exception {
    PkiAdmin.trust(truster.pki.layout().root(), trusted.pki.certificate());
    Await.until(Duration.ofSeconds(10), truster.name + " to trust " + trusted.name,
        () -> truster.pki.trustListManager().getTrustedCertificates().contains(trusted.pki.certificate()));
  }

  /** Pairs {@code a} and {@code b} and waits for {@code a}'s link to {@code b} UP. */
  private PartnerLink linkedUp(PairStation a, PairStation b, PartnerLinkRecorder heardByA) throws Exception {
    pair(a, b);
    PartnerLink link = link(a, b, heardByA);
    Await.until(CONNECT, "link UP", () -> link.state() == LinkState.UP);
    return link;
  }

  private PartnerLink link(PairStation from, PairStation to, PartnerLinkRecorder listener) {
    PartnerLinkConfig config =
        PartnerLinkConfig.of(to.endpointUrl, PairStation.applicationUri(to.name), PairStation.PLANT_NAMESPACE,
            LINK_TIMEOUT);
    PartnerLink link = new PartnerLink(config, from.pki, listener, scheduler, callbacks, clients, Clock.systemUTC());
    toClose.push(link);
    link.start();
    return link;
  }

  private static Session partnerSession(PairStation station) {
    List<Session> partners =
        station.sessions().stream()
            .filter(s -> StationRoles.of(s).equals(Optional.of(Role.PARTNER)))
            .toList();
    assertEquals(1, partners.size(), "one PARTNER session on " + station.name + ": " + station.sessions());
    Session session = partners.get(0);
    assertNotNull(session.getClientDescription());
    return session;
  }

  private static void assertStrictlyIncreasing(List<Heartbeat> heartbeats) {
    for (int i = 1; i < heartbeats.size(); i++) {
      assertTrue(heartbeats.get(i).sequence() > heartbeats.get(i - 1).sequence(),
          "heartbeats in order: " + heartbeats);
    }
  }
}
