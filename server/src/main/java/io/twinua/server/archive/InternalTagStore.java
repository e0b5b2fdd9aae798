package io.twinua.server.archive;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * The latest value of every internal tag, so internal tags come back after a restart. A stored
 * value is replaced only by one with the same or a newer source time, so a partner replaying older
 * values cannot roll a tag back. Their history is archived separately in the {@link ValueArchive}.
 */
public final class InternalTagStore {

  private static final String UPSERT =
      "INSERT INTO internal_tag (name, source_ticks, server_ticks, status, type, v)"
          + " VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET source_ticks = excluded.source_ticks,"
          + " server_ticks = excluded.server_ticks, status = excluded.status,"
          + " type = excluded.type, v = excluded.v"
          + " WHERE excluded.source_ticks >= internal_tag.source_ticks";

  private final ArchiveDatabase db;

  InternalTagStore(ArchiveDatabase db) {
    this.db = db;
  }

  /**
   * Stores {@code value} as the tag's latest value (committed on return) unless a newer one is
   * stored. Without a source time the server time, else the current time, is used.
   *
   * @return true if stored, false if a newer value was kept
   */
  public boolean store(String tag, DataValue value) {
    if (tag == null || tag.isBlank()) {
      throw new IllegalArgumentException("internal tag name must not be blank");
    }
    Objects.requireNonNull(value, "value");
    DateTime source = value.getSourceTime();
    DateTime server = value.getServerTime();
    long sourceTicks =
        source != null && source.isNotNull()
            ? source.getUtcTime()
            : server != null && server.isNotNull()
                ? server.getUtcTime()
                : DateTime.now().getUtcTime();
    StatusCode status = value.getStatusCode() != null ? value.getStatusCode() : StatusCode.GOOD;
    ValueCodec.Encoded encoded = ValueCodec.encode(value.getValue());
    return db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, tag);
            ps.setLong(2, sourceTicks);
            if (server != null && server.isNotNull()) {
              ps.setLong(3, server.getUtcTime());
            } else {
              ps.setNull(3, Types.INTEGER);
            }
            ps.setLong(4, status.getValue());
            ps.setInt(5, encoded.type());
            ValueCodec.bind(ps, 6, encoded.v());
            return ps.executeUpdate() > 0;
          }
        });
  }

  /** Every internal tag's latest value, by tag name. */
  public Map<String, DataValue> loadAll() {
    return db.read(
        c -> {
          Map<String, DataValue> out = new LinkedHashMap<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT name, source_ticks, server_ticks, status, type, v"
                          + " FROM internal_tag ORDER BY name");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              long server = rs.getLong(3);
              boolean hasServer = !rs.wasNull();
              out.put(
                  rs.getString(1),
                  new DataValue(
                      ValueCodec.decode(rs.getInt(5), ValueCodec.column(rs, 6)),
                      new StatusCode(rs.getLong(4)),
                      new DateTime(rs.getLong(2)),
                      null,
                      hasServer ? new DateTime(server) : null,
                      null));
            }
          }
          return Collections.unmodifiableMap(out);
        });
  }
}
