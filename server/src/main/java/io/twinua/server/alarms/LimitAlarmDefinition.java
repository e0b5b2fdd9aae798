package io.twinua.server.alarms;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * One configured limit alarm on one numeric source variable.
 *
 * <p>Limits are optional but at least one is required, and those present must be ordered lowLow
 * &lt; low &lt; high &lt; highHigh. The alarm leaves a limit only when the value has come back past
 * the limit by more than {@code deadband} (hysteresis, so a noisy value does not chatter).
 *
 * @param name the condition name, unique per source (letters, digits, '_' and '-')
 * @param source the source variable's NodeId
 * @param sourceBrowseName the source's name as operators know it (the events' SourceName)
 * @param highHigh HighHigh limit or null
 * @param high High limit or null
 * @param low Low limit or null
 * @param lowLow LowLow limit or null
 * @param deadband hysteresis, &gt;= 0, in the source's unit
 * @param severity OPC UA severity 1..1000
 * @param message the alarm text; null or blank gives "&lt;sourceBrowseName&gt; &lt;name&gt;"
 */
public record LimitAlarmDefinition(
    String name,
    NodeId source,
    String sourceBrowseName,
    Double highHigh,
    Double high,
    Double low,
    Double lowLow,
    double deadband,
    int severity,
    String message) {

  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_\\-]+");

  public LimitAlarmDefinition {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "limit alarm name '" + name + "' is invalid: use letters, digits, '_' and '-' only");
    }
    String where = "limit alarm '" + name + "'";
    if (source == null || source.isNull()) {
      throw new IllegalArgumentException(where + ": source NodeId is missing");
    }
    if (sourceBrowseName == null || sourceBrowseName.isBlank()) {
      throw new IllegalArgumentException(where + ": source browse name is missing");
    }
    where += " on " + sourceBrowseName;
    if (!Double.isFinite(deadband) || deadband < 0) {
      throw new IllegalArgumentException(where + ": deadband must be >= 0, got " + deadband);
    }
    if (severity < 1 || severity > 1000) {
      throw new IllegalArgumentException(where + ": severity must be 1..1000, got " + severity);
    }
    checkLimits(where, lowLow, low, high, highHigh);
    if (message == null || message.isBlank()) {
      message = sourceBrowseName + " " + name;
    }
  }

  private static void checkLimits(String where, Double... ascending) {
    String[] names = {"lowLow", "low", "high", "highHigh"};
    List<Integer> present = new ArrayList<>();
    for (int i = 0; i < ascending.length; i++) {
      if (ascending[i] != null) {
        if (!Double.isFinite(ascending[i])) {
          throw new IllegalArgumentException(
              where + ": " + names[i] + " must be a finite number, got " + ascending[i]);
        }
        present.add(i);
      }
    }
    if (present.isEmpty()) {
      throw new IllegalArgumentException(
          where + ": at least one of highHigh, high, low, lowLow is required");
    }
    for (int k = 1; k < present.size(); k++) {
      int a = present.get(k - 1);
      int b = present.get(k);
      if (!(ascending[a] < ascending[b])) {
        throw new IllegalArgumentException(
            where
                + ": "
                + names[a]
                + " ("
                + ascending[a]
                + ") must be below "
                + names[b]
                + " ("
                + ascending[b]
                + ")");
      }
    }
  }

  /** The limit's configured value, or null if this alarm does not use it. */
  public Double limitValue(Limit limit) {
    Objects.requireNonNull(limit, "limit");
    return switch (limit) {
      case HIGH_HIGH -> highHigh;
      case HIGH -> high;
      case LOW -> low;
      case LOW_LOW -> lowLow;
    };
  }
}
