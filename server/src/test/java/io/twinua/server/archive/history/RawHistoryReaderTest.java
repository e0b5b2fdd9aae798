package io.twinua.server.archive.history;

import static io.twinua.server.archive.ArchiveFixtures.T0;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveFixtures;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.config.HistorySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.encoding.DefaultEncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawHistoryReaderTest {

  private static final NodeId SESSION = new NodeId(1, "session-1");
  private static final NodeId NODE = new NodeId(2, "Tank1.Level");

  @TempDir Path dir;
  private ArchiveDatabase db;
  private HistoryContinuations continuations;
  private RawHistoryReader reader;
  private final List<DataValue> appended = new ArrayList<>();

  @BeforeEach
  void open() {
    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.of(5, 1000));
    continuations = new HistoryContinuations(10, 100);
    reader = new RawHistoryReader(db.rawValues(), continuations, DefaultEncodingContext.INSTANCE, 10);
    for (int i = 0; i < 25; i++) {
      DataValue v =
          new DataValue(
              new Variant(i * 1.5),
              StatusCode.GOOD,
              new DateTime(T0 + i * 10L),
              null,
              new DateTime(T0 + i * 10L + 3),
              null);
      appended.add(v);
      db.values().append("Tank1.Level", v);
    }
    db.values().flush();
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void returnsDecodableHistoryDataEqualToWhatWasAppended() {
    List<Variant> variants = ArchiveFixtures.everyType();
    List<DataValue> expected = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      DataValue v =
          new DataValue(
              variants.get(i),
              StatusCode.GOOD,
              new DateTime(T0 + i),
              null,
              new DateTime(T0 + 100 + i),
              null);
      expected.add(v);
      db.values().append("AllTypes", v);
    }
    db.values().flush();
    RawHistoryReader big =
        new RawHistoryReader(db.rawValues(), continuations, DefaultEncodingContext.INSTANCE, 1000);

    HistoryReadResult r =
        big.read(
            SESSION,
            details(T0, T0 + 1000, 0, false),
            TimestampsToReturn.Both,
            id(null),
            "AllTypes",
            false);

    assertEquals(StatusCode.GOOD, r.getStatusCode());
    assertNull(r.getContinuationPoint());
    assertEquals(expected, List.of(decode(r)));
  }

  @Test
  void pagesWithContinuationPointsUntilDone() {
    List<DataValue> all = new ArrayList<>();
    ByteString cp = null;
    int calls = 0;
    do {
      HistoryReadResult r =
          reader.read(
              SESSION,
              details(T0, T0 + 1000, 0, false),
              TimestampsToReturn.Both,
              id(cp),
              "Tank1.Level",
              false);
      assertTrue(r.getStatusCode().isGood(), r.getStatusCode().toString());
      DataValue[] page = decode(r);
      assertTrue(page.length <= 10, "the server caps responses at 10 values");
      all.addAll(List.of(page));
      cp = r.getContinuationPoint();
      calls++;
    } while (cp != null && cp.isNotNull());
    assertEquals(3, calls);
    assertEquals(appended, all);
    assertEquals(0, continuations.size(), "finished reads leave no continuation points behind");
  }

  @Test
  void numValuesPerNodeIsThePageSizeWhenBothTimesAreGiven() {
    HistoryReadResult first =
        reader.read(
            SESSION,
            details(T0, T0 + 1000, 7, false),
            TimestampsToReturn.Both,
            id(null),
            "Tank1.Level",
            false);
    assertEquals(appended.subList(0, 7), List.of(decode(first)));
    assertNotNull(first.getContinuationPoint());
    HistoryReadResult second =
        reader.read(
            SESSION,
            details(T0, T0 + 1000, 7, false),
            TimestampsToReturn.Both,
            id(first.getContinuationPoint()),
            "Tank1.Level",
            false);
    assertEquals(appended.subList(7, 14), List.of(decode(second)));
  }

  @Test
  void numValuesPerNodeIsTheTotalWhenOnlyOneTimeIsGiven() {
    HistoryReadResult r =
        reader.read(
            SESSION,
            details(T0, 0, 5, false),
            TimestampsToReturn.Both,
            id(null),
            "Tank1.Level",
            false);
    assertEquals(StatusCodes.Good_MoreData, r.getStatusCode().getValue());
    assertNull(r.getContinuationPoint());
    assertEquals(appended.subList(0, 5), List.of(decode(r)));

    // more than one response holds: continue to the total of 15, then stop
    List<DataValue> all = new ArrayList<>();
    ByteString cp = null;
    HistoryReadResult last;
    do {
      last =
          reader.read(
              SESSION,
              details(0, T0 + 1000, 15, false),
              TimestampsToReturn.Both,
              id(cp),
              "Tank1.Level",
              false);
      all.addAll(List.of(decode(last)));
      cp = last.getContinuationPoint();
    } while (cp != null);
    assertEquals(15, all.size());
    assertEquals(appended.get(24), all.get(0), "start unset: newest first");
    assertEquals(StatusCodes.Good_MoreData, last.getStatusCode().getValue());
  }

  @Test
  void boundsAreReturned() {
    HistoryReadResult r =
        reader.read(
            SESSION,
            details(T0 - 50, T0 + 15, 0, true),
            TimestampsToReturn.Both,
            id(null),
            "Tank1.Level",
            false);
    DataValue[] values = decode(r);
    assertEquals(4, values.length);
    assertEquals(StatusCodes.Bad_BoundNotFound, values[0].getStatusCode().getValue());
    assertEquals(T0 - 50, values[0].getSourceTime().getUtcTime());
    assertEquals(appended.get(0), values[1]);
    assertEquals(appended.get(1), values[2]);
    assertEquals(appended.get(2), values[3], "end bound: first value at/after the end");
  }

  @Test
  void timestampsToReturnSelectsTimestamps() {
    DataValue source =
        decode(
            reader.read(
                SESSION,
                details(T0, T0 + 1, 0, false),
                TimestampsToReturn.Source,
                id(null),
                "Tank1.Level",
                false))[0];
    assertEquals(appended.get(0).getSourceTime(), source.getSourceTime());
    assertAbsent(source.getServerTime());
    DataValue server =
        decode(
            reader.read(
                SESSION,
                details(T0, T0 + 1, 0, false),
                TimestampsToReturn.Server,
                id(null),
                "Tank1.Level",
                false))[0];
    assertAbsent(server.getSourceTime());
    assertEquals(appended.get(0).getServerTime(), server.getServerTime());
    assertEquals(
        StatusCodes.Bad_TimestampsToReturnInvalid,
        reader
            .read(
                SESSION,
                details(T0, T0 + 1, 0, false),
                TimestampsToReturn.Neither,
                id(null),
                "Tank1.Level",
                false)
            .getStatusCode()
            .getValue());
  }

  @Test
  void invalidRequestsGetTheirStatus() {
    ReadRawModifiedDetails modified =
        new ReadRawModifiedDetails(true, new DateTime(T0), new DateTime(T0 + 100), uint(0), false);
    assertEquals(StatusCodes.Bad_HistoryOperationUnsupported, status(modified, id(null)));
    assertEquals(
        StatusCodes.Bad_InvalidTimestampArgument, status(details(0, 0, 10, false), id(null)));
    assertEquals(
        StatusCodes.Bad_ContinuationPointInvalid,
        status(details(T0, T0 + 1000, 5, false), id(ByteString.of(new byte[] {1, 2, 3}))));
    assertEquals(StatusCodes.Good_NoData, status(details(T0 - 100, T0 - 50, 0, false), id(null)));
    assertEquals(
        StatusCodes.Bad_IndexRangeInvalid,
        status(
            details(T0, T0 + 1000, 5, false),
            new HistoryReadValueId(NODE, "x:y", QualifiedName.NULL_VALUE, null)));
  }

  @Test
  void continuationPointIsBoundToSessionAndRequestAndCanBeReleased() {
    ByteString cp =
        reader
            .read(
                SESSION,
                details(T0, T0 + 1000, 5, false),
                TimestampsToReturn.Both,
                id(null),
                "Tank1.Level",
                false)
            .getContinuationPoint();
    NodeId other = new NodeId(1, "session-2");
    assertEquals(
        StatusCodes.Bad_ContinuationPointInvalid,
        reader
            .read(
                other,
                details(T0, T0 + 1000, 5, false),
                TimestampsToReturn.Both,
                id(cp),
                "Tank1.Level",
                false)
            .getStatusCode()
            .getValue());

    ByteString cp2 =
        reader
            .read(
                SESSION,
                details(T0, T0 + 1000, 5, false),
                TimestampsToReturn.Both,
                id(null),
                "Tank1.Level",
                false)
            .getContinuationPoint();
    assertEquals(
        StatusCodes.Bad_ContinuationPointInvalid,
        status(details(T0, T0 + 2000, 5, false), id(cp2)),
        "same point with another time range");

    ByteString cp3 =
        reader
            .read(
                SESSION,
                details(T0, T0 + 1000, 5, false),
                TimestampsToReturn.Both,
                id(null),
                "Tank1.Level",
                false)
            .getContinuationPoint();
    HistoryReadResult released =
        reader.read(
            SESSION,
            details(T0, T0 + 1000, 5, false),
            TimestampsToReturn.Both,
            id(cp3),
            "Tank1.Level",
            true);
    assertEquals(StatusCode.GOOD, released.getStatusCode());
    assertNull(released.getHistoryData());
    assertEquals(
        StatusCodes.Bad_ContinuationPointInvalid,
        status(details(T0, T0 + 1000, 5, false), id(cp3)));
  }

  @Test
  void indexRangeSelectsArrayElements() {
    db.values()
        .append(
            "Array",
            new DataValue(
                new Variant(new Integer[] {10, 20, 30, 40}),
                StatusCode.GOOD,
                new DateTime(T0),
                null));
    db.values()
        .append(
            "Array",
            new DataValue(
                new Variant(new Integer[] {1}), StatusCode.GOOD, new DateTime(T0 + 1), null));
    db.values().flush();
    HistoryReadResult r =
        reader.read(
            SESSION,
            details(T0, T0 + 10, 0, false),
            TimestampsToReturn.Both,
            new HistoryReadValueId(NODE, "1:2", QualifiedName.NULL_VALUE, null),
            "Array",
            false);
    DataValue[] values = decode(r);
    assertEquals(new Variant(new Integer[] {20, 30}), values[0].getValue());
    assertEquals(StatusCodes.Bad_IndexRangeNoData, values[1].getStatusCode().getValue());
  }

  /** On the wire an absent timestamp and DateTime.MinValue are the same (Part 6 §5.2.2.17). */
  private static void assertAbsent(DateTime t) {
    assertTrue(t == null || t.isNull(), "timestamp must be absent, was " + t);
  }

  private long status(ReadRawModifiedDetails d, HistoryReadValueId id) {
    return reader
        .read(SESSION, d, TimestampsToReturn.Both, id, "Tank1.Level", false)
        .getStatusCode()
        .getValue();
  }

  /**
   * Issue 12 item 4: a trend with more pens than the session may hold points gets points it can
   * follow for the first pens and Bad_NoContinuationPoints for the rest, never a point already
   * dropped when followed.
   */
  @Test
  void pensBeyondTheSessionsContinuationPointsGetBadNoContinuationPoints() {
    HistorySettings limits = HistorySettings.DEFAULT;
    HistoryContinuations store =
        new HistoryContinuations(limits.continuationPointsPerSession(), limits.continuationPointsTotal());
    RawHistoryReader trend = new RawHistoryReader(db.rawValues(), store, DefaultEncodingContext.INSTANCE, 1000);
    int pens = limits.continuationPointsPerSession() * 2;
    List<ByteString> points = new ArrayList<>();
    List<Long> statuses = new ArrayList<>();
    for (int pen = 0; pen < pens; pen++) {
      HistoryReadResult r = trend.read(SESSION, details(T0, T0 + 1000, 2, false), TimestampsToReturn.Both,
          id(null), "Tank1.Level", false);
      statuses.add(r.getStatusCode().getValue());
      if (r.getContinuationPoint() != null && r.getContinuationPoint().isNotNull()) {
        assertEquals(2, decode(r).length);
        points.add(r.getContinuationPoint());
      }
    }
    assertEquals(limits.continuationPointsPerSession(), points.size(), "points handed out");
    assertEquals(pens - points.size(),
        statuses.stream().filter(st -> st == StatusCodes.Bad_NoContinuationPoints).count(), "statuses " + statuses);
    for (ByteString cp : points) {
      HistoryReadResult next = trend.read(SESSION, details(T0, T0 + 1000, 2, false), TimestampsToReturn.Both,
          id(cp), "Tank1.Level", false);
      assertTrue(next.getStatusCode().isGood(), "every point handed out is honoured: " + next.getStatusCode());
      assertEquals(2, decode(next).length);
    }
  }

  /**
   * Issue 12 item 5: the nodes of one request share its value budget; a node that finds nothing
   * left gets a point to its first page, which a later request follows for the values.
   */
  @Test
  void nodesOfOneRequestShareItsValueBudget() {
    RawHistoryReader wide = new RawHistoryReader(db.rawValues(), continuations, DefaultEncodingContext.INSTANCE, 1000);
    HistoryBudget budget = HistoryBudget.of(30);
    List<HistoryReadResult> results = new ArrayList<>();
    for (int node = 0; node < 3; node++) {
      results.add(wide.read(SESSION, details(T0, T0 + 1000, 0, false), TimestampsToReturn.Both, id(null),
          "Tank1.Level", false, budget));
    }
    assertEquals(List.of(25, 5, 0), results.stream().map(r -> decode(r).length).toList());
    assertNull(results.get(0).getContinuationPoint(), "the first node is complete");
    assertNotNull(results.get(1).getContinuationPoint());
    ByteString deferred = results.get(2).getContinuationPoint();
    assertTrue(results.get(2).getStatusCode().isGood() && deferred != null && deferred.isNotNull(), "a point, no values");

    HistoryReadResult later = wide.read(SESSION, details(T0, T0 + 1000, 0, false), TimestampsToReturn.Both,
        id(deferred), "Tank1.Level", false, HistoryBudget.of(30));
    assertEquals(appended, List.of(decode(later)), "the deferred node's values from its first one");
  }

  private static ReadRawModifiedDetails details(long start, long end, int max, boolean bounds) {
    return new ReadRawModifiedDetails(
        false, new DateTime(start), new DateTime(end), uint(max), bounds);
  }

  private static HistoryReadValueId id(ByteString cp) {
    return new HistoryReadValueId(NODE, null, QualifiedName.NULL_VALUE, cp);
  }

  /** Decodes the response as a client would (Milo's decoding of the ExtensionObject). */
  private static DataValue[] decode(HistoryReadResult r) {
    HistoryData data = (HistoryData) r.getHistoryData().decode(DefaultEncodingContext.INSTANCE);
    return data.getDataValues();
  }
}
