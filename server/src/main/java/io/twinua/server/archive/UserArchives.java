package io.twinua.server.archive;

import io.twinua.server.archive.ArchiveException.Reason;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The configured user archives (recipes) of a station, all stored in its archive database. */
public final class UserArchives {

  private final Map<String, UserArchive> archives = new LinkedHashMap<>();

  private UserArchives(
      ArchiveDatabase db, List<UserArchiveDefinition> definitions, String station, Clock clock) {
    for (UserArchiveDefinition d : definitions) {
      if (archives.put(d.name(), new UserArchive(db, d, station, clock)) != null) {
        throw new IllegalArgumentException("user archive " + d.name() + " is configured twice");
      }
    }
  }

  /**
   * @param station this station's name, stamped on every local write
   * @param clock source of modification times (both stations must be time-synchronised)
   */
  public static UserArchives open(
      ArchiveDatabase db, List<UserArchiveDefinition> definitions, String station, Clock clock) {
    Objects.requireNonNull(db, "db");
    if (station == null || station.isBlank()) {
      throw new IllegalArgumentException("station name must not be blank");
    }
    return new UserArchives(db, List.copyOf(definitions), station, Objects.requireNonNull(clock));
  }

  /**
   * @throws ArchiveException (NOT_FOUND) if no such archive is configured
   */
  public UserArchive archive(String name) {
    UserArchive a = archives.get(name);
    if (a == null) {
      throw new ArchiveException(Reason.NOT_FOUND, "user archive " + name + " is not configured");
    }
    return a;
  }

  public List<String> names() {
    return new ArrayList<>(archives.keySet());
  }
}
