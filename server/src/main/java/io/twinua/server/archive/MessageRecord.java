package io.twinua.server.archive;

import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * One archived alarm or system event, or one state change of a condition (each state change is an
 * event with its own EventId, so the message archive is keyed by event id alone).
 *
 * @param eventType NodeId of the event type, in NodeId string form ("i=2041", "ns=2;s=...")
 * @param sourceNode NodeId of the source, in NodeId string form
 * @param timeTicks event Time, OPC UA DateTime ticks
 * @param receiveTimeTicks ReceiveTime, OPC UA DateTime ticks
 * @param messageNumber system message number (e.g. 1012200), null for process alarms
 * @param stationName station on which the event arose
 */
public record MessageRecord(
    ByteString eventId,
    String eventType,
    String sourceNode,
    String sourceName,
    long timeTicks,
    long receiveTimeTicks,
    int severity,
    String message,
    @Nullable Integer messageNumber,
    @Nullable String conditionName,
    @Nullable Boolean active,
    @Nullable Boolean acked,
    @Nullable Boolean retain,
    @Nullable Boolean enabled,
    @Nullable String comment,
    String stationName) {

  public MessageRecord {
    Objects.requireNonNull(eventId, "eventId");
    if (eventId.isNullOrEmpty()) {
      throw new IllegalArgumentException("message eventId must not be empty");
    }
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(sourceNode, "sourceNode");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(stationName, "stationName");
    if (severity < 1 || severity > 1000) {
      throw new IllegalArgumentException(
          "message severity must be 1..1000 (Part 5 BaseEventType), got " + severity);
    }
  }
}
