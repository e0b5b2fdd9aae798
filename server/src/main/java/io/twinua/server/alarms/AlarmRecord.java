package io.twinua.server.alarms;

import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * What the alarm service hands to its sink (the station's message archive) for every transition:
 * the fields of the event that was fired plus the transition with the condition's new state.
 *
 * @param eventId the fired event's EventId (unique per event; the archive's idempotency key)
 * @param eventType ExclusiveLimitAlarmType
 * @param conditionId the condition node (the event's ConditionId)
 * @param conditionName ConditionName
 * @param sourceNode SourceNode
 * @param sourceName SourceName
 * @param time Time
 * @param receiveTime ReceiveTime
 * @param severity Severity
 * @param message Message text
 * @param stationName the station where the change was made: this one, or the partner for an
 *     operator change taken over from it (online sync)
 * @param transition what changed and the state afterwards (active, acked, retain, enabled, comment)
 */
public record AlarmRecord(
    ByteString eventId,
    NodeId eventType,
    NodeId conditionId,
    String conditionName,
    NodeId sourceNode,
    String sourceName,
    Instant time,
    Instant receiveTime,
    int severity,
    String message,
    String stationName,
    ConditionTransition transition) {

  /** Shortcut to the condition's state after this transition. */
  public ConditionState state() {
    return transition.state();
  }
}
