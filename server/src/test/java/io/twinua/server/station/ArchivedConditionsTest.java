package io.twinua.server.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.alarms.AlarmRecord;
import io.twinua.server.alarms.ConditionSnapshot;
import io.twinua.server.alarms.ConditionState;
import io.twinua.server.alarms.ConditionTransition;
import io.twinua.server.alarms.ConditionTransition.Kind;
import io.twinua.server.alarms.Limit;
import io.twinua.server.alarms.LimitAlarmDefinition;
import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.MessageRecord;
import io.twinua.server.archive.Ticks;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a station reads back from its message archive (real SQLite) to restore its alarms. */
class ArchivedConditionsTest {

  private static final NodeId LEVEL = new NodeId(2, "Plant.Tank.Level");
  private static final NodeId PRESSURE = new NodeId(2, "Plant.Pressure");
  private static final Instant T0 = Instant.parse("2026-01-01T08:00:00Z");

  @TempDir Path dir;
  private ArchiveDatabase archive;

  @BeforeEach
  void open() {
    archive = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.defaults());
  }

  @AfterEach
  void close() {
    archive.close();
  }

  @Test
  void newestStateOfEachConfiguredAlarmComesBack() {
    LimitAlarmDefinition high = alarm("LevelHigh", LEVEL);
    LimitAlarmDefinition low = alarm("LevelLow", LEVEL);
    LimitAlarmDefinition pressure = alarm("Pressure", PRESSURE);
    ConditionState active = new ConditionState(true, true, Limit.HIGH, false, 700, null, null, T0, T0, T0, T0);
    Instant t1 = T0.plusSeconds(10);
    ConditionState acked = new ConditionState(true, true, Limit.HIGH, true, 700, "seen", "op", T0, T0, t1, t1);
    Instant t2 = T0.plusSeconds(20);
    ConditionState disabled = new ConditionState(false, false, null, true, 700, null, null, t2, t2, T0, t2);

    append(high, Kind.ACKNOWLEDGED, acked); // stored before the older one: the event time decides
    append(high, Kind.ACTIVATED, active);
    append(low, Kind.DISABLED, disabled);
    append(alarm("Removed", PRESSURE), Kind.ACTIVATED, active);
    // newer system messages than any alarm: the newest row of the archive is no alarm state
    for (int i = 0; i < 1200; i++) {
      archive.messages().append(systemMessage(T0.plusSeconds(100 + i)));
    }
    archive.messages().flush();

    Map<String, ConditionSnapshot> restored = ArchivedConditions.latest(archive.messages(), List.of(high, low, pressure))
        .stream().collect(Collectors.toMap(ConditionSnapshot::conditionName, s -> s));

    assertEquals(List.of("LevelHigh", "LevelLow"), restored.keySet().stream().sorted().toList(),
        "an alarm without records starts fresh; a removed alarm is not asked for");
    ConditionState h = restored.get("LevelHigh").state();
    assertEquals(LEVEL, restored.get("LevelHigh").sourceNode());
    assertTrue(h.enabled() && h.active() && h.acked(), h.toString());
    assertEquals("seen", h.comment());
    assertNull(h.limit(), "the archive keeps no limit: the next value tells it");
    assertEquals(t1, h.time());
    ConditionState l = restored.get("LevelLow").state();
    assertFalse(l.enabled(), "a disabled alarm stays disabled");
    assertFalse(l.retain());
  }

  @Test
  void emptyArchiveRestoresNothing() {
    assertEquals(List.of(), ArchivedConditions.latest(archive.messages(), List.of(alarm("LevelHigh", LEVEL))));
  }

  private static LimitAlarmDefinition alarm(String name, NodeId source) {
    return new LimitAlarmDefinition(name, source, "Level", null, 80.0, null, null, 0, 700, "out of range");
  }

  private void append(LimitAlarmDefinition d, Kind kind, ConditionState state) {
    var transition = new ConditionTransition(kind, state, d.message(), state.time());
    archive.messages().append(MessageRecords.of(new AlarmRecord(eventId(), NodeIds.ExclusiveLimitAlarmType,
        new NodeId(2, d.source().getIdentifier() + ".Alarm." + d.name()), d.name(), d.source(), d.sourceBrowseName(),
        state.time(), state.time(), state.severity(), d.message(), "STATION-A", transition)));
  }

  private static MessageRecord systemMessage(Instant t) {
    return new MessageRecord(eventId(), "i=2041", "i=2253", "Server", Ticks.of(t), Ticks.of(t), 500, "something",
        1012200, null, null, null, null, null, null, "STATION-A");
  }

  private static ByteString eventId() {
    UUID u = UUID.randomUUID();
    return ByteString.of(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
  }
}
