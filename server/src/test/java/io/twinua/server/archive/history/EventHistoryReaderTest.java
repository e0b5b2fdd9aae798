package io.twinua.server.archive.history;

import static io.twinua.server.archive.ArchiveFixtures.T0;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.MessageRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.encoding.DefaultEncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryEvent;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryEventFieldList;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadEventDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventHistoryReaderTest {

  private static final NodeId SESSION = new NodeId(1, "session-1");
  private static final int MAX_SELECT_CLAUSES = 64;
  private static final String[] FIELDS = {
    "EventId",
    "EventType",
    "SourceNode",
    "SourceName",
    "Time",
    "ReceiveTime",
    "Message",
    "Severity",
    "ConditionName",
    "ActiveState/Id",
    "AckedState/Id",
    "ActiveState",
    "Retain",
    "Comment",
    "NoSuchField"
  };

  @TempDir Path dir;
  private ArchiveDatabase db;
  private EventHistoryReader reader;

  @BeforeEach
  void open() {
    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.of(5, 100));
    reader =
        new EventHistoryReader(
            db.messages(), new HistoryContinuations(10, 100), DefaultEncodingContext.INSTANCE, 4, MAX_SELECT_CLAUSES);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void mapsSelectClausesOntoArchivedFields() {
    MessageRecord alarm =
        new MessageRecord(
            ByteString.of(new byte[] {1, 2, 3}),
            NodeIds.ExclusiveLimitAlarmType.toParseableString(),
            "ns=2;s=Tank1.Level",
            "Tank1.Level",
            T0,
            T0 + 5,
            700,
            "Tank 1 level high",
            null,
            "HighLevel",
            true,
            false,
            true,
            true,
            "seen",
            "STATION-A");
    db.messages().append(alarm);
    db.messages().flush();

    HistoryReadResult r =
        reader.read(SESSION, details(T0, T0 + 100, 0, select(FIELDS)), id(null), false);

    assertEquals(StatusCodes.Good, r.getStatusCode().getValue());
    HistoryEventFieldList[] events = decode(r);
    assertEquals(1, events.length);
    Variant[] f = events[0].getEventFields();
    assertEquals(FIELDS.length, f.length);
    assertEquals(new Variant(ByteString.of(new byte[] {1, 2, 3})), f[0]);
    assertEquals(new Variant(NodeIds.ExclusiveLimitAlarmType), f[1]);
    assertEquals(new Variant(new NodeId(2, "Tank1.Level")), f[2]);
    assertEquals(new Variant("Tank1.Level"), f[3]);
    assertEquals(new Variant(new DateTime(T0)), f[4]);
    assertEquals(new Variant(new DateTime(T0 + 5)), f[5]);
    assertEquals("Tank 1 level high", ((LocalizedText) f[6].getValue()).getText());
    assertEquals(new Variant(ushort(700)), f[7]);
    assertEquals(new Variant("HighLevel"), f[8]);
    assertEquals(new Variant(true), f[9]);
    assertEquals(new Variant(false), f[10]);
    assertEquals("Active", ((LocalizedText) f[11].getValue()).getText());
    assertEquals(new Variant(true), f[12]);
    assertEquals("seen", ((LocalizedText) f[13].getValue()).getText());
    assertEquals(Variant.NULL_VALUE, f[14], "unknown fields are null");
  }

  @Test
  void systemMessageHasNullConditionFields() {
    db.messages()
        .append(
            new MessageRecord(
                ByteString.of(new byte[] {9}),
                "i=2041",
                "i=2253",
                "Server",
                T0,
                T0,
                500,
                "Partner station failure",
                1012200,
                null,
                null,
                null,
                null,
                null,
                null,
                "STATION-B"));
    db.messages().flush();
    Variant[] f =
        decode(
            reader.read(
                SESSION,
                details(T0, 0, 0, select("ConditionName", "AckedState/Id", "Severity")),
                id(null),
                false))[0]
            .getEventFields();
    assertEquals(Variant.NULL_VALUE, f[0]);
    assertEquals(Variant.NULL_VALUE, f[1]);
    assertEquals(new Variant(ushort(500)), f[2]);
  }

  @Test
  void pagesWithContinuationPointsInBothDirections() {
    for (int i = 0; i < 10; i++) {
      db.messages()
          .append(
              new MessageRecord(
                  ByteString.of(new byte[] {(byte) i}),
                  "i=2041",
                  "i=2253",
                  "Server",
                  T0 + i,
                  T0 + i,
                  500,
                  "m" + i,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  "A"));
    }
    db.messages().flush();
    assertEquals(
        List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"),
        readAll(T0, T0 + 100, 0));
    assertEquals(
        List.of("m9", "m8", "m7", "m6", "m5", "m4", "m3", "m2", "m1"), readAll(T0 + 100, T0, 0));
    assertEquals(
        List.of("m0", "m1", "m2", "m3", "m4", "m5"), readAll(T0, 0, 6), "one time: total count");
  }

  @Test
  void filterIsRequiredAndPointsAreChecked() {
    assertEquals(
        StatusCodes.Bad_EventFilterInvalid,
        reader
            .read(
                SESSION,
                new ReadEventDetails(uint(0), new DateTime(T0), new DateTime(T0 + 1), null),
                id(null),
                false)
            .getStatusCode()
            .getValue());
    assertEquals(
        StatusCodes.Bad_ContinuationPointInvalid,
        reader
            .read(
                SESSION,
                details(T0, T0 + 1, 0, select("Message")),
                id(ByteString.of(new byte[] {5})),
                false)
            .getStatusCode()
            .getValue());
    assertEquals(
        StatusCodes.Good_NoData,
        reader
            .read(SESSION, details(T0, T0 + 1, 0, select("Message")), id(null), false)
            .getStatusCode()
            .getValue());
  }

  /**
   * Issue 12 item 5: an event costs one value per select clause of the request's budget; a read
   * with more clauses than the budget still gets one event per request, and a node that finds the
   * budget spent gets a point to its first page.
   */
  @Test
  void eventsSpendTheRequestsBudgetPerSelectClause() {
    for (int i = 0; i < 10; i++) {
      db.messages().append(new MessageRecord(ByteString.of(new byte[] {(byte) i}), "i=2041", "i=2253", "Server",
          T0 + i, T0 + i, 500, "m" + i, null, null, null, null, null, null, null, "A"));
    }
    db.messages().flush();
    EventHistoryReader wide =
        new EventHistoryReader(db.messages(), new HistoryContinuations(10, 100), DefaultEncodingContext.INSTANCE, 1000,
            MAX_SELECT_CLAUSES);
    String[] fiveFields = {"Message", "Time", "Severity", "SourceName", "EventId"};
    HistoryBudget budget = HistoryBudget.of(12);
    HistoryReadResult first = wide.read(SESSION, details(T0, T0 + 100, 0, select(fiveFields)), id(null), false, budget);
    assertEquals(2, decode(first).length, "12 values buy two events of five fields");
    HistoryReadResult second = wide.read(SESSION, details(T0, T0 + 100, 0, select(fiveFields)), id(null), false, budget);
    assertEquals(0, decode(second).length);
    assertNotNull(second.getContinuationPoint(), "a point to the first page instead");
    HistoryReadResult resumed = wide.read(SESSION, details(T0, T0 + 100, 0, select(fiveFields)),
        id(second.getContinuationPoint()), false, HistoryBudget.of(1000));
    assertEquals(10, decode(resumed).length, "the deferred node's events from the first");

    String[] many = new String[50];
    java.util.Arrays.fill(many, "Message");
    HistoryReadResult wideSelect = wide.read(SESSION, details(T0, T0 + 100, 0, select(many)), id(null), false,
        HistoryBudget.of(12));
    assertEquals(1, decode(wideSelect).length, "more clauses than the budget: one event, and a point to go on");
    assertNotNull(wideSelect.getContinuationPoint());
  }

  /**
   * Issue 12 item 5: an event read is cut where the client's response limit is reached, with a
   * point to go on; every event arrives once over the pages, and no page exceeds the limit.
   */
  @Test
  void eventsArePagedWithinTheResponseLimit() {
    int count = 200;
    for (int i = 0; i < count; i++) {
      db.messages().append(new MessageRecord(ByteString.of(new byte[] {(byte) i, (byte) (i >> 8)}), "i=2041", "i=2253",
          "Server", T0 + i, T0 + i, 500, i + " " + "m".repeat(1000), null, null, null, null, null, null, null, "A"));
    }
    db.messages().flush();
    EventHistoryReader wide = new EventHistoryReader(db.messages(), new HistoryContinuations(10, 100),
        DefaultEncodingContext.INSTANCE, 1000, MAX_SELECT_CLAUSES);
    int limit = 64 * 1024;
    List<Integer> pages = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    ByteString cp = null;
    do {
      HistoryReadResult r = wide.read(SESSION, details(T0, T0 + count, 0, select("Message", "Time", "EventId")), id(cp),
          false, HistoryBudget.of(10_000, limit));
      assertEquals(StatusCodes.Good, r.getStatusCode().getValue());
      assertTrue(((ByteString) r.getHistoryData().getBody()).length() < limit - HistoryBudget.RESPONSE_OVERHEAD,
          "page within the limit");
      HistoryEventFieldList[] events = decode(r);
      for (HistoryEventFieldList e : events) {
        seen.add(((LocalizedText) e.getEventFields()[0].getValue()).getText());
      }
      pages.add(events.length);
      cp = r.getContinuationPoint();
    } while (cp != null && pages.size() < count);
    assertEquals(count, seen.size(), "every event once, in pages " + pages);
    assertEquals(count, pages.stream().mapToInt(Integer::intValue).sum(), "no event twice: " + pages);
    assertTrue(pages.size() > 3, "more than one page: " + pages);
  }

  @Test
  void anEventLargerThanTheResponseLimitIsTooLarge() {
    db.messages().append(new MessageRecord(ByteString.of(new byte[] {1}), "i=2041", "i=2253", "Server", T0, T0, 500,
        "m".repeat(100_000), null, null, null, null, null, null, null, "A"));
    db.messages().flush();
    HistoryReadResult r = reader.read(SESSION, details(T0, T0 + 100, 0, select("Message")), id(null), false,
        HistoryBudget.of(10_000, 64 * 1024));
    assertEquals(StatusCodes.Bad_ResponseTooLarge, r.getStatusCode().getValue());
  }

  /** Issue 12 item 5: 2,000 select clauses built 41 MB; the project bounds them (history.maxSelectClauses). */
  @Test
  void moreSelectClausesThanTheProjectAllowsAreRefused() {
    db.messages().append(new MessageRecord(ByteString.of(new byte[] {1}), "i=2041", "i=2253", "Server", T0, T0, 500,
        "m", null, null, null, null, null, null, null, "A"));
    db.messages().flush();
    String[] most = new String[MAX_SELECT_CLAUSES];
    java.util.Arrays.fill(most, "Message");
    String[] tooMany = java.util.Arrays.copyOf(most, 2_000);
    java.util.Arrays.fill(tooMany, "Message");

    assertEquals(StatusCodes.Good,
        reader.read(SESSION, details(T0, T0 + 100, 0, select(most)), id(null), false).getStatusCode().getValue());
    HistoryReadResult refused = reader.read(SESSION, details(T0, T0 + 100, 0, select(tooMany)), id(null), false);
    assertEquals(StatusCodes.Bad_EventFilterInvalid, refused.getStatusCode().getValue());
  }

  private List<String> readAll(long start, long end, int max) {
    List<String> out = new ArrayList<>();
    ByteString cp = null;
    do {
      HistoryReadResult r =
          reader.read(SESSION, details(start, end, max, select("Message")), id(cp), false);
      for (HistoryEventFieldList e : decode(r)) {
        out.add(((LocalizedText) e.getEventFields()[0].getValue()).getText());
      }
      cp = r.getContinuationPoint();
      if (cp != null) {
        assertNotNull(r.getHistoryData());
      }
    } while (cp != null);
    return out;
  }

  private static EventFilter select(String... paths) {
    SimpleAttributeOperand[] clauses = new SimpleAttributeOperand[paths.length];
    for (int i = 0; i < paths.length; i++) {
      String[] parts = paths[i].split("/");
      QualifiedName[] path = new QualifiedName[parts.length];
      for (int p = 0; p < parts.length; p++) {
        path[p] = new QualifiedName(0, parts[p]);
      }
      clauses[i] =
          new SimpleAttributeOperand(NodeIds.BaseEventType, path, AttributeId.Value.uid(), null);
    }
    return new EventFilter(clauses, new ContentFilter(null));
  }

  private static ReadEventDetails details(long start, long end, int max, EventFilter filter) {
    return new ReadEventDetails(uint(max), new DateTime(start), new DateTime(end), filter);
  }

  private static HistoryReadValueId id(ByteString cp) {
    return new HistoryReadValueId(NodeIds.Server, null, QualifiedName.NULL_VALUE, cp);
  }

  private static HistoryEventFieldList[] decode(HistoryReadResult r) {
    return ((HistoryEvent) r.getHistoryData().decode(DefaultEncodingContext.INSTANCE)).getEvents();
  }
}
