package io.twinua.server.redundancy.partner.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.alarms.AlarmTestServer;
import io.twinua.server.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilters;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clock comparison against a real Milo server whose {@code Server/ServerStatus/CurrentTime}
 * runs ahead or behind by a settable offset (a partner with a wrong clock), read by a real client.
 */
class PartnerClockCheckTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration BOUND = Duration.ofSeconds(1);

  private final AtomicReference<Duration> partnerAhead = new AtomicReference<>(Duration.ZERO);
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private AlarmTestServer partner;
  private OpcUaClient client;

  @BeforeEach
  void startFakeClockPartner() throws Exception {
    partner = AlarmTestServer.start();
    UaVariableNode currentTime =
        (UaVariableNode)
            partner
                .server()
                .getAddressSpaceManager()
                .getManagedNode(NodeIds.Server_ServerStatus_CurrentTime)
                .orElseThrow();
    currentTime
        .getFilterChain()
        .addFirst(
            AttributeFilters.getValue(
                ctx -> new DataValue(new Variant(new DateTime(Instant.now().plus(partnerAhead.get()))))));
    client = partner.connect("clock check");
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.disconnect();
    }
    partner.close();
  }

  @Test
  void measuresThePartnersOffsetWithHalfTheRoundTripCompensated() throws Exception {
    ClockProbe probe = new ClockProbe(Clock.systemUTC(), 5);
    for (Duration ahead : List.of(Duration.ZERO, Duration.ofMillis(4_321), Duration.ofSeconds(-7))) {
      partnerAhead.set(ahead);
      ClockSample s = probe.measure(client).get(10, TimeUnit.SECONDS);
      Duration error = s.offset().minus(ahead).abs();
      assertTrue(
          error.compareTo(s.roundTrip().dividedBy(2).plusMillis(50)) <= 0,
          "offset " + s.offset() + " for a partner " + ahead + " ahead, round trip " + s.roundTrip());
    }
  }

  @Test
  void aDifferenceBeyondTheBoundIsReportedOncePerEpisode() throws Exception {
    partnerAhead.set(Duration.ofSeconds(3));
    try (PartnerClockCheck check = check(Duration.ofMillis(100))) {
      check.start();
      Await.until(WAIT, "first report", () -> reports.size() == 1);
      assertTrue(check.beyondBound());
      assertReportedOffset(3_000, reports.get(0));
      // later measurements of the same episode report nothing more
      Instant seen = check.lastSample().orElseThrow().measuredAt();
      Await.until(WAIT, "three more comparisons", () -> check.lastSample().orElseThrow().measuredAt()
          .isAfter(seen.plusMillis(300)));
      assertEquals(1, reports.size(), reports.toString());

      partnerAhead.set(Duration.ZERO);
      Await.until(WAIT, "back within the bound", () -> !check.beyondBound());
      assertTrue(check.lastSample().orElseThrow().offset().abs().compareTo(BOUND) <= 0);
      assertEquals(1, reports.size());

      partnerAhead.set(Duration.ofSeconds(-3));
      Await.until(WAIT, "second episode", () -> reports.size() == 2);
      assertReportedOffset(-3_000, reports.get(1));
    }
  }

  @Test
  void theLinkComingUpComparesAtOnceAndAClockWithinTheBoundIsNotReported() throws Exception {
    partnerAhead.set(Duration.ofMillis(300));
    try (PartnerClockCheck check = check(Duration.ofHours(1))) {
      List<ClockSample> told = new java.util.concurrent.CopyOnWriteArrayList<>();
      check.onSample(told::add);
      check.start();
      assertTrue(check.lastSample().isEmpty());
      check.linkUp();
      Await.until(WAIT, "a comparison", () -> check.lastSample().isPresent());
      Await.until(WAIT, "the comparison told (for @RM_PartnerClockOffsetMs)", () -> !told.isEmpty());
      assertEquals(check.lastSample().orElseThrow(), told.get(0));
      assertFalse(check.beyondBound());
      assertEquals(List.of(), reports);
    }
  }

  private PartnerClockCheck check(Duration period) {
    return new PartnerClockCheck(
        "STATION-B", () -> Optional.of(client), BOUND, period, Clock.systemUTC(), reports::add);
  }

  /** The report names the measured offset; measuring adds a few ms either way (e.g. -3001 ms). */
  private static void assertReportedOffset(long expectedMs, String report) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("differs from ours by ([+-]?\\d+) ms").matcher(report);
    assertTrue(m.find(), report);
    assertTrue(Math.abs(Long.parseLong(m.group(1)) - expectedMs) <= 50, report);
  }
}
