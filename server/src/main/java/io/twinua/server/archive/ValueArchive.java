package io.twinua.server.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * History of process values and internal-tag values, keyed by (tag, source time). Appends are
 * queued and committed in batches by one writer thread; a value whose (tag, source time) is already
 * stored is ignored, so replaying values (partner sync, retries) never duplicates.
 *
 * <p>This is the writing side; reads (OPC UA Part 11 §6.4.3 raw reads) are {@link
 * RawValueReader}'s.
 */
public final class ValueArchive {

  private record Row(
      String tag, long sourceTicks, @Nullable Long serverTicks, long status, int type, Object v) {}

  private static final String INSERT =
      "INSERT OR IGNORE INTO value (tag_id, source_ticks, server_ticks, status, type, v)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  private final RawValueReader reader;
  private final BatchWriter<Row> writer;
  // ids of committed tags; the writer thread adds new ones only after their commit
  private final Map<String, Long> tagIds = new ConcurrentHashMap<>();

  private final boolean digests;

  ValueArchive(
      ArchiveDatabase db, ArchiveSettings settings, RawValueReader reader, boolean digests) {
    this.reader = reader;
    this.digests = digests;
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

  /**
   * Completes once every value appended before this call is committed, without hurrying the writer
   * as {@link #flush} does: how long live values take to reach the disk (benchmarks, diagnostics).
   * Never waits.
   *
   * @return empty if the queue is full
   */
  public Optional<CompletableFuture<Void>> whenCommitted() {
    return writer.whenCommitted();
  }

  /**
   * Completes once every value appended before this call is committed, hurrying the writer into an
   * early commit if any value waits; complete at once if none does. For reads that must see what
   * the station received before them (HistoryRead). Never waits.
   *
   * @return empty if the queue is full or the archive is closing
   */
  public Optional<CompletableFuture<Void>> flushSoon() {
    return writer.flushSoon();
  }

  public WriterStats stats() {
    return writer.stats();
  }

  // reads are the raw reader's; counts stay here for callers that hold only the value archive

  /** See {@link RawValueReader#tags()}. */
  public List<String> tags() {
    return reader.tags();
  }

  /** See {@link RawValueReader#count(String)}. */
  public long count(String tag) {
    return reader.count(tag);
  }

  /** See {@link RawValueReader#count(String, long, long)}. */
  public long count(String tag, long fromTicks, long toTicks) {
    return reader.count(tag, fromTicks, toTicks);
  }


  BatchWriter<?> writer() {
    return writer;
  }

  static void requireTag(String tag) {
    if (tag == null || tag.isBlank()) {
      throw new IllegalArgumentException("tag name must not be blank");
    }
  }

  private static @Nullable Long ticksOrNull(@Nullable DateTime t) {
    return t == null || t.isNull() ? null : t.getUtcTime();
  }

  /**
   * Writes batches on the writer thread; new tag ids become visible only once committed. The
   * archive digests are updated in the same transaction, from the rows SQLite actually inserted.
   */
  private final class Sink implements BatchWriter.Sink<Row> {
    private final Map<String, Long> pending = new HashMap<>();
    private final Map<String, Long> tagHashes = new HashMap<>();
    private final ArchiveDigests.Tally tally = new ArchiveDigests.Tally();

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
        int[] inserted = ins.executeBatch();
        if (digests) {
          tally(c, batch, inserted);
        }
      }
    }

    /** An ignored insert (the row was stored already) reports 0 changes and is not counted. */
    private void tally(Connection c, List<Row> batch, int[] inserted) throws SQLException {
      tally.clear();
      for (int i = 0; i < inserted.length; i++) {
        if (inserted[i] > 0) {
          Row row = batch.get(i);
          long tagHash = tagHashes.computeIfAbsent(row.tag(), RowHash::tag);
          tally.add(
              tagHash,
              row.sourceTicks(),
              RowHash.row(tagHash, row.sourceTicks(), row.status(), row.type(), row.v()));
        }
      }
      tally.addTo(c);
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
}
