package io.twinua.server.archive;

import io.twinua.server.archive.ArchiveException.Reason;
import io.twinua.server.archive.RawCursor.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.jspecify.annotations.Nullable;

/**
 * History of process values and internal-tag values, keyed by (tag, source time). Appends are
 * queued and committed in batches by one writer thread; a value whose (tag, source time) is already
 * stored is ignored, so replaying values (partner sync, retries) never duplicates.
 *
 * <p>Raw reads follow OPC UA Part 11 §6.4.3 (ReadRawModifiedDetails, see {@link #readRaw}).
 */
public final class ValueArchive {

  private record Row(
      String tag, long sourceTicks, @Nullable Long serverTicks, long status, int type, Object v) {}

  private static final String INSERT =
      "INSERT OR IGNORE INTO value (tag_id, source_ticks, server_ticks, status, type, v)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  private static final String COLUMNS = "source_ticks, server_ticks, status, type, v";

  private final ArchiveDatabase db;
  private final BatchWriter<Row> writer;
  // ids of committed tags; the writer thread adds new ones only after their commit
  private final Map<String, Long> tagIds = new ConcurrentHashMap<>();

  ValueArchive(ArchiveDatabase db, ArchiveSettings settings) {
    this.db = db;
    this.writer = new BatchWriter<>("value archive", db, settings, new Sink());
  }

  /**
   * Queues a live value for archiving without ever waiting (it may come from a Milo delivery
   * thread). The source timestamp is the key: if absent, the server timestamp is used, and if that
   * is absent too, the current time.
   *
   * @return false if the queue is full: the value is not archived, and counted and reported as such
   * @throws IllegalArgumentException if the value cannot be encoded
   */
  public boolean append(String tag, DataValue value) {
    return writer.offer(row(tag, value));
  }

  /**
   * Queues a value, waiting as long as the queue is full: for bulk loaders (partner sync, tools)
   * that may be held back, never for live data.
   */
  public void appendWaiting(String tag, DataValue value) {
    writer.put(row(tag, value));
  }

  private static Row row(String tag, DataValue value) {
    requireTag(tag);
    Objects.requireNonNull(value, "value");
    Long serverTicks = ticksOrNull(value.getServerTime());
    Long sourceTicks = ticksOrNull(value.getSourceTime());
    long key =
        sourceTicks != null
            ? sourceTicks
            : serverTicks != null ? serverTicks : DateTime.now().getUtcTime();
    StatusCode status = value.getStatusCode() != null ? value.getStatusCode() : StatusCode.GOOD;
    ValueCodec.Encoded encoded = ValueCodec.encode(value.getValue());
    return new Row(tag, key, serverTicks, status.getValue(), encoded.type(), encoded.v());
  }

  /** Returns once every value appended before this call is committed. */
  public void flush() {
    writer.flush();
  }

  public WriterStats stats() {
    return writer.stats();
  }

  /** Names of all tags that have ever been archived, sorted. */
  public List<String> tags() {
    return db.read(
        c -> {
          List<String> names = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("SELECT name FROM tag ORDER BY name");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              names.add(rs.getString(1));
            }
          }
          return names;
        });
  }

  public long count(String tag) {
    return count(tag, Long.MIN_VALUE, 0);
  }

  /** Values with {@code fromTicks <= source time < toTicks}; {@code toTicks} 0 means no end. */
  public long count(String tag, long fromTicks, long toTicks) {
    requireTag(tag);
    return db.read(
        c -> {
          Long id = tagId(c, tag);
          if (id == null) {
            return 0L;
          }
          String sql =
              "SELECT count(*) FROM value WHERE tag_id = ? AND source_ticks >= ?"
                  + (toTicks != 0 ? " AND source_ticks < ?" : "");
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setLong(2, fromTicks);
            if (toTicks != 0) {
              ps.setLong(3, toTicks);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /**
   * Reads stored values of one tag, OPC UA Part 11 §6.4.3 "read raw" semantics:
   *
   * <ul>
   *   <li>{@code start <= end}: ascending, {@code start <= t < end} (Part 11 §3.1: a value at the
   *       end time belongs to the next interval); {@code start == end} returns the value at that
   *       instant.
   *   <li>{@code start > end}: descending, {@code end < t <= start}.
   *   <li>{@code end == 0} (DateTime.MinValue): ascending from start, open end; {@code start == 0}:
   *       descending from end ({@code t <= end}).
   *   <li>{@code returnBounds}: the first value returned is the bound at the start (the value
   *       at/before start, or at/after it when reading backwards) and, when both times are given,
   *       the last is the bound at the end. A missing bound is a null value with status
   *       Bad_BoundNotFound stamped with the bound's time. Bounds count towards {@code maxValues}.
   * </ul>
   *
   * @param maxValues most values in this page, 0 for no limit
   * @param resumeFrom the cursor of the previous page of the same query, or null for the first
   * @throws ArchiveException if both times are 0 or the cursor belongs to another query
   */
  public RawPage readRaw(
      String tag,
      long startTicks,
      long endTicks,
      int maxValues,
      boolean returnBounds,
      @Nullable RawCursor resumeFrom) {
    requireTag(tag);
    if (startTicks == 0 && endTicks == 0) {
      throw new ArchiveException(
          Reason.INVALID_REQUEST, "raw read of " + tag + ": start and end time are both unset");
    }
    if (maxValues < 0) {
      throw new ArchiveException(
          Reason.INVALID_REQUEST, "raw read of " + tag + ": maxValues " + maxValues + " < 0");
    }
    if (resumeFrom != null && !resumeFrom.belongsTo(tag, startTicks, endTicks, returnBounds)) {
      throw new ArchiveException(
          Reason.INVALID_REQUEST, "raw read of " + tag + ": the cursor belongs to another query");
    }
    RawRange range = new RawRange(startTicks, endTicks, returnBounds);
    int limit = maxValues == 0 ? Integer.MAX_VALUE : maxValues;
    return db.read(c -> readPage(c, tag, range, limit, resumeFrom));
  }

  private RawPage readPage(
      Connection c, String tag, RawRange range, int limit, @Nullable RawCursor resume)
      throws SQLException {
    Long id = tagId(c, tag);
    List<DataValue> out = new ArrayList<>();
    Phase phase = resume != null ? resume.phase() : range.bounds ? Phase.START_BOUND : Phase.DATA;
    Long last = resume != null && resume.hasLast() ? resume.lastTicks() : null;

    if (phase == Phase.START_BOUND) {
      long at = range.startBoundTicks();
      out.add(bound(c, id, at, range.startBoundSearchesLater(), at));
      phase = Phase.DATA;
    }
    if (phase == Phase.DATA) {
      int room = limit - out.size();
      List<DataValue> rows = data(c, id, range, last, room == Integer.MAX_VALUE ? -1 : room + 1);
      if (room == 0) {
        return rows.isEmpty() && !range.hasEndBound()
            ? new RawPage(out, null)
            : new RawPage(out, cursor(tag, range, Phase.DATA, last));
      }
      if (rows.size() > room) {
        out.addAll(rows.subList(0, room));
        long lastTicks = rows.get(room - 1).getSourceTime().getUtcTime();
        return new RawPage(out, cursor(tag, range, Phase.DATA, lastTicks));
      }
      out.addAll(rows);
      if (!rows.isEmpty()) {
        last = rows.get(rows.size() - 1).getSourceTime().getUtcTime();
      }
      phase = Phase.END_BOUND;
    }
    if (range.hasEndBound()) {
      if (out.size() >= limit) {
        return new RawPage(out, cursor(tag, range, Phase.END_BOUND, last));
      }
      out.add(bound(c, id, range.endBoundSearchTicks(), range.forward, range.end));
    }
    return new RawPage(out, null);
  }

  private static RawCursor cursor(String tag, RawRange r, Phase phase, @Nullable Long last) {
    return new RawCursor(
        tag, r.start, r.end, r.bounds, phase, last == null ? 0 : last, last != null);
  }

  /** Stored values of the range after {@code last}, in read order; {@code limit} -1 = all. */
  private List<DataValue> data(
      Connection c, @Nullable Long id, RawRange r, @Nullable Long last, int limit)
      throws SQLException {
    List<DataValue> out = new ArrayList<>();
    if (id == null) {
      return out;
    }
    Long lo = r.lo;
    boolean loIncl = r.loInclusive;
    Long hi = r.hi;
    boolean hiIncl = r.hiInclusive;
    if (last != null) {
      if (r.forward) {
        lo = last;
        loIncl = false;
      } else {
        hi = last;
        hiIncl = false;
      }
    }
    StringBuilder sql =
        new StringBuilder("SELECT ").append(COLUMNS).append(" FROM value WHERE tag_id = ?");
    if (lo != null) {
      sql.append(loIncl ? " AND source_ticks >= ?" : " AND source_ticks > ?");
    }
    if (hi != null) {
      sql.append(hiIncl ? " AND source_ticks <= ?" : " AND source_ticks < ?");
    }
    sql.append(" ORDER BY source_ticks ").append(r.forward ? "ASC" : "DESC").append(" LIMIT ?");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      ps.setLong(i++, id);
      if (lo != null) {
        ps.setLong(i++, lo);
      }
      if (hi != null) {
        ps.setLong(i++, hi);
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(toDataValue(rs));
        }
      }
    }
    return out;
  }

  /**
   * The stored value at {@code ticks} or the nearest before it (after it if {@code later}); if
   * there is none, a Bad_BoundNotFound value stamped {@code stamp}.
   */
  private DataValue bound(Connection c, @Nullable Long id, long ticks, boolean later, long stamp)
      throws SQLException {
    if (id != null) {
      String sql =
          "SELECT "
              + COLUMNS
              + " FROM value WHERE tag_id = ? AND source_ticks "
              + (later ? ">= ? ORDER BY source_ticks ASC" : "<= ? ORDER BY source_ticks DESC")
              + " LIMIT 1";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, id);
        ps.setLong(2, ticks);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return toDataValue(rs);
          }
        }
      }
    }
    DateTime at = new DateTime(stamp);
    return new DataValue(
        Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_BoundNotFound), at, null, at, null);
  }

  private static DataValue toDataValue(ResultSet rs) throws SQLException {
    long source = rs.getLong(1);
    long server = rs.getLong(2);
    boolean hasServer = !rs.wasNull();
    long status = rs.getLong(3);
    int type = rs.getInt(4);
    Variant v = ValueCodec.decode(type, ValueCodec.column(rs, 5));
    return new DataValue(
        v,
        new StatusCode(status),
        new DateTime(source),
        null,
        hasServer ? new DateTime(server) : null,
        null);
  }

  private @Nullable Long tagId(Connection c, String tag) throws SQLException {
    Long id = tagIds.get(tag);
    if (id != null) {
      return id;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tag WHERE name = ?")) {
      ps.setString(1, tag);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          id = rs.getLong(1);
          tagIds.put(tag, id);
          return id;
        }
      }
    }
    return null;
  }

  BatchWriter<?> writer() {
    return writer;
  }

  private static void requireTag(String tag) {
    if (tag == null || tag.isBlank()) {
      throw new IllegalArgumentException("tag name must not be blank");
    }
  }

  private static @Nullable Long ticksOrNull(@Nullable DateTime t) {
    return t == null || t.isNull() ? null : t.getUtcTime();
  }

  /** Writes batches on the writer thread; new tag ids become visible only once committed. */
  private final class Sink implements BatchWriter.Sink<Row> {
    private final Map<String, Long> pending = new HashMap<>();

    @Override
    public void write(Connection c, List<Row> batch) throws SQLException {
      pending.clear();
      try (PreparedStatement ins = c.prepareStatement(INSERT)) {
        for (Row row : batch) {
          ins.setLong(1, idFor(c, row.tag()));
          ins.setLong(2, row.sourceTicks());
          if (row.serverTicks() != null) {
            ins.setLong(3, row.serverTicks());
          } else {
            ins.setNull(3, java.sql.Types.INTEGER);
          }
          ins.setLong(4, row.status());
          ins.setInt(5, row.type());
          ValueCodec.bind(ins, 6, row.v());
          ins.addBatch();
        }
        ins.executeBatch();
      }
    }

    @Override
    public void committed() {
      tagIds.putAll(pending);
      pending.clear();
    }

    private long idFor(Connection c, String tag) throws SQLException {
      Long id = tagIds.get(tag);
      if (id == null) {
        id = pending.get(tag);
      }
      if (id == null) {
        try (PreparedStatement ins =
            c.prepareStatement("INSERT OR IGNORE INTO tag (name) VALUES (?)")) {
          ins.setString(1, tag);
          ins.executeUpdate();
        }
        try (PreparedStatement sel = c.prepareStatement("SELECT id FROM tag WHERE name = ?")) {
          sel.setString(1, tag);
          try (ResultSet rs = sel.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
          }
        }
        pending.put(tag, id);
      }
      return id;
    }
  }

  /** The time domain of a raw read, resolved once into SQL limits and bound positions. */
  private static final class RawRange {
    final long start;
    final long end;
    final boolean bounds;
    final boolean forward;
    final @Nullable Long lo;
    final boolean loInclusive;
    final @Nullable Long hi;
    final boolean hiInclusive;

    RawRange(long start, long end, boolean bounds) {
      this.start = start;
      this.end = end;
      this.bounds = bounds;
      this.forward = end == 0 || (start != 0 && start <= end);
      // with bounds, the value at the start instant (if any) is returned as the start bound
      if (forward) {
        lo = start;
        loInclusive = !bounds;
        hi = end == 0 ? null : start == end ? end + 1 : end;
        hiInclusive = false;
      } else if (start != 0) {
        hi = start;
        hiInclusive = !bounds;
        lo = end;
        loInclusive = false;
      } else {
        hi = end;
        hiInclusive = !bounds;
        lo = null;
        loInclusive = false;
      }
    }

    /** The bound is searched at the time the read starts from: end time when start is unset. */
    long startBoundTicks() {
      return forward || start != 0 ? start : end;
    }

    /** Reading backwards, the "earlier" side of the start is later in time. */
    boolean startBoundSearchesLater() {
      return !forward;
    }

    boolean hasEndBound() {
      return bounds && start != 0 && end != 0;
    }

    /** At/after the end; for a one-instant read the end bound is the value after that instant. */
    long endBoundSearchTicks() {
      return forward && start == end ? end + 1 : end;
    }
  }
}
