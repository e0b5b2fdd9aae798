package io.twinua.server.config;

import java.util.Optional;

/**
 * A limit alarm on an analog tag. Limits are optional (null when absent) but at least one is
 * given, and those given are ordered lowLow &lt; low &lt; high &lt; highHigh.
 *
 * @param source string identifier of the watched variable (a tag or internal tag)
 * @param deadband hysteresis: a limit is left only when the value is back past it by this much
 * @param severity OPC UA event severity 1..1000
 */
public record LimitAlarmConfig(
    String name,
    String source,
    Double highHigh,
    Double high,
    Double low,
    Double lowLow,
    double deadband,
    int severity) {

  public Optional<Double> highHighLimit() {
    return Optional.ofNullable(highHigh);
  }

  public Optional<Double> highLimit() {
    return Optional.ofNullable(high);
  }

  public Optional<Double> lowLimit() {
    return Optional.ofNullable(low);
  }

  public Optional<Double> lowLowLimit() {
    return Optional.ofNullable(lowLow);
  }
}
