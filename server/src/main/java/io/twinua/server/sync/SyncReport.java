package io.twinua.server.sync;

import java.time.Duration;

/**
 * What one window's resync copied.
 *
 * @param values values read from the partner and handed to the archive (values already stored are
 *     ignored by the archive, so a repeat counts them again without storing them twice)
 * @param messages messages likewise
 * @param took from the first read to the last commit of this run (a resumed window counts its last
 *     run only)
 */
public record SyncReport(GapWindow window, long values, long messages, Duration took) {

  /** Values per second of this run, 0 if it took no measurable time. */
  public double valuesPerSecond() {
    return took.toMillis() == 0 ? 0 : values * 1000.0 / took.toMillis();
  }

  @Override
  public String toString() {
    return String.format("%s: %d values, %d messages in %.1f s (%.0f values/s)", window, values, messages,
        took.toMillis() / 1000.0, valuesPerSecond());
  }
}
