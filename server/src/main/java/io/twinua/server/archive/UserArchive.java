package io.twinua.server.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinua.server.archive.ArchiveException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One user archive (e.g. a recipe table): records by key with typed fields. Every write is stamped
 * with its modification time and station, deletes leave a tombstone, and {@link #apply} merges a
 * partner's record by "last writer wins", so syncing in either direction, repeatedly, converges.
 */
public final class UserArchive {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final ArchiveDatabase db;
  private final UserArchiveDefinition definition;
  private final String station;
  private final Clock clock;

  UserArchive(ArchiveDatabase db, UserArchiveDefinition definition, String station, Clock clock) {
    this.db = db;
    this.definition = definition;
    this.station = station;
    this.clock = clock;
  }

  public String name() {
    return definition.name();
  }

  public UserArchiveDefinition definition() {
    return definition;
  }

  /** Keys of all live (not deleted) records, sorted. */
  public List<String> list() {
    return db.read(
        c -> {
          List<String> keys = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key FROM user_record WHERE archive = ? AND deleted = 0"
                      + " ORDER BY record_key")) {
            ps.setString(1, name());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                keys.add(rs.getString(1));
              }
            }
          }
          return keys;
        });
  }

  /** The live record with this key; empty if it never existed or was deleted. */
  public Optional<UserRecord> read(String key) {
    return db.read(c -> stored(c, key)).filter(r -> !r.deleted());
  }

  /**
   * Adds a record. Every required field must be given.
   *
   * @throws ArchiveException ALREADY_EXISTS if a live record has this key, INVALID_DATA if a field
   *     is unknown, of the wrong type, or a required one is missing
   */
  public UserRecord add(String key, Map<String, Object> fields) {
    requireKey(key);
    Map<String, Object> values = validate(key, fields, true);
    return db.write(
        c -> {
          Optional<UserRecord> existing = stored(c, key);
          if (existing.isPresent() && !existing.get().deleted()) {
            throw new ArchiveException(
                Reason.ALREADY_EXISTS,
                "user archive " + name() + ": record " + key + " exists already");
          }
          UserRecord r = stamp(key, values, false, existing.orElse(null));
          upsert(c, r);
          return r;
        });
  }

  /**
   * Changes the given fields of a live record; fields not mentioned keep their value, a null value
   * clears an optional field.
   *
   * @throws ArchiveException NOT_FOUND if there is no live record with this key, INVALID_DATA as
   *     for {@link #add}
   */
  public UserRecord change(String key, Map<String, Object> fields) {
    requireKey(key);
    Map<String, Object> given = validate(key, fields, false);
    return db.write(
        c -> {
          UserRecord existing = live(c, key);
          Map<String, Object> merged = new LinkedHashMap<>(existing.fields());
          for (String field : fields.keySet()) {
            Object value = given.get(field);
            if (value == null) {
              merged.remove(field);
            } else {
              merged.put(field, value);
            }
          }
          requireComplete(key, merged);
          UserRecord r = stamp(key, merged, false, existing);
          upsert(c, r);
          return r;
        });
  }

  /**
   * Deletes a live record, leaving a tombstone so the delete reaches the partner.
   *
   * @throws ArchiveException NOT_FOUND if there is no live record with this key
   */
  public UserRecord delete(String key) {
    requireKey(key);
    return db.write(
        c -> {
          UserRecord existing = live(c, key);
          UserRecord r = stamp(key, Map.of(), true, existing);
          upsert(c, r);
          return r;
        });
  }

  /**
   * Records (tombstones included) modified at or after {@code ticks}, oldest first. "At" is
   * included so a write in the same tick as the last sync is not missed; {@link #apply} makes the
   * repetition harmless.
   */
  public List<UserRecord> changesSince(long ticks) {
    return select(
        "modified_ticks >= ? ORDER BY modified_ticks, record_key", ps -> ps.setLong(2, ticks));
  }

  /**
   * One page of {@link #changesSince}: records (tombstones included) after the position ({@code
   * ticks}, {@code afterKey}) in (modification time, key) order, at most {@code limit}. Start with
   * {@code afterKey} "" (keys are never blank); continue from the last record returned.
   */
  public List<UserRecord> changesAfter(long ticks, String afterKey, int limit) {
    return select(
        "(modified_ticks > ? OR (modified_ticks = ? AND record_key > ?)) ORDER BY modified_ticks, record_key"
            + " LIMIT ?",
        ps -> {
          ps.setLong(2, ticks);
          ps.setLong(3, ticks);
          ps.setString(4, afterKey);
          ps.setInt(5, limit);
        });
  }

  private interface Parameters {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Records of this archive matching {@code where} (parameters from 2 on; 1 is the archive). */
  private List<UserRecord> select(String where, Parameters parameters) {
    return db.read(
        c -> {
          List<UserRecord> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, fields, deleted, modified_ticks, station FROM user_record"
                      + " WHERE archive = ? AND "
                      + where)) {
            ps.setString(1, name());
            parameters.bind(ps);
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
   * Merges a record from the partner: it replaces the stored one only if it is newer (same time:
   * the later station name wins). Applying the same record again changes nothing.
   *
   * @return true if the record was stored
   * @throws ArchiveException INVALID_DATA if it belongs to another archive or its fields do not fit
   *     this archive's definition
   */
  public boolean apply(UserRecord incoming) {
    if (!incoming.archive().equals(name())) {
      throw new ArchiveException(
          Reason.INVALID_DATA,
          "user archive "
              + name()
              + ": record "
              + incoming.key()
              + " belongs to "
              + incoming.archive());
    }
    requireKey(incoming.key());
    if (!incoming.deleted()) {
      validate(incoming.key(), incoming.fields(), true);
    }
    return db.write(
        c -> {
          Optional<UserRecord> existing = stored(c, incoming.key());
          if (existing.isPresent() && !incoming.supersedes(existing.get())) {
            return false;
          }
          upsert(c, incoming);
          return true;
        });
  }

  /**
   * Replaces every record of this archive (tombstones included) by {@code records}, stamps kept, in
   * one transaction: the project duplicator makes the partner's archive a copy of this station's,
   * so that no record only the target had comes back through the next sync.
   *
   * @throws ArchiveException INVALID_DATA if a record belongs to another archive or does not fit
   *     this archive's definition (then nothing is changed)
   */
  public void replaceAll(List<UserRecord> records) {
    for (UserRecord r : records) {
      if (!r.archive().equals(name())) {
        throw new ArchiveException(Reason.INVALID_DATA, "user archive " + name() + ": record " + r.key()
            + " belongs to " + r.archive());
      }
      requireKey(r.key());
      if (!r.deleted()) {
        validate(r.key(), r.fields(), true);
      }
    }
    db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_record WHERE archive = ?")) {
        ps.setString(1, name());
        ps.executeUpdate();
      }
      for (UserRecord r : records) {
        upsert(c, r);
      }
      return null;
    });
  }

  /** Local writes are stamped strictly after the stored version, even if the clock stepped back. */
  private UserRecord stamp(
      String key, Map<String, Object> values, boolean deleted, @Nullable UserRecord previous) {
    long now = Ticks.now(clock);
    long ticks = previous == null ? now : Math.max(now, previous.modifiedTicks() + 1);
    return new UserRecord(name(), key, values, deleted, ticks, station);
  }

  private UserRecord live(Connection c, String key) throws SQLException {
    return stored(c, key)
        .filter(r -> !r.deleted())
        .orElseThrow(
            () ->
                new ArchiveException(
                    Reason.NOT_FOUND,
                    "user archive " + name() + ": record " + key + " does not exist"));
  }

  private Optional<UserRecord> stored(Connection c, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT record_key, fields, deleted, modified_ticks, station FROM user_record"
                + " WHERE archive = ? AND record_key = ?")) {
      ps.setString(1, name());
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(toRecord(rs)) : Optional.empty();
      }
    }
  }

  private void upsert(Connection c, UserRecord r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO user_record (archive, record_key, fields, deleted, modified_ticks,"
                + " station) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (archive, record_key) DO UPDATE"
                + " SET fields = excluded.fields, deleted = excluded.deleted, modified_ticks ="
                + " excluded.modified_ticks, station = excluded.station")) {
      ps.setString(1, name());
      ps.setString(2, r.key());
      ps.setString(3, toJson(r));
      ps.setInt(4, r.deleted() ? 1 : 0);
      ps.setLong(5, r.modifiedTicks());
      ps.setString(6, r.station());
      ps.executeUpdate();
    }
  }

  private UserRecord toRecord(ResultSet rs) throws SQLException {
    String key = rs.getString(1);
    Map<String, Object> raw;
    try {
      raw = JSON.readValue(rs.getString(2), MAP);
    } catch (JsonProcessingException e) {
      throw new ArchiveException(
          Reason.DAMAGED,
          "user archive "
              + name()
              + " in "
              + db.file()
              + ": record "
              + key
              + " has unreadable fields: "
              + e.getOriginalMessage(),
          e);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    raw.forEach(
        (name, value) -> {
          if (value != null) {
            fields.put(name, fromJson(definition.field(name).orElse(null), value));
          }
        });
    return new UserRecord(name(), key, fields, rs.getInt(3) != 0, rs.getLong(4), rs.getString(5));
  }

  private String toJson(UserRecord r) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (UserField f : definition.fields()) {
      if (r.fields().containsKey(f.name())) {
        ordered.put(f.name(), r.fields().get(f.name()));
      }
    }
    r.fields().forEach(ordered::putIfAbsent); // fields no longer configured are kept, not lost
    try {
      return JSON.writeValueAsString(ordered);
    } catch (JsonProcessingException e) {
      throw new ArchiveException(
          Reason.INVALID_DATA,
          "user archive " + name() + ": record " + r.key() + ": " + e.getOriginalMessage(),
          e);
    }
  }

  /** JSON gives back numbers as Integer/Long/Double and NaN/Infinity as strings: restore types. */
  private static Object fromJson(@Nullable UserField field, Object value) {
    if (field == null) {
      return value;
    }
    switch (field.type()) {
      case DOUBLE:
        return value instanceof Number n
            ? (Object) n.doubleValue()
            : Double.valueOf(value.toString());
      case INT32:
        return ((Number) value).intValue();
      default:
        return value;
    }
  }

  /**
   * Checks the given fields against the definition; with {@code complete}, also that every required
   * field is present. Returns the values with Float widened to Double and nulls dropped.
   */
  private Map<String, Object> validate(String key, Map<String, Object> fields, boolean complete) {
    if (fields == null) {
      throw invalid(key, "(all)", "no fields given");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      UserField f =
          definition.field(e.getKey()).orElseThrow(() -> invalid(key, e.getKey(), "unknown field"));
      Object v = e.getValue();
      if (v == null) {
        if (f.required()) {
          throw invalid(key, f.name(), "required field has no value");
        }
        continue;
      }
      Object normalised = normalise(v);
      if (!f.type().javaType().isInstance(normalised)) {
        throw invalid(
            key,
            f.name(),
            "expects " + f.type() + " but got " + v.getClass().getSimpleName() + " " + v);
      }
      out.put(f.name(), normalised);
    }
    if (complete) {
      requireComplete(key, out);
    }
    return out;
  }

  private void requireComplete(String key, Map<String, Object> values) {
    for (UserField f : definition.fields()) {
      if (f.required() && !values.containsKey(f.name())) {
        throw invalid(key, f.name(), "required field is missing");
      }
    }
  }

  private static Object normalise(Object v) {
    return v instanceof Float f ? (Object) f.doubleValue() : v;
  }

  private ArchiveException invalid(String key, String field, String problem) {
    return new ArchiveException(
        Reason.INVALID_DATA,
        "user archive " + name() + ", record " + key + ", field " + field + ": " + problem);
  }

  private void requireKey(String key) {
    if (key == null || key.isBlank()) {
      throw new ArchiveException(
          Reason.INVALID_DATA, "user archive " + name() + ": record key must not be blank");
    }
  }
}
