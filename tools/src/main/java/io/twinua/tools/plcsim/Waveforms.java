package io.twinua.tools.plcsim;

/**
 * The pure wave shapes behind every simulated signal. Each is a function of the update index
 * {@code n} (0, 1, 2, ...) and a period in updates, so a test can recompute any value the
 * simulator produced from the index alone. {@code floorMod} keeps the phase exact for any n.
 */
public final class Waveforms {

  private Waveforms() {}

  /** True for the first half of each period ({@code n mod period < period / 2}), then false. */
  public static boolean square(long n, int period) {
    return Math.floorMod(n, period) < period / 2.0;
  }

  /** Rises linearly from {@code lo} (at n mod period = 0) to {@code hi} (at period - 1), then jumps back. */
  public static double ramp(long n, int period, double lo, double hi) {
    return lo + (hi - lo) * Math.floorMod(n, period) / (period - 1);
  }

  /** Rises from {@code lo} (n mod period = 0) to {@code hi} at half period and falls back. */
  public static double triangle(long n, int period, double lo, double hi) {
    long k = Math.floorMod(n, period);
    double half = period / 2.0;
    double fraction = k < half ? k / half : (period - k) / half;
    return lo + (hi - lo) * fraction;
  }

  /**
   * Sine between {@code lo} and {@code hi}: the midpoint at n = 0 (rising), {@code hi} at a quarter
   * period. {@code phase} shifts the wave by that fraction of a period.
   */
  public static double sine(long n, int period, double lo, double hi, double phase) {
    double angle = 2 * Math.PI * (Math.floorMod(n, period) / (double) period + phase);
    return (lo + hi) / 2 + (hi - lo) / 2 * Math.sin(angle);
  }

  /** Step number {@code floor(n / stepLength) mod steps}: 0, 0, ..., 1, 1, ..., steps - 1, 0. */
  public static int step(long n, int stepLength, int steps) {
    return (int) Math.floorMod(Math.floorDiv(n, stepLength), (long) steps);
  }
}
