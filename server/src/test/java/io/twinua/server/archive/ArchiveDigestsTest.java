package io.twinua.server.archive;

import static io.twinua.server.archive.ArchiveFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive digests on real SQLite files: equal rows give equal digests, any change shows. */
class ArchiveDigestsTest {

  private static final long SECOND = 10_000_000L;
  private static final long BUCKET0 = ArchiveDigests.bucketStart(T0);
  // three buckets and a bit, so rows land in several cells
  private static final long SPAN = 3 * ArchiveDigests.BUCKET_TICKS + 120 * SECOND;
  private static final long FROM = BUCKET0;
  private static final long TO = BUCKET0 + 5 * ArchiveDigests.BUCKET_TICKS;

  @TempDir Path dir;

  private record Sample(String tag, DataValue value) {}

  /** 40 tags, a value every 20 s each, plus every Variant type the archive stores. */
  private static List<Sample> plant() {
    List<Sample> rows = new ArrayList<>();
    for (int tag = 0; tag < 40; tag++) {
      for (long t = BUCKET0 + tag * SECOND; t < BUCKET0 + SPAN; t += 20 * SECOND) {
        rows.add(sample("Line" + tag + ".Level", t, new Variant(tag * 1000.0 + t % 997)));
      }
    }
    List<Variant> types = ArchiveFixtures.everyType();
    for (int i = 0; i < types.size(); i++) {
      rows.add(sample("Types.Value", BUCKET0 + i * 37 * SECOND, types.get(i)));
    }
    rows.add(
        new Sample(
            "Line0.Level",
            new DataValue(
                new Variant(1.0), new StatusCode(0x80000000L), time(BUCKET0 + 7), time(BUCKET0))));
    return rows;
  }

  private static Sample sample(String tag, long ticks, Variant v) {
    return new Sample(tag, new DataValue(v, StatusCode.GOOD, time(ticks), time(ticks + 3)));
  }

  private static DateTime time(long ticks) {
    return new DateTime(ticks);
  }

  private ArchiveDatabase archive(String name, List<Sample> rows) {
    ArchiveDatabase db = ArchiveDatabase.open(dir.resolve(name), ArchiveSettings.of(20, 500));
    rows.forEach(r -> db.values().appendWaiting(r.tag(), r.value()));
    db.values().flush();
    return db;
  }

  @Test
  void equalArchivesHaveEqualDigestsWhateverTheOrderAndRepeats() {
    List<Sample> rows = plant();
    List<Sample> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(7));
    List<Sample> replayed = new ArrayList<>(shuffled);
    replayed.addAll(rows.subList(0, 300)); // repeats inside the same writer run
    try (ArchiveDatabase a = archive("a.db", rows);
        ArchiveDatabase b = archive("b.db", replayed)) {
      // a replay of stored keys with other values and other server times: ignored, not counted
      for (Sample r : rows.subList(100, 400)) {
        DataValue v = r.value();
        b.values()
            .appendWaiting(
                r.tag(),
                new DataValue(new Variant(-1.0), v.getStatusCode(), v.getSourceTime(), time(1)));
      }
      b.values().flush();

      List<BucketDigest> da = a.digests().stored(FROM, TO);
      assertTrue(da.size() > 3 * ArchiveDigests.GROUPS / 2, "many cells hold values: " + da.size());
      assertEquals(rows.size(), da.stream().mapToLong(BucketDigest::count).sum());
      assertEquals(da, b.digests().stored(FROM, TO));
      assertEquals(List.of(), ArchiveDigests.differences(da, b.digests().stored(FROM, TO)));
      // what the writer maintained is what the rows say
      assertEquals(da, a.digests().recomputed(FROM, TO));
      assertEquals(List.of(), a.digests().verify(FROM, TO));
      assertEquals(List.of(), b.digests().verify(FROM, TO));
    }
  }

  @Test
  void aChangedValueADeletedRowAndAnExtraRowShowInExactlyTheirCell() throws Exception {
    List<Sample> rows = plant();
    Sample changed = rows.get(10);
    Sample deleted = rows.get(2000);
    long extraTicks = BUCKET0 + 2 * ArchiveDigests.BUCKET_TICKS + 5;
    String extraTag = "Line3.Level";
    try (ArchiveDatabase reference = archive("ref.db", rows)) {
      List<BucketDigest> truth = reference.digests().stored(FROM, TO);
      for (String kind : List.of("changed", "deleted", "extra")) {
        Path file;
        DigestKey expected;
        int touched;
        try (ArchiveDatabase db = archive(kind + ".db", rows)) {
          file = db.file();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            Statement s = c.createStatement()) {
          switch (kind) {
            case "changed" -> {
              touched = s.executeUpdate(
                  "UPDATE value SET v = v + 0.5 WHERE source_ticks = "
                      + ticks(changed)
                      + " AND tag_id = (SELECT id FROM tag WHERE name = '"
                      + changed.tag()
                      + "')");
              expected = cell(changed.tag(), ticks(changed));
            }
            case "deleted" -> {
              touched = s.executeUpdate(
                  "DELETE FROM value WHERE source_ticks = "
                      + ticks(deleted)
                      + " AND tag_id = (SELECT id FROM tag WHERE name = '"
                      + deleted.tag()
                      + "')");
              expected = cell(deleted.tag(), ticks(deleted));
            }
            default -> {
              touched = s.executeUpdate(
                  "INSERT INTO value (tag_id, source_ticks, server_ticks, status, type, v)"
                      + " SELECT id, "
                      + extraTicks
                      + ", NULL, 0, 11, 4.25 FROM tag WHERE name = '"
                      + extraTag
                      + "'");
              expected = cell(extraTag, extraTicks);
            }
          }
          assertEquals(1, touched, kind);
        }
        try (ArchiveDatabase db = ArchiveDatabase.open(file, ArchiveSettings.of(20, 500))) {
          // stored digests still tell the old story; recomputing finds exactly the touched cell
          assertEquals(truth, db.digests().stored(FROM, TO), kind);
          assertEquals(List.of(expected), db.digests().verify(FROM, TO), kind);
          assertEquals(List.of(expected), db.digests().rebuild(FROM, TO), kind);
          assertEquals(List.of(), db.digests().verify(FROM, TO), kind);
          // now the pair's compare sees it: exactly that cell differs from the partner
          assertEquals(
              List.of(expected),
              ArchiveDigests.differences(db.digests().stored(FROM, TO), truth),
              kind);
          // repair: drop the cell, then re-sync its values from the partner (here: the reference)
          assertTrue(db.digests().dropCell(expected, rows.stream().map(r -> r.tag()).collect(java.util.stream.Collectors.toSet())) > 0, kind);
          rows.stream()
              .filter(r -> cell(r.tag(), ticks(r)).equals(expected))
              .forEach(r -> db.values().appendWaiting(r.tag(), r.value()));
          db.values().flush();
          assertEquals(truth, db.digests().stored(FROM, TO), kind);
          assertEquals(List.of(), db.digests().verify(FROM, TO), kind);
        }
      }
    }
  }

  @Test
  void aVersionOneArchiveIsMigratedWithDigestsOfItsRows() throws Exception {
    List<Sample> rows = plant();
    Path file;
    List<BucketDigest> truth;
    try (ArchiveDatabase db = archive("old.db", rows)) {
      file = db.file();
      truth = db.digests().stored(FROM, TO);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE value_digest"); // what a version-1 file looks like
      s.execute("PRAGMA user_version = 1");
    }
    try (ArchiveDatabase db = ArchiveDatabase.open(file, ArchiveSettings.of(20, 500))) {
      assertEquals(truth, db.digests().stored(FROM, TO));
      db.values().appendWaiting("Line0.Level", sample("x", T0 - SECOND, new Variant(2.0)).value());
      db.values().flush();
      assertEquals(List.of(), db.digests().verify(FROM - ArchiveDigests.BUCKET_TICKS, TO));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      rs.next();
      assertEquals(ArchiveSchema.VERSION, rs.getInt(1));
    }
  }

  @Test
  void droppingACellKeepsTheRowsOfTagsThatWillNotBeReRead() {
    // two tags of one group: only the one the repair re-reads may go (the other, e.g. no longer
    // archived, would never come back)
    String reRead = "Line0.Level";
    String kept = null;
    for (int i = 1; kept == null; i++) {
      if (ArchiveDigests.group("Other" + i + ".Level") == ArchiveDigests.group(reRead)) {
        kept = "Other" + i + ".Level";
      }
    }
    List<Sample> rows = List.of(sample(reRead, BUCKET0 + SECOND, new Variant(1.0)),
        sample(kept, BUCKET0 + 2 * SECOND, new Variant(2.0)));
    try (ArchiveDatabase db = archive("drop.db", rows)) {
      DigestKey key = cell(reRead, BUCKET0 + SECOND);
      assertEquals(1, db.digests().dropCell(key, java.util.Set.of(reRead)));
      assertEquals(0, db.values().count(reRead));
      assertEquals(1, db.values().count(kept), "a tag the repair does not re-read keeps its rows");
      assertEquals(List.of(), db.digests().verify(FROM, TO), "the stored digests follow the delete");
    }
  }

  @Test
  void cellsAreTenMinuteBucketsAndSixteenTagGroups() {
    assertEquals(6_000_000_000L, ArchiveDigests.BUCKET_TICKS);
    assertEquals(BUCKET0, ArchiveDigests.bucketStart(BUCKET0 + ArchiveDigests.BUCKET_TICKS - 1));
    assertEquals(0, Math.floorMod(BUCKET0 - Ticks.of(java.time.Instant.EPOCH), 6_000_000_000L));
    List<BucketDigest> some = List.of(new BucketDigest(BUCKET0, 3, 2, 99));
    assertEquals(
        List.of(new DigestKey(BUCKET0, 3)), ArchiveDigests.differences(some, List.of()));
    assertEquals(
        List.of(new DigestKey(BUCKET0, 3)), ArchiveDigests.differences(List.of(), some));
    assertFalse(ArchiveDigests.group("Line1.Level") < 0);
    assertTrue(ArchiveDigests.group("Line1.Level") < ArchiveDigests.GROUPS);
  }

  private static long ticks(Sample s) {
    return s.value().getSourceTime().getUtcTime();
  }

  private static DigestKey cell(String tag, long ticks) {
    return new DigestKey(ArchiveDigests.bucketStart(ticks), ArchiveDigests.group(tag));
  }
}
