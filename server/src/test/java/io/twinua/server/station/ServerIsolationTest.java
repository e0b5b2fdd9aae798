package io.twinua.server.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.messages.SystemMessage;
import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkId;
import io.twinua.server.redundancy.LinkStatus;
import io.twinua.server.redundancy.PartnerView;
import io.twinua.server.redundancy.RedundancyRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The isolation decision of a Fault station (1012354/1012355/1012356); the actions are recorded. */
class ServerIsolationTest {

  private final List<String> raised = new ArrayList<>();
  private final AtomicBoolean fault = new AtomicBoolean();
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger stopped = new AtomicInteger();
  private Optional<PartnerView> partner = Optional.of(view(false, null));

  private ServerIsolation isolation(boolean configured) {
    return new ServerIsolation(configured, fault::get, () -> partner, Optional.of("STATION-B"),
        new ServerIsolation.Actions() {
          @Override
          public void dropPartner() {
            dropped.incrementAndGet();
          }

          @Override
          public int stopServing() {
            stopped.incrementAndGet();
            return 2;
          }
        }, (m, detail) -> raised.add(m.number() + " " + detail), Runnable::run);
  }

  @Test
  void nothingHappensWithoutAFault() {
    ServerIsolation i = isolation(true);
    partner = Optional.of(view(true, RedundancyRole.STANDBY));
    i.check();
    assertTrue(raised.isEmpty());
    assertFalse(i.isolated());
  }

  @Test
  void notConfiguredIsReportedOnceAndTheStationKeepsServing() {
    ServerIsolation i = isolation(false);
    fault.set(true);
    i.check();
    i.check();
    assertEquals(1, raised.size(), raised.toString());
    assertTrue(raised.get(0).startsWith(SystemMessage.FAULT_ISOLATION_NOT_ACTIVATED.number() + " "));
    assertEquals(0, stopped.get() + dropped.get());
  }

  @Test
  void blockedWhileThePartnerCannotServeThenIsolated() {
    ServerIsolation i = isolation(true);
    fault.set(true);
    i.check();
    i.check(); // the same reason is not repeated
    partner = Optional.of(view(true, RedundancyRole.FAULT));
    i.check();
    assertEquals(List.of(
        "1012355 partner STATION-B not reachable on any link: isolating would leave clients without a server",
        "1012355 partner STATION-B cannot serve clients (FAULT, not healthy)"), raised);
    assertEquals(0, stopped.get());

    partner = Optional.of(view(true, RedundancyRole.STANDBY)); // healthy, takes over from a Fault Master
    i.check();
    i.check();
    assertTrue(i.isolated());
    assertEquals(1, dropped.get());
    assertEquals(1, stopped.get());
    assertTrue(raised.get(2).startsWith("1012356 endpoints closed, 2 client session(s) closed, partner link to STATION-B dropped"),
        raised.toString());
    assertEquals(3, raised.size());
  }

  @Test
  void aStandaloneStationIsNeverIsolated() {
    partner = Optional.empty();
    ServerIsolation i = isolation(true);
    fault.set(true);
    i.check();
    assertFalse(i.isolated());
    assertTrue(raised.get(0).startsWith("1012355 no partner"), raised.toString());
  }

  private static PartnerView view(boolean up, RedundancyRole role) {
    Optional<Heartbeat> hb = role == null ? Optional.empty() : Optional.of(new Heartbeat("STATION-B", role, 1, 0, 0, 2,
        false, role != RedundancyRole.FAULT, false, Heartbeat.Request.NONE, "digest", 1, 0));
    return new PartnerView(hb, Map.of(LinkId.TERMINAL_BUS, new LinkStatus(LinkId.TERMINAL_BUS, up, Optional.empty(),
        Optional.empty())), Optional.empty(), Optional.empty(), true);
  }
}
