package io.twinua.server.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Digests of the value archive per time bucket and tag group, so that two stations can prove their
 * archives equal by exchanging a few numbers per bucket instead of the values (issue 7 part 3).
 *
 * <p>A digest cell is ({@value #BUCKET_MINUTES}-minute bucket of the source time, tag group =
 * hash of the tag name mod {@value #GROUPS}) and holds the count of stored values and the wrapping
 * sum of their {@link RowHash#row row hashes}. The value writer adds each row it actually inserts
 * in the same transaction as the row; an idempotent re-insert of a stored (tag, source time) is
 * ignored by SQLite and so never counted. Buckets start at multiples of ten minutes of UTC.
 *
 * <p>The stored digests only see writes made through the archive. A row changed or deleted behind
 * its back (direct SQL) is found by {@link #verify}, which recomputes cells from the rows; {@link
 * #rebuild} then makes the stored digests tell the truth again, so that the pair's compare sees the
 * difference and resyncs the cell. The bucket being written now differs between partners for as
 * long as their writers lag each other: compare settled buckets only.
 */
public final class ArchiveDigests {

  static final int BUCKET_MINUTES = 10;
  public static final Duration BUCKET = Duration.ofMinutes(BUCKET_MINUTES);
  public static final long BUCKET_TICKS = BUCKET.toNanos() / 100;
  public static final int GROUPS = 16;

  private final ArchiveDatabase db;

  ArchiveDigests(ArchiveDatabase db) {
    this.db = db;
  }

  /** Start of the bucket holding {@code ticks}. */
  public static long bucketStart(long ticks) {
    return ticks - Math.floorMod(ticks, BUCKET_TICKS);
  }

  /** The tag group of a tag, the same on every station. */
  public static int group(String tag) {
    return groupOf(RowHash.tag(tag));
  }

  static int groupOf(long tagHash) {
    return (int) Long.remainderUnsigned(tagHash, GROUPS);
  }

  /**
   * The stored digests of every bucket that starts in [bucketStart(fromTicks), toTicks), sorted by
   * bucket and group; cells without values are absent.
   */
  public List<BucketDigest> stored(long fromTicks, long toTicks) {
    return db.read(c -> stored(c, bucketStart(fromTicks), toTicks));
  }

  /** As {@link #stored} but recomputed from the rows: slow, reads every value of the range. */
  public List<BucketDigest> recomputed(long fromTicks, long toTicks) {
    return db.read(c -> recompute(c, bucketStart(fromTicks), toTicks).digests());
  }

  /**
   * Recomputes the range's cells from the rows and compares them with the stored ones.
   *
   * @return the cells whose rows no longer match their stored digest (changed, deleted or added
   *     behind the archive's back), sorted
   */
  public List<DigestKey> verify(long fromTicks, long toTicks) {
    return db.read(
        c -> {
          long from = bucketStart(fromTicks);
          return differences(stored(c, from, toTicks), recompute(c, from, toTicks).digests());
        });
  }

  /**
   * Replaces the range's stored digests by ones recomputed from the rows, in one write transaction
   * so no batch of the writer slips in between.
   *
   * @return the cells that changed
   */
  public List<DigestKey> rebuild(long fromTicks, long toTicks) {
    return db.write(c -> rebuild(c, bucketStart(fromTicks), toTicks));
  }

  /**
   * Deletes the values of one cell (its tag group's tags in its bucket) and brings the bucket's
   * stored digests up to date, in one write transaction: the repair of a cell whose rows were
   * changed behind the archive's back, before re-syncing exactly those values from the partner
   * (whose idempotent inserts would otherwise keep a changed row). Call it only once the partner is
   * known to hold the cell correctly.
   *
   * @param tags only these tags' rows go (the ones about to be re-read); rows of other tags, e.g.
   *     tags no longer archived that the re-sync would not bring back, stay
   * @return the values deleted
   */
  public int dropCell(DigestKey cell, java.util.Collection<String> tags) {
    long from = cell.bucketTicks();
    return db.write(
        c -> {
          int deleted = 0;
          List<Long> ids = new ArrayList<>();
          try (PreparedStatement names = c.prepareStatement("SELECT id, name FROM tag");
              ResultSet rs = names.executeQuery()) {
            while (rs.next()) {
              if (group(rs.getString(2)) == cell.group() && tags.contains(rs.getString(2))) {
                ids.add(rs.getLong(1));
              }
            }
          }
          try (PreparedStatement del =
              c.prepareStatement(
                  "DELETE FROM value WHERE tag_id = ? AND source_ticks >= ? AND source_ticks < ?")) {
            for (long id : ids) {
              del.setLong(1, id);
              del.setLong(2, from);
              del.setLong(3, from + BUCKET_TICKS);
              deleted += del.executeUpdate();
            }
          }
          rebuild(c, from, from + 1);
          return deleted;
        });
  }

  /**
   * The cells in which two digest lists differ (a cell missing on one side counts as empty), for
   * comparing this station's {@link #stored} digests with the partner's over the same range.
   */
  public static List<DigestKey> differences(
      Collection<BucketDigest> mine, Collection<BucketDigest> theirs) {
    Map<DigestKey, BucketDigest> other = new HashMap<>();
    theirs.forEach(d -> other.put(d.key(), d));
    TreeSet<DigestKey> differing = new TreeSet<>();
    for (BucketDigest d : mine) {
      BucketDigest o = other.remove(d.key());
      if (o == null ? d.count() != 0 || d.hash() != 0 : !o.equals(d)) {
        differing.add(d.key());
      }
    }
    other.values().stream()
        .filter(o -> o.count() != 0 || o.hash() != 0)
        .forEach(o -> differing.add(o.key()));
    return new ArrayList<>(differing);
  }

  static List<DigestKey> rebuild(Connection c, long fromBucket, long toTicks)
      throws SQLException {
    List<BucketDigest> old = stored(c, fromBucket, toTicks);
    List<BucketDigest> fresh = recompute(c, fromBucket, toTicks).digests();
    List<DigestKey> changed = differences(old, fresh);
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM value_digest WHERE bucket_ticks >= ? AND bucket_ticks < ?")) {
      del.setLong(1, fromBucket);
      del.setLong(2, toTicks);
      del.executeUpdate();
    }
    Tally all = new Tally();
    fresh.forEach(all::put);
    all.addTo(c);
    return changed;
  }

  private static List<BucketDigest> stored(Connection c, long fromBucket, long toTicks)
      throws SQLException {
    List<BucketDigest> out = new ArrayList<>();
    try (PreparedStatement sel =
        c.prepareStatement(
            "SELECT bucket_ticks, tag_group, row_count, hash FROM value_digest"
                + " WHERE bucket_ticks >= ? AND bucket_ticks < ? ORDER BY bucket_ticks, tag_group")) {
      sel.setLong(1, fromBucket);
      sel.setLong(2, toTicks);
      try (ResultSet rs = sel.executeQuery()) {
        while (rs.next()) {
          out.add(new BucketDigest(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)));
        }
      }
    }
    return out;
  }

  /** Tallies the rows of the buckets starting in [fromBucket, toTicks), one tag at a time. */
  static Tally recompute(Connection c, long fromBucket, long toTicks) throws SQLException {
    Tally tally = new Tally();
    if (toTicks <= fromBucket) {
      return tally;
    }
    long end = bucketStart(toTicks - 1) + BUCKET_TICKS;
    // tag first, so each tag's range is read through the (tag_id, source_ticks) primary key
    try (PreparedStatement sel =
        c.prepareStatement(
            "SELECT t.name, v.source_ticks, v.status, v.type, v.v FROM tag t CROSS JOIN value v"
                + " ON v.tag_id = t.id WHERE v.source_ticks >= ? AND v.source_ticks < ?"
                + " ORDER BY t.id")) {
      sel.setLong(1, fromBucket);
      sel.setLong(2, end);
      try (ResultSet rs = sel.executeQuery()) {
        String tag = null;
        long tagHash = 0;
        while (rs.next()) {
          String name = rs.getString(1);
          if (!name.equals(tag)) {
            tag = name;
            tagHash = RowHash.tag(name);
          }
          long source = rs.getLong(2);
          tally.add(
              tagHash,
              source,
              RowHash.row(tagHash, source, rs.getLong(3), rs.getInt(4), ValueCodec.column(rs, 5)));
        }
      }
    }
    return tally;
  }

  /**
   * Digest deltas of one batch (or a recompute): per bucket an array of (count, hash) per group.
   * The writer calls {@link #add} for every inserted row, so it avoids a map lookup and an
   * allocation per row while rows stay in one bucket.
   */
  static final class Tally {
    private final Map<Long, long[]> buckets = new HashMap<>();
    private long lastBucket = Long.MIN_VALUE;
    private long[] last;

    void add(long tagHash, long sourceTicks, long rowHash) {
      long bucket = bucketStart(sourceTicks);
      if (bucket != lastBucket || last == null) {
        last = buckets.computeIfAbsent(bucket, b -> new long[2 * GROUPS]);
        lastBucket = bucket;
      }
      int at = 2 * groupOf(tagHash);
      last[at]++;
      last[at + 1] += rowHash;
    }

    void put(BucketDigest d) {
      long[] cells = buckets.computeIfAbsent(d.key().bucketTicks(), b -> new long[2 * GROUPS]);
      cells[2 * d.key().group()] = d.count();
      cells[2 * d.key().group() + 1] = d.hash();
    }

    /** Rows tallied. */
    long values() {
      long n = 0;
      for (long[] cells : buckets.values()) {
        for (int g = 0; g < GROUPS; g++) {
          n += cells[2 * g];
        }
      }
      return n;
    }

    void clear() {
      buckets.clear();
      last = null;
    }

    /** The cells that hold values, sorted by bucket and group. */
    List<BucketDigest> digests() {
      List<BucketDigest> out = new ArrayList<>();
      new TreeMap<>(buckets)
          .forEach(
              (bucket, cells) -> {
                for (int g = 0; g < GROUPS; g++) {
                  if (cells[2 * g] != 0) {
                    out.add(new BucketDigest(bucket, g, cells[2 * g], cells[2 * g + 1]));
                  }
                }
              });
      return out;
    }

    /**
     * Adds the deltas to the stored digests inside the caller's transaction. The sum wraps in
     * Java: SQLite would turn an overflowing integer sum into a REAL.
     */
    void addTo(Connection c) throws SQLException {
      try (PreparedStatement sel =
              c.prepareStatement(
                  "SELECT row_count, hash FROM value_digest WHERE bucket_ticks = ? AND tag_group = ?");
          PreparedStatement put =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO value_digest (bucket_ticks, tag_group, row_count, hash)"
                      + " VALUES (?, ?, ?, ?)")) {
        for (BucketDigest d : digests()) {
          DigestKey k = d.key();
          long count = d.count();
          long hash = d.hash();
          sel.setLong(1, k.bucketTicks());
          sel.setInt(2, k.group());
          try (ResultSet rs = sel.executeQuery()) {
            if (rs.next()) {
              count += rs.getLong(1);
              hash += rs.getLong(2);
            }
          }
          put.setLong(1, k.bucketTicks());
          put.setInt(2, k.group());
          put.setLong(3, count);
          put.setLong(4, hash);
          put.executeUpdate();
        }
      }
    }
  }
}
