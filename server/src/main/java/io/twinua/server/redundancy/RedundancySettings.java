package io.twinua.server.redundancy;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How this station takes part in the pair (the station file's {@code redundancy:} section).
 *
 * @param redundancyEnabled false: the station runs Standalone (commissioning), ignoring any partner
 * @param defaultMaster this station wins a simultaneous start (and rule step 3 of two Masters)
 * @param linkTimeoutMs a link is DOWN after this long without a valid heartbeat on it
 * @param startupWindowMs how long a starting station waits for its partner before it becomes Master
 * @param stabilityDelayMs how long a process-connection difference must last before roles switch,
 *     so that a flapping AS connection does not toggle the roles
 */
public record RedundancySettings(
    boolean redundancyEnabled,
    boolean defaultMaster,
    long linkTimeoutMs,
    long startupWindowMs,
    long stabilityDelayMs) {

  public static final long DEFAULT_LINK_TIMEOUT_MS = 1000;
  public static final long DEFAULT_STABILITY_DELAY_MS = 3000;

  /** Redundancy on, not default master, 1 s link timeout, 2 s start-up window, 3 s stability delay. */
  public static final RedundancySettings DEFAULT = create(b -> {});

  public RedundancySettings {
    // heartbeats travel every 200 ms: a timeout below two of them would report healthy links DOWN
    requireRange("linkTimeoutMs", linkTimeoutMs, 400, 60_000);
    requireRange("startupWindowMs", startupWindowMs, linkTimeoutMs, 600_000);
    requireRange("stabilityDelayMs", stabilityDelayMs, 0, 600_000);
  }

  public static RedundancySettings create(Consumer<Builder> configure) {
    Builder b = new Builder();
    Objects.requireNonNull(configure, "configure").accept(b);
    return b.build();
  }

  private static void requireRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "redundancy." + key + " must be between " + min + " and " + max + " ms, got " + value);
    }
  }

  /** Defaults of the design; the start-up window follows the link timeout (2 ×) unless set. */
  public static final class Builder {
    private boolean redundancyEnabled = true;
    private boolean defaultMaster;
    private long linkTimeoutMs = DEFAULT_LINK_TIMEOUT_MS;
    private Long startupWindowMs;
    private long stabilityDelayMs = DEFAULT_STABILITY_DELAY_MS;

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

    public RedundancySettings build() {
      long window = startupWindowMs != null ? startupWindowMs : 2 * linkTimeoutMs;
      return new RedundancySettings(redundancyEnabled, defaultMaster, linkTimeoutMs, window, stabilityDelayMs);
    }
  }
}
