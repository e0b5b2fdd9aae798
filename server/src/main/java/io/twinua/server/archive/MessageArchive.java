package io.twinua.server.archive;

import io.twinua.server.archive.ArchiveException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Alarm and system events with their state changes, keyed by event id: appending an event that is
 * already stored is ignored, so the partner may replay messages as often as it likes.
 */
public final class MessageArchive {

  private static final String COLUMNS =
      "event_id, event_type, source_node, source_name, time_ticks, receive_ticks, severity,"
          + " message, message_number, condition_name, active, acked, retain, enabled, comment,"
          + " station";
  private static final String INSERT =
      "INSERT OR IGNORE INTO message (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  /** One seek per condition in index message_condition, newest row first. */
  static final String NEWEST_OF_CONDITION =
      "SELECT " + COLUMNS + " FROM message WHERE source_node = ? AND condition_name = ? AND event_type = ?"
          + " ORDER BY time_ticks DESC, event_id DESC LIMIT 1";

  /** A condition as the archive keys it: its source node (parseable NodeId) and its name. */
  public record Condition(String sourceNode, String conditionName) {
    public Condition {
      Objects.requireNonNull(sourceNode, "sourceNode");
      Objects.requireNonNull(conditionName, "conditionName");
    }
  }

  private final ArchiveDatabase db;
  private final BatchWriter<MessageRecord> writer;

  MessageArchive(ArchiveDatabase db, ArchiveSettings settings) {
    this.db = db;
    this.writer = new BatchWriter<>("message archive", db, settings, MessageArchive::insert);
  }

  /**
   * Queues a message without ever waiting (the alarm service and system messages call this).
   * Messages have a queue of their own, so a flood of values never pushes them out.
   *
   * @return false if the queue is full: the message is not archived, and counted as such
   */
  public boolean append(MessageRecord message) {
    return writer.offer(Objects.requireNonNull(message, "message"));
  }

  /**
   * Queues a message, waiting as long as the queue is full: for bulk loaders (partner sync), never
   * for live messages.
   */
  public void appendWaiting(MessageRecord message) {
    writer.put(Objects.requireNonNull(message, "message"));
  }

  public WriterStats stats() {
    return writer.stats();
  }

  /** Returns once every message appended before this call is committed. */
  public void flush() {
    writer.flush();
  }

  public long count() {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM message");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  public Optional<MessageRecord> find(ByteString eventId) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM message WHERE event_id = ?")) {
            ps.setBytes(1, eventId.bytesOrEmpty());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(toRecord(rs)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Messages by event time, with the time domain rules of a raw value read (Part 11 §6.4.2/§6.4.3,
   * no bounds): {@code start <= end} ascending over {@code start <= t < end}, {@code start > end}
   * descending over {@code end < t <= start}, {@code end == 0} ascending without end, {@code start
   * == 0} descending from {@code end} inclusive. Ties in time are ordered by event id.
   *
   * @param max most messages returned, 0 for no limit
   * @param resume position after the last message of the previous page, or null
   */
  public List<MessageRecord> read(
      long startTicks, long endTicks, int max, @Nullable MessageCursor resume) {
    if (startTicks == 0 && endTicks == 0) {
      throw new ArchiveException(
          Reason.INVALID_REQUEST, "message read: start and end time are both unset");
    }
    if (max < 0) {
      throw new ArchiveException(Reason.INVALID_REQUEST, "message read: max " + max + " < 0");
    }
    boolean forward = endTicks == 0 || (startTicks != 0 && startTicks <= endTicks);
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (forward) {
      where.append(" AND time_ticks >= ?");
      args.add(startTicks);
      if (endTicks != 0) {
        where.append(" AND time_ticks < ?");
        args.add(startTicks == endTicks ? endTicks + 1 : endTicks);
      }
    } else {
      long from = startTicks != 0 ? startTicks : endTicks;
      where.append(" AND time_ticks <= ?");
      args.add(from);
      if (startTicks != 0) {
        where.append(" AND time_ticks > ?");
        args.add(endTicks);
      }
    }
    if (resume != null) {
      where.append(
          forward
              ? " AND (time_ticks, event_id) > (?, ?)"
              : " AND (time_ticks, event_id) < (?, ?)");
      args.add(resume.timeTicks());
      args.add(resume.eventId().bytesOrEmpty());
    }
    String order =
        forward
            ? " ORDER BY time_ticks ASC, event_id ASC"
            : " ORDER BY time_ticks DESC, event_id DESC";
    String sql = "SELECT " + COLUMNS + " FROM message" + where + order + " LIMIT ?";
    args.add(max == 0 ? -1 : max);
    return db.read(
        c -> {
          List<MessageRecord> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
              ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(toRecord(rs));
              }
            }
          }
          return out;
        });
  }

  /**
   * The newest message (by event time, then event id, as {@link #read}) of each condition asked for,
   * among messages of {@code eventType}; a condition without one is missing. One index seek per
   * condition: a station restoring its alarms at start reads only their newest rows, however large
   * the archive is and whether or not every alarm has one.
   */
  public List<MessageRecord> newestOfEachCondition(String eventType, Collection<Condition> conditions) {
    Objects.requireNonNull(eventType, "eventType");
    return db.read(
        c -> {
          List<MessageRecord> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(NEWEST_OF_CONDITION)) {
            for (Condition condition : new LinkedHashSet<>(conditions)) {
              ps.setString(1, condition.sourceNode());
              ps.setString(2, condition.conditionName());
              ps.setString(3, eventType);
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  out.add(toRecord(rs));
                }
              }
            }
          }
          return out;
        });
  }

  BatchWriter<?> writer() {
    return writer;
  }

  private static void insert(Connection c, List<MessageRecord> batch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (MessageRecord m : batch) {
        ps.setBytes(1, m.eventId().bytesOrEmpty());
        ps.setString(2, m.eventType());
        ps.setString(3, m.sourceNode());
        ps.setString(4, m.sourceName());
        ps.setLong(5, m.timeTicks());
        ps.setLong(6, m.receiveTimeTicks());
        ps.setInt(7, m.severity());
        ps.setString(8, m.message());
        setNullable(ps, 9, m.messageNumber());
        ps.setString(10, m.conditionName());
        setNullable(ps, 11, m.active());
        setNullable(ps, 12, m.acked());
        setNullable(ps, 13, m.retain());
        setNullable(ps, 14, m.enabled());
        ps.setString(15, m.comment());
        ps.setString(16, m.stationName());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void setNullable(PreparedStatement ps, int i, @Nullable Object v)
      throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else if (v instanceof Boolean b) {
      ps.setInt(i, b ? 1 : 0);
    } else {
      ps.setInt(i, (Integer) v);
    }
  }

  private static MessageRecord toRecord(ResultSet rs) throws SQLException {
    return new MessageRecord(
        ByteString.of(rs.getBytes(1)),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getLong(5),
        rs.getLong(6),
        rs.getInt(7),
        rs.getString(8),
        nullableInt(rs, 9),
        rs.getString(10),
        nullableBoolean(rs, 11),
        nullableBoolean(rs, 12),
        nullableBoolean(rs, 13),
        nullableBoolean(rs, 14),
        rs.getString(15),
        rs.getString(16));
  }

  private static @Nullable Integer nullableInt(ResultSet rs, int i) throws SQLException {
    int v = rs.getInt(i);
    return rs.wasNull() ? null : v;
  }

  private static @Nullable Boolean nullableBoolean(ResultSet rs, int i) throws SQLException {
    int v = rs.getInt(i);
    return rs.wasNull() ? null : v != 0;
  }
}
