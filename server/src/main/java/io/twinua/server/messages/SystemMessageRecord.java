package io.twinua.server.messages;

import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * A raised system message as handed to the sink (the station's message archive).
 *
 * @param eventId the fired event's EventId (unique; the archive's idempotency key)
 * @param eventType SystemEventType (i=2130)
 * @param sourceNode the Server object (i=2253)
 * @param sourceName the station name
 * @param message which message
 * @param detail the variable part, may be empty
 * @param text the full event Message: {@code [number] text: detail}
 * @param severity the event Severity
 * @param time Time (and ReceiveTime) of the event
 * @param stationName the station that raised it
 */
public record SystemMessageRecord(
    ByteString eventId,
    NodeId eventType,
    NodeId sourceNode,
    String sourceName,
    SystemMessage message,
    String detail,
    String text,
    int severity,
    Instant time,
    String stationName) {

  /** The message number, e.g. 1012200. */
  public int number() {
    return message.number();
  }
}
