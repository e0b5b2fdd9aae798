package io.twinua.server.archive;

import io.twinua.server.archive.ArchiveException.Reason;
import io.twinua.server.archive.RawCursor.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.jspecify.annotations.Nullable;

/**
 * Reads the value archive: tags, counts and OPC UA Part 11 §6.4.3 raw reads (ReadRawModifiedDetails,
 * see {@link #readRaw}) with paging cursors. It sees every value the {@link ValueArchive} writer has
 * committed, on the archive's query-only connections.
 */
public final class RawValueReader {

  private static final String COLUMNS = "source_ticks, server_ticks, status, type, v";

  private final ArchiveDatabase db;
  // ids of tags found in the database; a tag's id never changes once committed
  private final Map<String, Long> tagIds = new ConcurrentHashMap<>();

  RawValueReader(ArchiveDatabase db) {
    this.db = db;
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
    ValueArchive.requireTag(tag);
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
    ValueArchive.requireTag(tag);
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
