package io.twinua.tools.testing;

import java.util.List;

/**
 * The JVM options of the station processes the tests start. A test station lives for seconds, so
 * most of its CPU went to C2 compiling start-up code that never runs again: with C1 only, a
 * station reaches "running" on about 40 % less CPU (9.3 s → 5.4 s, measured under load on the
 * 2-core machine), and the suite's pairs start faster. The product and its behaviour are the
 * same; only code that stays hot for long runs slower, which no test measures. The benchmarks
 * keep the product's default JVM.
 */
public final class TestStationJvm {

  public static final List<String> OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

  private TestStationJvm() {}
}
