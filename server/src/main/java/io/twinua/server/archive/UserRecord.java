package io.twinua.server.archive;

import java.util.Map;
import java.util.Objects;

/**
 * One record of a user archive as stored and as synchronised. A deleted record is a tombstone (no
 * fields, {@code deleted} set) kept so that the delete can be replicated; {@code modifiedTicks} and
 * {@code station} say which write is the newest (last writer wins).
 *
 * @param fields field values by name: String, Double, Integer or Boolean; absent = no value
 */
public record UserRecord(
    String archive,
    String key,
    Map<String, Object> fields,
    boolean deleted,
    long modifiedTicks,
    String station) {

  public UserRecord {
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(station, "station");
    fields = Map.copyOf(fields);
    if (deleted && !fields.isEmpty()) {
      throw new IllegalArgumentException(
          "deleted record " + key + " of user archive " + archive + " must have no fields");
    }
  }

  /** True if this write wins over {@code other}: newer, or as new and from a later station name. */
  public boolean supersedes(UserRecord other) {
    if (modifiedTicks != other.modifiedTicks) {
      return modifiedTicks > other.modifiedTicks;
    }
    // equal stamps from two stations: a fixed order lets both stations agree on one winner
    return station.compareTo(other.station) > 0;
  }
}
