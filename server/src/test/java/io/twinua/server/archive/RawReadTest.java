package io.twinua.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw reads against the example of OPC UA Part 11 §4.4 Table 1: a historian with values at 5:00,
 * 5:02, 5:03, 5:05 and 5:06. "FIRST"/"LAST" there are Bad_BoundNotFound values at the bound time.
 */
class RawReadTest {

  private static final long MINUTE = 600_000_000L;
  private static final long FIVE_OCLOCK = 133_500_000_000_000_000L;

  @TempDir Path dir;
  private ArchiveDatabase db;
  private ValueArchive values;
  private RawValueReader reader;

  static long at(int hour, int minute) {
    return FIVE_OCLOCK + ((hour - 5) * 60L + minute) * MINUTE;
  }

  @BeforeEach
  void open() {
    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.of(5, 1000));
    values = db.values();
    reader = db.rawValues();
    for (int minute : new int[] {0, 2, 3, 5, 6}) {
      values.append("T", value(at(5, minute), minute));
    }
    values.flush();
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void part11TableOneExamples() {
    assertEquals(List.of("5:00", "5:02", "5:03", "5:05"), read(at(5, 0), at(5, 5), 0, true));
    assertEquals(List.of("5:00", "5:02", "5:03"), read(at(5, 0), at(5, 5), 0, false));
    assertEquals(List.of("5:00", "5:02", "5:03", "5:05"), read(at(5, 1), at(5, 4), 0, true));
    assertEquals(List.of("5:02", "5:03"), read(at(5, 1), at(5, 4), 0, false));
    assertEquals(List.of("5:05", "5:03", "5:02", "5:00"), read(at(5, 5), at(5, 0), 0, true));
    assertEquals(List.of("5:05", "5:03", "5:02"), read(at(5, 5), at(5, 0), 0, false));
    assertEquals(List.of("5:05", "5:03", "5:02", "5:00"), read(at(5, 4), at(5, 1), 0, true));
    assertEquals(List.of("5:03", "5:02"), read(at(5, 4), at(5, 1), 0, false));
    assertEquals(
        List.of("FIRST@4:59", "5:00", "5:02", "5:03", "5:05"), read(at(4, 59), at(5, 5), 0, true));
    assertEquals(List.of("5:00", "5:02", "5:03"), read(at(4, 59), at(5, 5), 0, false));
    assertEquals(
        List.of("5:00", "5:02", "5:03", "5:05", "5:06", "LAST@5:07"),
        read(at(5, 1), at(5, 7), 0, true));
    // backwards the start bound is searched at/after the start: none after 5:06
    assertEquals(
        List.of("LAST@5:07", "5:06", "5:05", "5:03", "5:02", "5:00", "FIRST@4:59"),
        read(at(5, 7), at(4, 59), 0, true));
  }

  @Test
  void openEndedReadsCountFromTheGivenTime() {
    assertEquals(List.of("5:00", "5:02", "5:03"), read(at(5, 1), 0, 3, true));
    assertEquals(List.of("5:02", "5:03", "5:05"), read(at(5, 1), 0, 3, false));
    assertEquals(List.of("5:02", "5:03", "5:05", "5:06"), read(at(5, 1), 0, 0, false));
    // start unset: backwards from the end time, which is the first value's position
    assertEquals(List.of("5:05", "5:03", "5:02"), read(0, at(5, 4), 3, true));
    assertEquals(List.of("5:03", "5:02", "5:00"), read(0, at(5, 4), 3, false));
    assertEquals(List.of("5:03", "5:02", "5:00"), read(0, at(5, 3), 0, false));
  }

  @Test
  void equalStartAndEndReturnTheValueAtThatInstant() {
    assertEquals(List.of("5:02"), read(at(5, 2), at(5, 2), 0, false));
    assertEquals(List.of(), read(at(5, 1), at(5, 1), 0, false));
    assertEquals(List.of("5:02", "5:03"), read(at(5, 2), at(5, 2), 0, true));
  }

  @Test
  void unknownTagGivesNoDataOrOnlyMissingBounds() {
    assertEquals(
        List.of(), names(reader.readRaw("Nope", at(5, 0), at(5, 9), 0, false, null).values()));
    assertEquals(
        List.of("FIRST@5:00", "LAST@5:09"),
        names(reader.readRaw("Nope", at(5, 0), at(5, 9), 0, true, null).values()));
  }

  @Test
  void bothTimesUnsetOrForeignCursorAreRejected() {
    assertEquals(
        Reason.INVALID_REQUEST,
        assertThrows(ArchiveException.class, () -> reader.readRaw("T", 0, 0, 10, false, null))
            .reason());
    RawCursor cursor = reader.readRaw("T", at(5, 0), at(6, 0), 1, false, null).next();
    assertEquals(
        Reason.INVALID_REQUEST,
        assertThrows(
                ArchiveException.class,
                () -> reader.readRaw("T", at(5, 0), at(7, 0), 1, false, cursor))
            .reason());
  }

  @Test
  void pagingReproducesTheFullResultInEveryShape() {
    long[][] ranges = {
      {at(5, 0), at(5, 5)}, {at(5, 1), at(5, 7)}, {at(4, 59), at(5, 5)}, {at(5, 5), at(5, 0)},
      {at(5, 7), at(4, 59)}, {at(5, 1), 0}, {0, at(5, 4)}, {at(5, 2), at(5, 2)}
    };
    for (long[] r : ranges) {
      for (boolean bounds : new boolean[] {false, true}) {
        List<String> full = read(r[0], r[1], 0, bounds);
        for (int pageSize = 1; pageSize <= 7; pageSize++) {
          assertEquals(
              full,
              readPaged(r[0], r[1], pageSize, bounds),
              "range " + r[0] + ".." + r[1] + " bounds " + bounds + " pages of " + pageSize);
        }
      }
    }
  }

  @Test
  void pagingWhileValuesAreAppendedHasNoGapAndNoDuplicate() throws Exception {
    long t0 = at(6, 0);
    int n = 5_000;
    for (int i = 0; i < n; i++) {
      values.append("Live", value(t0 + 2L * i, i));
    }
    long t1 = t0 + 2L * n;
    values.append(
        "Live", value(t1, -1)); // the end bound of the fixed range, present from the start
    values.flush();
    List<DataValue> fixedForward = reader.readRaw("Live", t0, t1, 0, true, null).values();
    List<DataValue> fixedBackward = reader.readRaw("Live", t1 - 1, t0 - 1, 0, true, null).values();

    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> appender =
        CompletableFuture.supplyAsync(
            () -> {
              int k = 0;
              while (!stop.get() && k < 50_000) {
                values.append("Live", value(t1 + 1 + k, k)); // live data beyond the fixed range
                if (++k % 500 == 0) {
                  values.flush();
                }
              }
              values.flush();
              return k;
            });
    try {
      assertSame(fixedForward, readPagedValues("Live", t0, t1, 97, true));
      assertSame(fixedBackward, readPagedValues("Live", t1 - 1, t0 - 1, 97, true));
      List<DataValue> open = readPagedValues("Live", t0, 0, 97, false);
      stop.set(true);
      int appended = appender.get(60, TimeUnit.SECONDS);
      List<DataValue> all = reader.readRaw("Live", t0, 0, 0, false, null).values();
      assertEquals(n + 1 + appended, all.size());
      assertTrue(
          open.size() >= n + 1, "open-ended read saw at least the values present at its start");
      assertSame(all.subList(0, open.size()), open); // a gapless prefix, no duplicates
    } finally {
      stop.set(true);
      appender.get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void boundNotFoundCarriesTheBoundTime() {
    DataValue first = reader.readRaw("T", at(4, 0), at(4, 30), 0, true, null).values().get(0);
    assertEquals(StatusCodes.Bad_BoundNotFound, first.getStatusCode().getValue());
    assertEquals(at(4, 0), first.getSourceTime().getUtcTime());
    assertTrue(first.getValue().isNull());
    RawPage page = reader.readRaw("T", at(4, 0), at(4, 30), 0, true, null);
    assertFalse(page.hasMore());
  }

  /** Like assertEquals but reports only the first difference of long lists. */
  private static void assertSame(List<DataValue> expected, List<DataValue> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), "element " + i);
    }
    assertEquals(expected.size(), actual.size(), "size");
  }

  private List<String> read(long start, long end, int max, boolean bounds) {
    RawPage page = reader.readRaw("T", start, end, max, bounds, null);
    return names(page.values());
  }

  private List<String> readPaged(long start, long end, int pageSize, boolean bounds) {
    return names(readPagedValues("T", start, end, pageSize, bounds));
  }

  private List<DataValue> readPagedValues(
      String tag, long start, long end, int pageSize, boolean bounds) {
    List<DataValue> out = new ArrayList<>();
    RawCursor cursor = null;
    int pages = 0;
    do {
      RawPage page = reader.readRaw(tag, start, end, pageSize, bounds, cursor);
      assertTrue(page.values().size() <= pageSize);
      out.addAll(page.values());
      cursor = page.next();
      assertTrue(++pages < 1_000_000, "paging must end");
    } while (cursor != null);
    return out;
  }

  private static List<String> names(List<DataValue> page) {
    List<String> out = new ArrayList<>();
    for (DataValue v : page) {
      long ticks = v.getSourceTime().getUtcTime();
      long minutes = Math.floorDiv(ticks - FIVE_OCLOCK, MINUTE);
      String time = (minutes < 0 ? "4:" + (60 + minutes) : "5:" + String.format("%02d", minutes));
      if (v.getStatusCode().getValue() == StatusCodes.Bad_BoundNotFound) {
        out.add((minutes < 2 ? "FIRST@" : "LAST@") + time);
      } else {
        out.add(time);
      }
    }
    return out;
  }

  private static DataValue value(long ticks, int v) {
    return new DataValue(new Variant(v), StatusCode.GOOD, new DateTime(ticks), null);
  }
}
