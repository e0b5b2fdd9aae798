package io.twinua.server.redundancy;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one source of a station's redundancy timing (the station file's {@code redundancy:} section,
 * read by {@code StationLoader}). The role machine, the manager's heartbeat, the terminal-bus link
 * and the status links all take their values from here; the defaults below are the ones
 * {@code nodeset/README.md} documents.
 *
 * @param redundancyEnabled false: the station runs Standalone (commissioning), ignoring any partner
 * @param defaultMaster this station wins a simultaneous start (and rule step 3 of two Masters)
 * @param linkTimeoutMs a link is DOWN after this long without a valid heartbeat on it
 * @param startupWindowMs how long a starting station waits for its partner before it becomes Master
 * @param stabilityDelayMs how long a process-connection difference must last before roles switch,
 *     so that a flapping AS connection does not toggle the roles
 * @param clockToleranceMs largest difference between the two stations' clocks that is not
 *     reported (archive gap windows depend on the clocks)
 */
public record RedundancySettings(
    boolean redundancyEnabled,
    boolean defaultMaster,
    long linkTimeoutMs,
    long startupWindowMs,
    long stabilityDelayMs,
    long clockToleranceMs) {

  /** One decision and one heartbeat on every link per period; not a station-file key. */
  public static final long HEARTBEAT_PERIOD_MS = 100;

  public static final long DEFAULT_LINK_TIMEOUT_MS = 600;
  /** A secure terminal-bus session alone takes a few seconds to set up. */
  public static final long DEFAULT_STARTUP_WINDOW_MS = 10_000;
  public static final long DEFAULT_STABILITY_DELAY_MS = 3_000;
  public static final long DEFAULT_CLOCK_TOLERANCE_MS = 1_000;

  /** Four heartbeats: below that one late datagram would report a healthy link DOWN. */
  public static final long MIN_LINK_TIMEOUT_MS = 4 * HEARTBEAT_PERIOD_MS;
  public static final long MAX_LINK_TIMEOUT_MS = 60_000;
  public static final long MAX_STARTUP_WINDOW_MS = 600_000;
  public static final long MAX_STABILITY_DELAY_MS = 600_000;
  /** Below this the round trip of the comparison itself would be reported. */
  public static final long MIN_CLOCK_TOLERANCE_MS = 10;
  public static final long MAX_CLOCK_TOLERANCE_MS = 3_600_000;

  /** Redundancy on, not default master, and the documented defaults. */
  public static final RedundancySettings DEFAULT = create(b -> {});

  /** A station without a {@code redundancy:} section. */
  public static final RedundancySettings STANDALONE = create(b -> b.redundancyEnabled(false));

  public RedundancySettings {
    requireRange("linkTimeoutMs", linkTimeoutMs, MIN_LINK_TIMEOUT_MS, MAX_LINK_TIMEOUT_MS);
    requireRange("startupWindowMs", startupWindowMs, linkTimeoutMs, MAX_STARTUP_WINDOW_MS);
    requireRange("stabilityDelayMs", stabilityDelayMs, 0, MAX_STABILITY_DELAY_MS);
    requireRange(
        "clockToleranceMs", clockToleranceMs, MIN_CLOCK_TOLERANCE_MS, MAX_CLOCK_TOLERANCE_MS);
  }

  public static RedundancySettings create(Consumer<Builder> configure) {
    Builder b = new Builder();
    Objects.requireNonNull(configure, "configure").accept(b);
    return b.build();
  }

  /** How often the manager decides and sends a heartbeat on every link. */
  public long heartbeatPeriodMs() {
    return HEARTBEAT_PERIOD_MS;
  }

  private static void requireRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "redundancy." + key + " must be between " + min + " and " + max + " ms, got " + value);
    }
  }

  /** Starts from the defaults above. */
  public static final class Builder {
    private boolean redundancyEnabled = true;
    private boolean defaultMaster;
    private long linkTimeoutMs = DEFAULT_LINK_TIMEOUT_MS;
    private long startupWindowMs = DEFAULT_STARTUP_WINDOW_MS;
    private long stabilityDelayMs = DEFAULT_STABILITY_DELAY_MS;
    private long clockToleranceMs = DEFAULT_CLOCK_TOLERANCE_MS;

    public Builder redundancyEnabled(boolean v) {
      redundancyEnabled = v;
      return this;
    }

    public Builder defaultMaster(boolean v) {
      defaultMaster = v;
      return this;
    }

    public Builder linkTimeoutMs(long v) {
      linkTimeoutMs = v;
      return this;
    }

    public Builder startupWindowMs(long v) {
      startupWindowMs = v;
      return this;
    }

    public Builder stabilityDelayMs(long v) {
      stabilityDelayMs = v;
      return this;
    }

    public Builder clockToleranceMs(long v) {
      clockToleranceMs = v;
      return this;
    }

    public RedundancySettings build() {
      return new RedundancySettings(
          redundancyEnabled, defaultMaster, linkTimeoutMs, startupWindowMs, stabilityDelayMs,
          clockToleranceMs);
    }
  }
}
