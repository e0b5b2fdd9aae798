package io.twinua.tools.hmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.switcher.Event;
import java.time.Instant;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.jupiter.api.Test;

/** The alarm list follows each condition's latest event and shows it while Retain is true (Part 9). */
class AlarmBoardTest {

  private static final NodeId TANK = new NodeId(2, "Tank2Level");
  private static final NodeId PUMP = new NodeId(2, "Pump1Fault");

  @Test
  void theLatestEventOfAConditionReplacesTheLastAndRetainFalseRemovesIt() {
    AlarmBoard board = new AlarmBoard();
    assertTrue(board.apply(event(TANK, "e1", 700, true, false, true, "urn:a")));
    assertTrue(board.apply(event(PUMP, "e2", 900, true, false, true, "urn:a")));
    assertEquals(List.of("Pump1Fault", "Tank2Level"), board.list().stream().map(AlarmBoard.Alarm::name).toList(),
        "most severe first");

    // after a switch the new server's refresh replaces the old server's state and EventId
    assertTrue(board.apply(event(TANK, "0f", 700, true, true, true, "urn:b")));
    AlarmBoard.Alarm tank = board.find(TANK.toParseableString());
    assertTrue(tank.acked());
    assertEquals("0f", tank.eventId());
    assertEquals("urn:b", tank.server());

    assertTrue(board.apply(event(PUMP, "e3", 900, false, true, false, "urn:b")), "Retain false: gone");
    assertEquals(List.of("Tank2Level"), board.list().stream().map(AlarmBoard.Alarm::name).toList());
    assertFalse(board.apply(event(PUMP, "e4", 900, false, true, false, "urn:b")), "nothing to remove twice");
  }

  @Test
  void eventsOfNoConditionChangeNothing() {
    AlarmBoard board = new AlarmBoard();
    assertFalse(board.apply(event(NodeId.NULL_VALUE, "e1", 100, false, false, false, "urn:a")));
    assertTrue(board.list().isEmpty());
  }

  private static Event event(NodeId condition, String eventIdHex, int severity, boolean active, boolean acked,
      boolean retain, String server) {
    List<Variant> fields = List.of(
        new Variant(ByteString.of(java.util.HexFormat.of().parseHex(eventIdHex.length() % 2 == 0 ? eventIdHex : "0" + eventIdHex))),
        new Variant(condition),
        new Variant(condition.getIdentifier().toString()),
        new Variant("Storage"),
        new Variant(Unsigned.ushort(severity)),
        new Variant(LocalizedText.english("level high")),
        new Variant(DateTime.now()),
        new Variant(active),
        new Variant(acked),
        new Variant(retain));
    return new Event(fields, Instant.now(), server, false);
  }
}
