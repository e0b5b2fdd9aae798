package io.twinua.server.alarms;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;

/**
 * The state machine of one exclusive limit alarm (Part 9 §5.8.18 ExclusiveLimitAlarmType): Enabled,
 * Active with its LimitState, Acked, Retain. Plain Java, no server; times of operator actions come
 * from the injected clock, times of value changes from the value.
 *
 * <p>Rules beyond the specification's minimum, chosen for operators:
 *
 * <ul>
 *   <li>a value at a limit counts as beyond it (high: {@code v >= limit}, low: {@code v <= limit});
 *   <li>a limit is left only when the value is back past {@code limit - deadband} (high side) or
 *       {@code limit + deadband} (low side);
 *   <li>going active, or escalating (High to HighHigh, Low to LowLow, or to the other side), needs
 *       a new acknowledgement; de-escalating (HighHigh to High) keeps the acknowledgement;
 *   <li>disabling clears Active and Acked needs (a disabled condition is not retained); enabling
 *       re-evaluates the last value seen, so an alarm that is still pending comes back
 *       unacknowledged.
 * </ul>
 *
 * <p>Not thread-safe: {@link AlarmService} serialises all calls.
 */
public final class LimitAlarmState {

  private final LimitAlarmDefinition definition;
  private final Clock clock;
  private ConditionState state;
  private Double lastValue;

  public LimitAlarmState(LimitAlarmDefinition definition, Clock clock) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.state = ConditionState.initial(definition.severity(), clock.instant());
  }

  public LimitAlarmDefinition definition() {
    return definition;
  }

  public ConditionState state() {
    return state;
  }

  /**
   * Apply a new source value.
   *
   * @return the transition, or empty when the condition's state did not change (also for NaN, and
   *     while disabled, where the value is only remembered for {@link #enable()})
   */
  public Optional<ConditionTransition> onValue(double value, Instant time) {
    Objects.requireNonNull(time, "time");
    if (Double.isNaN(value)) {
      return Optional.empty();
    }
    lastValue = value;
    if (!state.enabled()) {
      return Optional.empty();
    }
    Limit current = state.active() ? state.limit() : null;
    Limit next = evaluate(value, current);
    ConditionState s = state;

    if (!s.active() && next != null) {
      return Optional.of(
          apply(
              ConditionTransition.Kind.ACTIVATED,
              new ConditionState(
                  true,
                  true,
                  next,
                  false,
                  s.severity(),
                  s.comment(),
                  s.clientUserId(),
                  s.enabledTime(),
                  time,
                  s.acked() ? time : s.ackedTime(),
                  time)));
    }
    if (s.active() && next == null) {
      return Optional.of(
          apply(
              ConditionTransition.Kind.RETURNED_TO_NORMAL,
              new ConditionState(
                  true,
                  false,
                  null,
                  s.acked(),
                  s.severity(),
                  s.comment(),
                  s.clientUserId(),
                  s.enabledTime(),
                  time,
                  s.ackedTime(),
                  time)));
    }
    if (s.active() && next != s.limit()) {
      // s.limit() is null only after a restore: the archive keeps no limit, so the first value
      // tells it again and does not undo the acknowledgement given before the restart
      boolean acked = s.acked() && (s.limit() == null || !next.escalates(s.limit()));
      return Optional.of(
          apply(
              ConditionTransition.Kind.LIMIT_CHANGED,
              new ConditionState(
                  true,
                  true,
                  next,
                  acked,
                  s.severity(),
                  s.comment(),
                  s.clientUserId(),
                  s.enabledTime(),
                  s.activeTime(),
                  acked == s.acked() ? s.ackedTime() : time,
                  time)));
    }
    return Optional.empty();
  }

  /**
   * Operator acknowledges the condition (Part 9 §5.7.3).
   *
   * @param comment optional comment; null or blank keeps the previous comment
   * @param user the acknowledging user (ClientUserId)
   * @throws UaException Bad_ConditionDisabled, Bad_ConditionBranchAlreadyAcked
   */
  public ConditionTransition acknowledge(String comment, String user) throws UaException {
    return acknowledge(comment, user, clock.instant());
  }

  /** As {@link #acknowledge(String, String)}, done at {@code now} (e.g. on the partner station). */
  public ConditionTransition acknowledge(String comment, String user, Instant now) throws UaException {
    ConditionState s = state;
    if (!s.enabled()) {
      throw new UaException(StatusCodes.Bad_ConditionDisabled, "condition is disabled");
    }
    if (s.acked()) {
      throw new UaException(
          StatusCodes.Bad_ConditionBranchAlreadyAcked, "condition is already acknowledged");
    }
    return apply(
        ConditionTransition.Kind.ACKNOWLEDGED,
        new ConditionState(
            true,
            s.active(),
            s.limit(),
            true,
            s.severity(),
            hasText(comment) ? comment : s.comment(),
            user,
            s.enabledTime(),
            s.activeTime(),
            now,
            now));
  }

  /**
   * Operator adds a comment (Part 9 §5.5.5).
   *
   * @throws UaException Bad_ConditionDisabled
   */
  public ConditionTransition addComment(String comment, String user) throws UaException {
    ConditionState s = state;
    if (!s.enabled()) {
      throw new UaException(StatusCodes.Bad_ConditionDisabled, "condition is disabled");
    }
    Instant now = clock.instant();
    return apply(
        ConditionTransition.Kind.COMMENTED,
        new ConditionState(
            true,
            s.active(),
            s.limit(),
            s.acked(),
            s.severity(),
            comment,
            user,
            s.enabledTime(),
            s.activeTime(),
            s.ackedTime(),
            now));
  }

  /**
   * Enable the condition and re-evaluate the last value seen.
   *
   * @throws UaException Bad_ConditionAlreadyEnabled
   */
  public ConditionTransition enable() throws UaException {
    return enable(clock.instant());
  }

  /** As {@link #enable()}, done at {@code now} (e.g. on the partner station). */
  public ConditionTransition enable(Instant now) throws UaException {
    ConditionState s = state;
    if (s.enabled()) {
      throw new UaException(StatusCodes.Bad_ConditionAlreadyEnabled, "condition is enabled");
    }
    Limit limit = lastValue == null ? null : evaluate(lastValue, null);
    boolean active = limit != null;
    return apply(
        ConditionTransition.Kind.ENABLED,
        new ConditionState(
            true,
            active,
            limit,
            !active,
            s.severity(),
            s.comment(),
            s.clientUserId(),
            now,
            active ? now : s.activeTime(),
            active ? now : s.ackedTime(),
            now));
  }

  /**
   * Disable the condition: it stops evaluating values and is no longer retained.
   *
   * @throws UaException Bad_ConditionAlreadyDisabled
   */
  public ConditionTransition disable() throws UaException {
    return disable(clock.instant());
  }

  /** As {@link #disable()}, done at {@code now} (e.g. on the partner station). */
  public ConditionTransition disable(Instant now) throws UaException {
    ConditionState s = state;
    if (!s.enabled()) {
      throw new UaException(StatusCodes.Bad_ConditionAlreadyDisabled, "condition is disabled");
    }
    return apply(
        ConditionTransition.Kind.DISABLED,
        new ConditionState(
            false,
            false,
            null,
            true,
            s.severity(),
            s.comment(),
            s.clientUserId(),
            now,
            s.active() ? now : s.activeTime(),
            s.acked() ? s.ackedTime() : now,
            now));
  }

  /**
   * Seed the state after a restart (from the message archive). The severity always comes from the
   * current definition. The next value re-evaluates the limits from this state; an active state
   * restored without its limit takes the value's limit and keeps its acknowledgement (an
   * escalation while the station was down is therefore not asked to be acknowledged again).
   */
  public void restore(ConditionState restored) {
    Objects.requireNonNull(restored, "restored");
    state =
        restored.severity() == definition.severity()
            ? restored
            : new ConditionState(
                restored.enabled(),
                restored.active(),
                restored.limit(),
                restored.acked(),
                definition.severity(),
                restored.comment(),
                restored.clientUserId(),
                restored.enabledTime(),
                restored.activeTime(),
                restored.ackedTime(),
                restored.time());
    lastValue = null;
  }

  /**
   * The limit {@code value} is in, given the limit the condition is in now (null: none). The high
   * side wins over the low side; hysteresis keeps a limit until the value is back past it by more
   * than the deadband.
   */
  Limit evaluate(double value, Limit current) {
    double db = definition.deadband();
    Double hh = definition.highHigh();
    Double h = definition.high();
    Double l = definition.low();
    Double ll = definition.lowLow();

    if (hh != null && (value >= hh || (current == Limit.HIGH_HIGH && value > hh - db))) {
      return Limit.HIGH_HIGH;
    }
    if (h != null
        && (value >= h
            || ((current == Limit.HIGH || current == Limit.HIGH_HIGH) && value > h - db))) {
      return Limit.HIGH;
    }
    if (ll != null && (value <= ll || (current == Limit.LOW_LOW && value < ll + db))) {
      return Limit.LOW_LOW;
    }
    if (l != null
        && (value <= l || ((current == Limit.LOW || current == Limit.LOW_LOW) && value < l + db))) {
      return Limit.LOW;
    }
    return null;
  }

  private ConditionTransition apply(ConditionTransition.Kind kind, ConditionState next) {
    state = next;
    return new ConditionTransition(kind, next, definition.message(), next.time());
  }

  private static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }
}
