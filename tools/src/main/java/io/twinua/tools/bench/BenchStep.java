package io.twinua.tools.bench;

import java.util.Locale;
import java.util.function.Consumer;

/** A timed benchmark step over a known number of values, printed as one table line. */
final class BenchStep {

  /** The step's work; returns the number of values it handled. */
  @FunctionalInterface
  interface Work {
    long run() throws Exception;
  }

  private BenchStep() {}

  /**
   * Runs {@code work}, which must handle {@code expected} values, and hands its line (label padded
   * to {@code width}, values, seconds, values/s) to {@code line}.
   *
   * @return values per second
   * @throws IllegalStateException if the work handled another number of values
   */
  static double time(String name, long expected, int width, Work work, Consumer<String> line) throws Exception {
    long t = System.nanoTime();
    long done = work.run();
    double seconds = (System.nanoTime() - t) / 1e9;
    if (done != expected) {
      throw new IllegalStateException(name + ": expected " + expected + " values, got " + done);
    }
    double rate = done / seconds;
    line.accept(String.format(Locale.ROOT, "%-" + width + "s %,12d %9.2f %,12.0f", name, done, seconds, rate));
    return rate;
  }
}
