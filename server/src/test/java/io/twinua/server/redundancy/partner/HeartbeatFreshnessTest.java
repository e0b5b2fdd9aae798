package io.twinua.server.redundancy.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.RedundancyRole;
import org.junit.jupiter.api.Test;

class HeartbeatFreshnessTest {

  private static Heartbeat beat(String station, long sequence) {
    return new Heartbeat(station, RedundancyRole.STANDBY, 3, 0, 0, 1, false, true,
        false, Heartbeat.Request.NONE, "abc", sequence, 0);
  }

  @Test
  void firstValueIsOnlyABaselineBecauseAHungPartnerStillServesItsLastValue() {
    var freshness = new HeartbeatFreshness();
    assertFalse(freshness.offer(beat("B", 7), 0));
    assertEquals(Long.MAX_VALUE, freshness.silentNanos(5));
    assertFalse(freshness.offer(beat("B", 7), 100), "same sequence again: stale");
    assertTrue(freshness.offer(beat("B", 8), 200));
    assertEquals(300, freshness.silentNanos(500));
  }

  @Test
  void anyChangedSequenceOrStationIsFreshAndRepeatsAreNot() {
    var freshness = new HeartbeatFreshness();
    freshness.offer(beat("B", 100), 0);
    assertTrue(freshness.offer(beat("B", 1), 10), "a restarted partner counts from 1 again");
    assertFalse(freshness.offer(beat("B", 1), 20));
    assertEquals(15, freshness.silentNanos(25));
    assertTrue(freshness.offer(beat("B2", 1), 30));
    assertEquals("B2", freshness.lastSeen().station());
  }
}
