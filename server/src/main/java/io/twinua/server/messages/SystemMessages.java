package io.twinua.server.messages;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.twinua.server.security.LogText;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises numbered system messages: one line in the redundancy log, one OPC UA event
 * (SystemEventType, source = Server object) and one record to the sink (the message archive).
 *
 * <p>Thread-safe: raises are serialised so log, events and archive see the same order. The sink is
 * called under that lock and must not block. If the OPC UA server is not running yet, the event is
 * skipped (logged) but the log line and the record are still produced.
 */
public final class SystemMessages {

  /** Logger of every redundancy event; the station routes it to its redundancy log file. */
  public static final String LOGGER_NAME = "twinua.redundancy";

  private static final Logger REDUNDANCY_LOG = LoggerFactory.getLogger(LOGGER_NAME);
  private static final Logger LOG = LoggerFactory.getLogger(SystemMessages.class);

  /**
   * Namespace of the transient event nodes. They live in the EventFactory's own node manager for
   * the moment of firing only; ns=1 is the server's namespace, as Milo's own events use it.
   */
  private static final int EVENT_NAMESPACE = 1;

  private final OpcUaServer server;
  private final String stationName;
  private final Consumer<SystemMessageRecord> sink;
  private final Clock clock;
  private final Object lock = new Object();

  public SystemMessages(
      OpcUaServer server, String stationName, Consumer<SystemMessageRecord> sink, Clock clock) {
    this.server = Objects.requireNonNull(server, "server");
    this.stationName = Objects.requireNonNull(stationName, "stationName");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Raise {@code message}.
   *
   * @param detail the variable part (reason, partner name, seconds, ...), may be null or empty
   * @return what was fired and archived
   */
  public SystemMessageRecord raise(SystemMessage message, String detail) {
    Objects.requireNonNull(message, "message");
    String safeDetail = detail == null ? "" : detail;
    String text = message.format(safeDetail);
    synchronized (lock) {
      if (message.kind() == SystemMessage.Kind.FAULT
          || message.kind() == SystemMessage.Kind.FAILURE) {
        REDUNDANCY_LOG.warn("{}", LogText.of(text, LogText.MAX_LINE_CHARS));
      } else {
        REDUNDANCY_LOG.info("{}", LogText.of(text, LogText.MAX_LINE_CHARS));
      }
      var record =
          new SystemMessageRecord(
              newEventId(),
              NodeIds.SystemEventType,
              NodeIds.Server,
              stationName,
              message,
              safeDetail,
              text,
              message.severity(),
              clock.instant(),
              stationName);
      fire(record);
      try {
        sink.accept(record);
      } catch (RuntimeException e) {
        LOG.error("Archiving system message {} failed", message.number(), e);
      }
      return record;
    }
  }

  private void fire(SystemMessageRecord r) {
    BaseEventTypeNode event;
    try {
      event =
          server
              .getEventFactory()
              .createEvent(new NodeId(EVENT_NAMESPACE, UUID.randomUUID()), r.eventType());
    } catch (UaException | RuntimeException e) {
      LOG.warn("System message {} not sent as an event: {}", r.number(), e.getMessage());
      return;
    }
    try {
      DateTime time = new DateTime(r.time());
      event.setEventId(r.eventId());
      // Milo 1.1.2's EventFactory does not set EventType.
      event.setEventType(r.eventType());
      event.setSourceNode(r.sourceNode());
      event.setSourceName(r.sourceName());
      event.setTime(time);
      event.setReceiveTime(time);
      event.setMessage(LocalizedText.english(r.text()));
      event.setSeverity(ushort(r.severity()));
      server.getEventNotifier().fire(event);
    } catch (RuntimeException e) {
      LOG.error("Firing system message {} failed", r.number(), e);
    } finally {
      event.delete();
    }
  }

  private static ByteString newEventId() {
    UUID uuid = UUID.randomUUID();
    return ByteString.of(
        ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array());
  }
}
