package io.twinua.server.redundancy.partner.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * One comparison of the partner's clock with ours.
 *
 * @param offset partner clock minus ours (positive: the partner is ahead), with half the round
 *     trip compensated
 * @param roundTrip how long the read took; the offset is uncertain by half of it
 * @param measuredAt our time when the answer arrived
 */
public record ClockSample(Duration offset, Duration roundTrip, Instant measuredAt) {

  /** True if the clocks differ by more than {@code bound}, whatever the sign. */
  public boolean beyond(Duration bound) {
    return offset.abs().compareTo(bound) > 0;
  }
}
