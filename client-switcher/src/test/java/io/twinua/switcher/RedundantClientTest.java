package io.twinua.switcher;

import static io.twinua.switcher.Recorder.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.switcher.discovery.ServerTrust;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The switching client against two real Milo servers on loopback. */
class RedundantClientTest {

  static final Duration HOLD_OFF = Duration.ofMillis(1500);
  /** Detection plus switch, generous for a loaded 2-core machine; the defaults aim at ~1 s. */
  static final Duration SWITCH_BOUND = Duration.ofSeconds(4);

  private TestServers servers;
  private final ServerTrust trust = ServerTrust.trustEveryServer();
  private final Recorder recorder = new Recorder();
  private RedundantClient client;

  @BeforeEach
  void start() throws Exception {
    servers = TestServers.startPair();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    servers.close();
    trust.close();
  }

  private RedundantClient connect(Preference preference) throws Exception {
    client = RedundantClient.create(servers.config(preference, FailoverMode.COLD, trust, HOLD_OFF));
    client.addSwitchListener(recorder);
    client.start(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    return client;
  }

  @Test
  void connectsToTheNamedServer() throws Exception {
    connect(Preference.server(TestServers.B));

    SwitchEvent first = recorder.awaitSwitchTo(TestServers.B, 0, SWITCH_BOUND);
    assertNull(first.from());
    assertEquals(TestServers.B, client.currentServer().orElseThrow());
  }

  @Test
  void standbyPreferenceTakesTheLowerRankedHealthyServer() throws Exception {
    servers.a().setServiceLevel(255);
    servers.b().setServiceLevel(230);
    connect(Preference.standby());

    recorder.awaitSwitchTo(TestServers.B, 0, SWITCH_BOUND);
  }

  @Test
  void stoppedServerIsLeftWithinBoundAndRejoinedOnlyAfterHoldOff() throws Exception {
    connect(Preference.server(TestServers.A));
    recorder.awaitSwitchTo(TestServers.A, 0, SWITCH_BOUND);

    Instant killed = Instant.now();
    servers.a().stop();
    SwitchEvent away = recorder.awaitSwitchTo(TestServers.B, 1, SWITCH_BOUND);
    assertTrue(away.automatic());
    assertTrue(Duration.between(killed, away.at()).compareTo(SWITCH_BOUND) < 0);

    servers.a().start();
    Instant back = Instant.now();
    SwitchEvent home = recorder.awaitSwitchTo(TestServers.A, 2, HOLD_OFF.plus(SWITCH_BOUND));
    assertTrue(Duration.between(back, home.at()).compareTo(HOLD_OFF) >= 0,
        "returned " + Duration.between(back, home.at()).toMillis() + " ms after A came back, before the hold-off");
    assertEquals(TestServers.A, client.currentServer().orElseThrow());
  }

  @Test
  void serviceLevelBelowHealthyMovesTheClient() throws Exception {
    connect(Preference.none());
    recorder.awaitSwitchTo(TestServers.A, 0, SWITCH_BOUND);

    servers.a().setServiceLevel(150);
    SwitchEvent away = recorder.awaitSwitchTo(TestServers.B, 1, SWITCH_BOUND);
    assertTrue(away.reason().contains("ServiceLevel 150"), away.reason());

    // preference None: A Healthy again does not pull the client back
    servers.a().setServiceLevel(255);
    Instant until = Instant.now().plus(HOLD_OFF.multipliedBy(2));
    await(() -> Instant.now().isAfter(until) || recorder.switches.size() > 2, HOLD_OFF.multipliedBy(3), "quiet period");
    assertEquals(2, recorder.switches.size(), recorder.switches.toString());
  }

  @Test
  void manualSwitchHoldsUntilThePreferenceIsResumed() throws Exception {
    connect(Preference.server(TestServers.A));
    recorder.awaitSwitchTo(TestServers.A, 0, SWITCH_BOUND);

    SwitchEvent manual = client.switchTo(TestServers.B).get(5, TimeUnit.SECONDS);
    assertFalse(manual.automatic());
    assertEquals(SwitchEvent.MANUAL_MESSAGE, manual.messageNumber());
    recorder.awaitSwitchTo(TestServers.B, 1, SWITCH_BOUND);

    Instant until = Instant.now().plus(HOLD_OFF.multipliedBy(2));
    await(() -> Instant.now().isAfter(until) || recorder.switches.size() > 2, HOLD_OFF.multipliedBy(3), "quiet period");
    assertEquals(TestServers.B, client.currentServer().orElseThrow(), "the manual choice holds");

    client.resumePreference();
    SwitchEvent home = recorder.awaitSwitchTo(TestServers.A, 2, SWITCH_BOUND);
    assertTrue(home.automatic());
  }

  @Test
  void aSilentCutToTheCurrentServerIsNoticedByKeepAliveAndHealedBack() throws Exception {
    try (var proxy = new CuttableProxy(java.net.URI.create(servers.a().url.replace("opc.tcp", "tcp")).getPort())) {
      client = RedundantClient.create(SwitcherConfig.create(b -> b
          .url("opc.tcp://127.0.0.1:" + proxy.port() + "/test").url(servers.b().url)
          .preference(Preference.server(TestServers.A))
          .trust(trust)
          .holdOff(HOLD_OFF)));
      client.addSwitchListener(recorder);
      client.start(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
      recorder.awaitSwitchTo(TestServers.A, 0, SWITCH_BOUND);
      servers.record(1, new org.eclipse.milo.opcua.stack.core.types.builtin.DateTime(Instant.now()));
      var samples = new Recorder();
      client.subscribe(List.of(BackfillTest.NODE), samples);
      await(() -> !samples.samples.isEmpty(), SWITCH_BOUND, "the data subscription on A delivers");
      var cutOff = servers.a().subscriptionIds();
      assertEquals(1, cutOff.size());

      Instant cut = Instant.now();
      proxy.cut();
      SwitchEvent away = recorder.awaitSwitchTo(TestServers.B, 1, SWITCH_BOUND);
      Instant cutSeen = Instant.now();
      long detectedMs = Duration.between(cut, away.at()).toMillis();
      System.out.println("silent cut: switched after " + detectedMs + " ms (" + away.reason() + ")");
      assertTrue(away.reason().contains("keep-alive"), away.reason());
      assertTrue(detectedMs < 2_000, "poll 200 ms, timeout 400 ms, 1 failure allowed: under 1 s, got " + detectedMs);

      proxy.heal();
      recorder.awaitSwitchTo(TestServers.A, 2, HOLD_OFF.plus(SWITCH_BOUND));
      assertEquals(1, servers.b().sessionCount(), "server roles and B's session untouched");
      // the cut-off session lives on in A until its timeout; its subscription must not (Milo 1.1.2
      // refuses to hand it over to our new anonymous session, so it has to expire: 5 keep-alives)
      await(() -> servers.a().subscriptionCount() == 1 && !servers.a().subscriptionIds().containsAll(cutOff),
          Duration.ofSeconds(30),
          () -> "one subscription on A, the cut-off one " + cutOff + " gone (found " + servers.a().subscriptionIds() + ")");
      System.out.println("silent cut: the cut-off subscription was gone " + Duration.between(cutSeen, Instant.now()).toMillis() + " ms after the switch");
    }
  }

  @Test
  void masterPreferenceFollowsTheHighestServiceLevelAfterHoldOff() throws Exception {
    servers.a().setServiceLevel(230);
    connect(Preference.master());
    recorder.awaitSwitchTo(TestServers.B, 0, SWITCH_BOUND);

    servers.b().setServiceLevel(210); // still Healthy, but A now ranks above: A is the Master
    Instant moved = Instant.now();
    SwitchEvent toMaster = recorder.awaitSwitchTo(TestServers.A, 1, HOLD_OFF.plus(SWITCH_BOUND));
    assertTrue(Duration.between(moved, toMaster.at()).compareTo(HOLD_OFF.minusMillis(300)) >= 0, toMaster.toString());
    assertTrue(toMaster.automatic());
  }

  @Test
  void requestsGoToTheCurrentServerAndFailWhenNoneIsReachable() throws Exception {
    connect(Preference.server(TestServers.B));
    recorder.awaitSwitchTo(TestServers.B, 0, SWITCH_BOUND);

    var uri = client.onCurrent(c -> c.readValuesAsync(0.0, org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn.Neither,
        List.of(org.eclipse.milo.opcua.stack.core.NodeIds.Server_ServerArray))).get(5, TimeUnit.SECONDS);
    assertEquals(TestServers.B, ((String[]) uri.get(0).getValue().getValue())[0]);

    servers.a().stop();
    servers.b().stop();
    await(() -> client.currentServer().isEmpty(), SWITCH_BOUND, "no current server");
    var failed = client.onCurrent(c -> c.readValuesAsync(0.0, org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn.Neither,
        List.of(org.eclipse.milo.opcua.stack.core.NodeIds.Server_ServiceLevel)));
    var ex = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, () -> failed.get(5, TimeUnit.SECONDS));
    assertEquals(org.eclipse.milo.opcua.stack.core.StatusCodes.Bad_NotConnected,
        ((org.eclipse.milo.opcua.stack.core.UaException) ex.getCause()).getStatusCode().getValue());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(FailoverMode.class)
  void switchesLeaveOneSessionPerServerAndOneSubscriptionOnTheCurrent(FailoverMode mode) throws Exception {
    client = RedundantClient.create(servers.config(Preference.server(TestServers.A), mode, trust, HOLD_OFF));
    client.addSwitchListener(recorder);
    client.start(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    recorder.awaitSwitchTo(TestServers.A, 0, SWITCH_BOUND);
    client.subscribe(List.of("nsu=" + RedundantTestServer.NAMESPACE + ";s=" + RedundantTestServer.COUNTER), s -> {});

    for (int i = 0; i < 5; i++) {
      client.switchTo(TestServers.B).get(5, TimeUnit.SECONDS);
      client.switchTo(TestServers.A).get(5, TimeUnit.SECONDS);
    }
    servers.a().stop();
    recorder.awaitSwitchTo(TestServers.B, 11, SWITCH_BOUND);
    servers.a().start();
    await(() -> servers.a().sessionCount() == 1, SWITCH_BOUND, "the link's new session on A");

    int onBackup = mode == FailoverMode.COLD ? 0 : 1;
    await(() -> servers.b().subscriptionCount() == 1 && servers.a().subscriptionCount() == onBackup, SWITCH_BOUND,
        mode + ": the reporting subscription on B, " + onBackup + " on A (A " + servers.a().subscriptionCount()
            + ", B " + servers.b().subscriptionCount() + ")");
    assertEquals(1, servers.a().sessionCount());
    assertEquals(1, servers.b().sessionCount());

    client.close();
    await(() -> servers.a().sessionCount() == 0 && servers.b().sessionCount() == 0, SWITCH_BOUND,
        "sessions closed (A " + servers.a().sessionCount() + ", B " + servers.b().sessionCount() + ")");
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("twinua-switcher-") && t.isAlive()),
        "the library's threads end with close()");
    client = null;
  }
}
