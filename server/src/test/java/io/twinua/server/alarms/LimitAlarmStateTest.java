package io.twinua.server.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.alarms.ConditionTransition.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;

class LimitAlarmStateTest {

  private static final NodeId SOURCE = new NodeId(2, "Tank.Level");
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** lowLow 5, low 10, high 80, highHigh 95, deadband 2. */
  private static LimitAlarmDefinition level() {
    return new LimitAlarmDefinition(
        "Level", SOURCE, "Tank.Level", 95.0, 80.0, 10.0, 5.0, 2.0, 700, "Tank level out of range");
  }

  private final MutableClock clock = new MutableClock(T0);
  private final LimitAlarmState alarm = new LimitAlarmState(level(), clock);

  private Optional<ConditionTransition> value(double v) {
    return alarm.onValue(v, clock.tick());
  }

  @Test
  void startsEnabledInactiveAckedAndNotRetained() {
    ConditionState s = alarm.state();
    assertTrue(s.enabled());
    assertFalse(s.active());
    assertTrue(s.acked());
    assertFalse(s.retain());
    assertEquals(700, s.severity());
  }

  @Test
  void crossingHighActivatesUnacknowledgedAndRetained() {
    assertTrue(value(79.9).isEmpty());
    ConditionTransition t = value(80.0).orElseThrow();
    assertEquals(Kind.ACTIVATED, t.kind());
    assertTrue(t.state().active());
    assertEquals(Limit.HIGH, t.state().limit());
    assertFalse(t.state().acked());
    assertTrue(t.state().retain());
    assertEquals("Tank level out of range", t.message());
    assertEquals(t.time(), t.state().activeTime());
  }

  @Test
  void leavesHighOnlyPastTheDeadband() {
    value(85);
    assertTrue(value(79).isEmpty(), "79 is inside the deadband below 80");
    assertTrue(value(78.01).isEmpty(), "78.01 is still above 80 - 2");
    ConditionTransition t = value(78).orElseThrow();
    assertEquals(Kind.RETURNED_TO_NORMAL, t.kind());
    assertFalse(t.state().active());
    assertNull(t.state().limit());
  }

  @Test
  void escalationNeedsANewAckDeEscalationKeepsIt() throws UaException {
    value(85);
    alarm.acknowledge("seen", "op");
    ConditionTransition up = value(96).orElseThrow();
    assertEquals(Kind.LIMIT_CHANGED, up.kind());
    assertEquals(Limit.HIGH_HIGH, up.state().limit());
    assertFalse(up.state().acked(), "HighHigh is worse than High: acknowledge again");

    alarm.acknowledge(null, "op");
    assertTrue(value(94).isEmpty(), "94 is within the deadband of HighHigh 95");
    ConditionTransition down = value(92.9).orElseThrow();
    assertEquals(Kind.LIMIT_CHANGED, down.kind());
    assertEquals(Limit.HIGH, down.state().limit());
    assertTrue(down.state().acked(), "going back to High keeps the acknowledgement");
  }

  @Test
  void lowSideMirrorsHighSide() {
    ConditionTransition low = value(10).orElseThrow();
    assertEquals(Limit.LOW, low.state().limit());
    assertEquals(Limit.LOW_LOW, value(4).orElseThrow().state().limit());
    assertTrue(value(6.9).isEmpty(), "LowLow is left above 5 + 2 only");
    assertEquals(Limit.LOW, value(7.1).orElseThrow().state().limit());
    assertTrue(value(11.9).isEmpty());
    assertEquals(Kind.RETURNED_TO_NORMAL, value(12).orElseThrow().kind());
  }

  @Test
  void jumpFromLowToHighIsAnEscalation() throws UaException {
    value(9);
    alarm.acknowledge(null, "op");
    ConditionTransition t = value(90).orElseThrow();
    assertEquals(Kind.LIMIT_CHANGED, t.kind());
    assertEquals(Limit.HIGH, t.state().limit());
    assertFalse(t.state().acked());
  }

  @Test
  void retainUntilInactiveAndAcknowledged() throws UaException {
    value(85);
    assertTrue(alarm.state().retain());
    ConditionTransition normal = value(50).orElseThrow();
    assertTrue(normal.state().retain(), "inactive but unacknowledged is still retained");
    ConditionTransition ack = alarm.acknowledge("done", "op");
    assertEquals(Kind.ACKNOWLEDGED, ack.kind());
    assertFalse(ack.state().retain());
    assertEquals("done", ack.state().comment());
    assertEquals("op", ack.state().clientUserId());
    assertEquals(clock.instant(), ack.time(), "operator actions take the injected clock's time");
  }

  @Test
  void ackRules() throws UaException {
    UaException already = assertThrows(UaException.class, () -> alarm.acknowledge(null, "op"));
    assertEquals(StatusCodes.Bad_ConditionBranchAlreadyAcked, already.getStatusCode().getValue());

    value(85);
    alarm.acknowledge(null, "op");
    UaException twice = assertThrows(UaException.class, () -> alarm.acknowledge(null, "op"));
    assertEquals(StatusCodes.Bad_ConditionBranchAlreadyAcked, twice.getStatusCode().getValue());
    assertTrue(alarm.state().active(), "acknowledging does not clear the alarm");
  }

  @Test
  void disabledConditionIgnoresValuesRefusesAckAndIsNotRetained() throws UaException {
    value(85);
    ConditionTransition off = alarm.disable();
    assertEquals(Kind.DISABLED, off.kind());
    assertFalse(off.state().enabled());
    assertFalse(off.state().active());
    assertFalse(off.state().retain());

    assertTrue(value(99).isEmpty());
    UaException ack = assertThrows(UaException.class, () -> alarm.acknowledge(null, "op"));
    assertEquals(StatusCodes.Bad_ConditionDisabled, ack.getStatusCode().getValue());
    UaException comment = assertThrows(UaException.class, () -> alarm.addComment("x", "op"));
    assertEquals(StatusCodes.Bad_ConditionDisabled, comment.getStatusCode().getValue());
    UaException again = assertThrows(UaException.class, alarm::disable);
    assertEquals(StatusCodes.Bad_ConditionAlreadyDisabled, again.getStatusCode().getValue());
  }

  @Test
  void enablingReevaluatesTheLastValue() throws UaException {
    alarm.disable();
    value(99);
    ConditionTransition on = alarm.enable();
    assertEquals(Kind.ENABLED, on.kind());
    assertTrue(on.state().active());
    assertEquals(Limit.HIGH_HIGH, on.state().limit());
    assertFalse(on.state().acked());
    UaException again = assertThrows(UaException.class, alarm::enable);
    assertEquals(StatusCodes.Bad_ConditionAlreadyEnabled, again.getStatusCode().getValue());
  }

  @Test
  void enablingWithANormalValueIsQuiet() throws UaException {
    alarm.disable();
    value(50);
    ConditionTransition on = alarm.enable();
    assertFalse(on.state().active());
    assertTrue(on.state().acked());
    assertFalse(on.state().retain());
  }

  @Test
  void commentKeepsStateAndRecordsUser() throws UaException {
    value(85);
    ConditionTransition t = alarm.addComment("pump 2 checked", "alice");
    assertEquals(Kind.COMMENTED, t.kind());
    assertTrue(t.state().active());
    assertFalse(t.state().acked());
    assertEquals("pump 2 checked", t.state().comment());
    assertEquals("alice", t.state().clientUserId());
  }

  @Test
  void nanIsIgnored() {
    assertTrue(value(Double.NaN).isEmpty());
    assertFalse(alarm.state().active());
  }

  @Test
  void restoredActiveConditionWithUnknownLimitSettlesOnNextValue() {
    Instant t = T0.minusSeconds(60);
    alarm.restore(new ConditionState(true, true, null, false, 1, "x", "op", t, t, t, t));
    assertEquals(700, alarm.state().severity(), "severity comes from the definition");
    assertTrue(alarm.state().retain());

    ConditionTransition settle = value(85).orElseThrow();
    assertEquals(Kind.LIMIT_CHANGED, settle.kind());
    assertEquals(Limit.HIGH, settle.state().limit());
    assertFalse(settle.state().acked());

    assertEquals(Kind.RETURNED_TO_NORMAL, value(40).orElseThrow().kind());
  }

  @Test
  void restoredAcknowledgedConditionWithUnknownLimitStaysAcknowledged() {
    Instant t = T0.minusSeconds(60);
    alarm.restore(new ConditionState(true, true, null, true, 700, "seen", "op", t, t, t, t));

    ConditionTransition settle = value(85).orElseThrow();
    assertEquals(Kind.LIMIT_CHANGED, settle.kind());
    assertEquals(Limit.HIGH, settle.state().limit());
    assertTrue(settle.state().acked(), "the acknowledgement from before the restart holds");
    assertEquals(t, settle.state().ackedTime());

    assertEquals(Kind.LIMIT_CHANGED, value(97).orElseThrow().kind());
    assertFalse(alarm.state().acked(), "a real escalation after that needs a new acknowledgement");
  }

  @Test
  void restoredStateWithKnownLimitStaysQuietWhileValueStaysThere() {
    Instant t = T0.minusSeconds(60);
    alarm.restore(new ConditionState(true, true, Limit.HIGH, true, 700, null, null, t, t, t, t));
    assertTrue(value(81).isEmpty());
    assertTrue(value(79).isEmpty(), "hysteresis applies to the restored limit");
  }

  @Test
  void definitionValidationNamesTheAlarmAndTheProblem() {
    IllegalArgumentException order =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new LimitAlarmDefinition(
                    "Level", SOURCE, "Tank.Level", 70.0, 80.0, null, null, 1, 500, null));
    assertEquals(
        "limit alarm 'Level' on Tank.Level: high (80.0) must be below highHigh (70.0)",
        order.getMessage());

    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new LimitAlarmDefinition(
                    "Level", SOURCE, "Tank.Level", null, null, null, null, 1, 500, null));
    assertTrue(none.getMessage().contains("at least one of"), none.getMessage());

    assertThrows(
        IllegalArgumentException.class,
        () ->
            new LimitAlarmDefinition(
                "Level", SOURCE, "Tank.Level", null, 80.0, null, null, -1, 500, null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new LimitAlarmDefinition(
                "Level", SOURCE, "Tank.Level", null, 80.0, null, null, 0, 0, null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new LimitAlarmDefinition(
                "a/b", SOURCE, "Tank.Level", null, 80.0, null, null, 0, 1, null));

    LimitAlarmDefinition defaulted =
        new LimitAlarmDefinition("High", SOURCE, "Tank.Level", null, 80.0, null, null, 0, 1, " ");
    assertEquals("Tank.Level High", defaulted.message());
  }

  /** A clock the test moves by hand; {@link #tick()} advances one second. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    Instant tick() {
      now = now.plus(Duration.ofSeconds(1));
      return now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
