package io.twinua.server.station;

import io.twinua.server.alarms.AlarmRecord;
import io.twinua.server.alarms.ConditionState;
import io.twinua.server.archive.MessageRecord;
import io.twinua.server.archive.Ticks;
import io.twinua.server.messages.SystemMessageRecord;

/** Turns alarm transitions and system messages into rows of the message archive. */
final class MessageRecords {

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

  static MessageRecord of(SystemMessageRecord m) {
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
}
