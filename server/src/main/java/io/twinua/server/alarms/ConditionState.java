package io.twinua.server.alarms;

import java.time.Instant;
import java.util.Objects;

/**
 * Immutable snapshot of one condition (Part 9 terms). Also what a station restores after a restart.
 *
 * @param enabled EnabledState/Id
 * @param active ActiveState/Id
 * @param limit LimitState while active; null when inactive (or when restored without knowing it)
 * @param acked AckedState/Id
 * @param severity Severity of the condition's events
 * @param comment last operator comment (Acknowledge or AddComment), or null
 * @param clientUserId user of the last Acknowledge/AddComment, or null
 * @param enabledTime when EnabledState last changed
 * @param activeTime when ActiveState last changed
 * @param ackedTime when AckedState last changed
 * @param time time of the last transition (the event Time)
 */
public record ConditionState(
    boolean enabled,
    boolean active,
    Limit limit,
    boolean acked,
    int severity,
    String comment,
    String clientUserId,
    Instant enabledTime,
    Instant activeTime,
    Instant ackedTime,
    Instant time) {

  public ConditionState {
    if (!active && limit != null) {
      throw new IllegalArgumentException("an inactive condition has no limit, got " + limit);
    }
    if (active && !enabled) {
      throw new IllegalArgumentException("a disabled condition cannot be active");
    }
    Objects.requireNonNull(enabledTime, "enabledTime");
    Objects.requireNonNull(activeTime, "activeTime");
    Objects.requireNonNull(ackedTime, "ackedTime");
    Objects.requireNonNull(time, "time");
  }

  /**
   * The transition time of a state nobody has changed yet: older than any real change, so any
   * change the partner station made is newer (online sync) while a fresh station's own state never
   * overrides one the partner changed. Shown to clients as no TransitionTime at all.
   */
  public static final Instant NEVER = Instant.EPOCH;

  /**
   * A new, enabled, inactive, acknowledged condition. Nobody has enabled or acknowledged it yet:
   * those transition times are {@link #NEVER}.
   */
  public static ConditionState initial(int severity, Instant now) {
    return new ConditionState(true, false, null, true, severity, null, null, NEVER, now, NEVER, now);
  }

  /**
   * Part 9 §5.5.2: a condition is retained while it is of interest to an operator: active or not
   * yet acknowledged. Disabled conditions are never retained.
   */
  public boolean retain() {
    return enabled && (active || !acked);
  }
}
