package io.twinua.server.health.restart;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The bounds of a whole-station restart (behaviour doc §6), from the station file's {@code
 * restart:} section. Defaults are the product's; {@code nodeset/README.md} documents them.
 *
 * @param auto restart by itself when the station goes to Fault (false: report 1012357 and wait for
 *     an engineer)
 * @param minInterval no restart again within this long of the last one (1012360)
 * @param maxRestarts at most this many restarts within {@code window} (1012361)
 * @param window the window of {@code maxRestarts}
 * @param delay how long after announcing it (1012362) the station stops for the restart, so the
 *     message reaches clients, the archive and the partner first
 */
public record RestartSettings(boolean auto, Duration minInterval, int maxRestarts, Duration window, Duration delay) {

  public static final boolean DEFAULT_AUTO = false;
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(300);
  public static final int DEFAULT_MAX_RESTARTS = 3;
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(3600);
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);
  /** The engineer who asked gets the answer before the station goes down. */
  public static final Duration MIN_DELAY = Duration.ofSeconds(1);

  public static final RestartSettings DEFAULT = create(b -> { });

  public RestartSettings {
    if (minInterval.isNegative() || window.isNegative() || delay.isNegative()) {
      throw new IllegalArgumentException("restart times must not be negative");
    }
    if (delay.compareTo(MIN_DELAY) < 0) {
      throw new IllegalArgumentException("delay must be at least " + MIN_DELAY.toSeconds() + " s, got " + delay);
    }
    if (maxRestarts < 1) {
      throw new IllegalArgumentException("maxRestarts must be at least 1, got " + maxRestarts);
    }
    if (window.compareTo(minInterval) < 0) {
      throw new IllegalArgumentException("window (" + window.toSeconds() + " s) must not be shorter than minInterval ("
          + minInterval.toSeconds() + " s)");
    }
  }

  public static RestartSettings create(Consumer<Builder> settings) {
    Builder b = new Builder();
    settings.accept(b);
    return new RestartSettings(b.auto, b.minInterval, b.maxRestarts, b.window, b.delay);
  }

  public static final class Builder {
    private boolean auto = DEFAULT_AUTO;
    private Duration minInterval = DEFAULT_MIN_INTERVAL;
    private int maxRestarts = DEFAULT_MAX_RESTARTS;
    private Duration window = DEFAULT_WINDOW;
    private Duration delay = DEFAULT_DELAY;

    public Builder auto(boolean auto) {
      this.auto = auto;
      return this;
    }

    public Builder minInterval(Duration d) {
      this.minInterval = d;
      return this;
    }

    public Builder maxRestarts(int n) {
      this.maxRestarts = n;
      return this;
    }

    public Builder window(Duration d) {
      this.window = d;
      return this;
    }

    public Builder delay(Duration d) {
      this.delay = d;
      return this;
    }
  }
}
