package io.twinua.server.station;

import io.twinua.server.alarms.AlarmRecord;
import io.twinua.server.alarms.ConditionSnapshot;
import io.twinua.server.alarms.ConditionState;
import io.twinua.server.archive.MessageRecord;
import io.twinua.server.archive.Ticks;
import io.twinua.server.messages.SystemMessageRecord;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns alarm transitions and system messages into rows of the message archive. */
public final class MessageRecords {

  private static final Logger LOG = LoggerFactory.getLogger(MessageRecords.class);

  private MessageRecords() {}

  static MessageRecord of(AlarmRecord a) {
    ConditionState s = a.state();
    return new MessageRecord(
        a.eventId(),
        a.eventType().toParseableString(),
        a.sourceNode().toParseableString(),
        a.sourceName(),
        Ticks.of(a.time()),
        Ticks.of(a.receiveTime()),
        a.severity(),
        a.message(),
        null,
        a.conditionName(),
        s.active(),
        s.acked(),
        s.retain(),
        s.enabled(),
        s.comment(),
        a.stationName());
  }

  public static MessageRecord of(SystemMessageRecord m) {
    return new MessageRecord(
        m.eventId(),
        m.eventType().toParseableString(),
        m.sourceNode().toParseableString(),
        m.sourceName(),
        Ticks.of(m.time()),
        Ticks.of(m.time()),
        m.severity(),
        m.text(),
        m.number(),
        null, null, null, null, null, null,
        m.stationName());
  }

  /**
   * The condition state an alarm row holds, for a restart. A row keeps Enabled, Active, Acked and
   * the comment, not the limit (null: the next value tells it), the user or the time of each
   * sub-state (all the time of the row's transition). Empty for rows that are not condition states.
   */
  static Optional<ConditionSnapshot> conditionSnapshot(MessageRecord m) {
    if (m.conditionName() == null || m.enabled() == null || m.active() == null || m.acked() == null) {
      return Optional.empty();
    }
    Instant t = Ticks.toInstant(m.timeTicks());
    try {
      return Optional.of(new ConditionSnapshot(NodeId.parse(m.sourceNode()), m.conditionName(),
          new ConditionState(m.enabled(), m.active(), null, m.acked(), m.severity(), m.comment(), null, t, t, t, t)));
    } catch (RuntimeException e) {
      LOG.warn("archived state of alarm {} on {} is not usable, it starts fresh: {}",
          m.conditionName(), m.sourceNode(), e.getMessage());
      return Optional.empty();
    }
  }
}
