package io.twinua.switcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Maintenance with an EstimatedReturnTime, and the optional process-connection-fault trigger. */
class MaintenanceAndFaultTest {

  private static final Duration BOUND = SwitcherHarness.BOUND;
  private static final Duration HOLD_OFF = Duration.ofMillis(300);

  private SwitcherHarness pair;
  private TestServers servers;
  private Recorder recorder;

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
  void maintenanceMovesTheClientWhichReturnsNotBeforeTheEstimatedReturnTime() throws Exception {
    pair.connectToA(HOLD_OFF);

    Instant back = Instant.now().plusSeconds(3);
    servers.a().enterMaintenance(back);
    SwitchEvent away = recorder.awaitSwitchTo(TestServers.B, 1, BOUND);
    assertTrue(away.reason().contains("Maintenance"), away.reason());
    assertTrue(away.at().isBefore(back), "moved before the planned stop");

    servers.a().setServiceLevel(255); // maintenance done early: still not before the announced time
    SwitchEvent home = recorder.awaitSwitchTo(TestServers.A, 2, BOUND.plusSeconds(3));
    assertFalse(home.at().isBefore(back), "returned at " + home.at() + ", announced return " + back);
  }

  @Test
  void aServerRestartedAfterMaintenanceNoLongerPublishesTheReturnTimeAndIsUsedAgain() throws Exception {
    pair.connectToA(HOLD_OFF);
    servers.a().enterMaintenance(Instant.now().plusSeconds(120)); // what a station's planned stop announces
    recorder.awaitSwitchTo(TestServers.B, 1, BOUND);

    servers.a().stop();
    servers.a().setServiceLevel(255);
    servers.a().start(); // a fresh process: no EstimatedReturnTime
    recorder.awaitSwitchTo(TestServers.A, 2, BOUND);
  }

  @Test
  void processFaultMovesTheClientWhenConfiguredAndItReturnsWhenCleared() throws Exception {
    pair.connectToA(SwitcherConfig.create(c -> c.url(servers.a().url).url(servers.b().url)
        .preference(Preference.server(TestServers.A)).trust(pair.trust).holdOff(HOLD_OFF)
        .processFaultNode("nsu=" + RedundantTestServer.NAMESPACE + ";s=" + RedundantTestServer.PROCESS_FAULT)));

    servers.a().setProcessFault(true);
    SwitchEvent away = recorder.awaitSwitchTo(TestServers.B, 1, BOUND);
    assertEquals("process-connection fault", away.reason());

    servers.a().setProcessFault(false);
    recorder.awaitSwitchTo(TestServers.A, 2, BOUND);
  }
}
