package io.twinua.server.archive;

import static io.twinua.server.archive.ArchiveFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageArchiveTest {

  @TempDir Path dir;
  private ArchiveDatabase db;

  @BeforeEach
  void open() {
    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.of(5, 100));
  }

  @AfterEach
  void close() {
    db.close();
  }

  static MessageRecord alarm(int n, long time) {
    return new MessageRecord(
        ByteString.of(new byte[] {(byte) (n >> 8), (byte) n, 7}),
        "i=9341", // ExclusiveLimitAlarmType
        "ns=2;s=Tank1.Level",
        "Tank1.Level",
        time,
        time + 5,
        700,
        "Tank 1 level high (" + n + ")",
        null,
        "HighLevel",
        n % 2 == 0,
        n % 3 == 0,
        true,
        true,
        n % 5 == 0 ? "checked by operator" : null,
        "STATION-A");
  }

  static MessageRecord systemMessage(int n, long time) {
    return new MessageRecord(
        ByteString.of(new byte[] {9, (byte) n}),
        "i=2041",
        "i=2253",
        "Server",
        time,
        time,
        500,
        "Partner station failure",
        1012200,
        null,
        null,
        null,
        null,
        null,
        null,
        "STATION-B");
  }

  @Test
  void roundTripsEveryField() {
    MessageRecord a = alarm(10, T0);
    MessageRecord s = systemMessage(1, T0 + 1);
    db.messages().append(a);
    db.messages().append(s);
    db.messages().flush();

    assertEquals(List.of(a, s), db.messages().read(T0, 0, 0, null));
    assertEquals(Optional.of(s), db.messages().find(s.eventId()));
  }

  @Test
  void sameEventIdIsStoredOnceEvenWhenReplayed() {
    List<MessageRecord> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      batch.add(alarm(i, T0 + i));
    }
    batch.forEach(db.messages()::append);
    db.messages().flush();
    batch.forEach(db.messages()::append); // the partner syncs the same outage again
    db.messages().append(alarm(0, T0 + 999)); // same event id, other content: first one stays
    db.messages().flush();

    assertEquals(300, db.messages().count());
    assertEquals(T0, db.messages().find(alarm(0, 0).eventId()).orElseThrow().timeTicks());
  }

  @Test
  void readsByTimeInBothDirectionsAndPagesWithoutGapsOnEqualTimes() {
    List<MessageRecord> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(alarm(i, T0 + (i / 5) * 10L)); // five messages share each time stamp
    }
    all.forEach(db.messages()::append);
    db.messages().flush();

    List<MessageRecord> forward = db.messages().read(T0, T0 + 100, 0, null);
    assertEquals(50, forward.size());
    assertEquals(forward, paged(T0, T0 + 100, 3));
    assertEquals(10, db.messages().read(T0 + 20, T0 + 40, 0, null).size(), "end time excluded");

    List<MessageRecord> backward = db.messages().read(T0 + 90, T0, 0, null);
    assertEquals(45, backward.size(), "backwards the end time (T0) is excluded");
    assertEquals(T0 + 90, backward.get(0).timeTicks());
    assertEquals(backward, paged(T0 + 90, T0, 4));
    assertEquals(
        5,
        db.messages().read(0, T0 + 10, 7, null).stream()
            .filter(m -> m.timeTicks() == T0 + 10)
            .count());
    assertEquals(5, db.messages().read(T0 + 10, T0 + 10, 0, null).size(), "one instant");
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThrows(ArchiveException.class, () -> db.messages().read(0, 0, 10, null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new MessageRecord(
                ByteString.of(new byte[0]),
                "i=2041",
                "i=2253",
                "Server",
                T0,
                T0,
                500,
                "x",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "A"));
  }

  private List<MessageRecord> paged(long start, long end, int pageSize) {
    List<MessageRecord> out = new ArrayList<>();
    MessageCursor cursor = null;
    while (true) {
      List<MessageRecord> page = db.messages().read(start, end, pageSize, cursor);
      out.addAll(page);
      if (page.size() < pageSize) {
        return out;
      }
      cursor = MessageCursor.after(page.get(page.size() - 1));
    }
  }

  private static MessageRecord state(int id, String type, String source, String condition, long time) {
    return new MessageRecord(ByteString.of(new byte[] {3, (byte) id}), type, source, source, time, time, 700,
        condition + " " + id, null, condition, true, id % 2 == 0, true, true, null, "STATION-A");
  }

  @Test
  void newestOfEachConditionIsItsLatestRowByEventTimeThenEventId() {
    String limit = "i=9341";
    MessageRecord levelNewest = state(4, limit, "ns=2;s=Level", "High", T0 + 30);
    MessageRecord levelTieLoser = state(3, limit, "ns=2;s=Level", "High", T0 + 30);
    MessageRecord lowNewest = state(6, limit, "ns=2;s=Level", "Low", T0 + 5);
    // stored newest first: the event time decides, not the order of arrival
    for (MessageRecord m : List.of(levelNewest, levelTieLoser, state(2, limit, "ns=2;s=Level", "High", T0 + 20),
        state(1, limit, "ns=2;s=Level", "High", T0 + 10), lowNewest, state(5, limit, "ns=2;s=Level", "Low", T0),
        state(7, "i=2915", "ns=2;s=Level", "High", T0 + 40), // another event type
        state(8, limit, "ns=2;s=Other", "High", T0 + 50), // another source
        systemMessage(9, T0 + 60))) {
      db.messages().append(m);
    }
    db.messages().flush();

    List<MessageRecord> newest = db.messages().newestOfEachCondition(limit, List.of(
        new MessageArchive.Condition("ns=2;s=Level", "High"), new MessageArchive.Condition("ns=2;s=Level", "Low"),
        new MessageArchive.Condition("ns=2;s=Level", "High"), // asked twice, answered once
        new MessageArchive.Condition("ns=2;s=Level", "NeverRaised")));

    assertEquals(List.of(levelNewest, lowNewest), newest);
    assertEquals(List.of(), db.messages().newestOfEachCondition(limit, List.of()));
  }

  @Test
  void newestOfEachConditionSeeksAnIndexInsteadOfScanningTheArchive() {
    String plan = db.read(c -> {
      StringBuilder out = new StringBuilder();
      try (var ps = c.prepareStatement("EXPLAIN QUERY PLAN " + MessageArchive.NEWEST_OF_CONDITION)) {
        ps.setString(1, "ns=2;s=Level");
        ps.setString(2, "High");
        ps.setString(3, "i=9341");
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            out.append(rs.getString("detail")).append('\n');
          }
        }
      }
      return out.toString();
    });

    assertTrue(plan.contains("USING INDEX message_condition (source_node=? AND condition_name=?)"), plan);
    assertFalse(plan.contains("TEMP B-TREE"), "the index gives the order, nothing is sorted: " + plan);
  }

  @Test
  void anArchiveMadeBeforeTheConditionIndexGetsItWhenOpened() {
    db.write(c -> {
      try (var s = c.createStatement()) {
        s.execute("DROP INDEX message_condition");
      }
      return null;
    });
    db.close();

    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.of(5, 100));

    long indexes = db.read(c -> {
      try (var s = c.createStatement();
          var rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'message_condition'")) {
        rs.next();
        return rs.getLong(1);
      }
    });
    assertEquals(1, indexes);
  }
}
