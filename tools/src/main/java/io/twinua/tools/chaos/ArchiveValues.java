package io.twinua.tools.chaos;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The source times one tag has in a station's value archive, read from outside the running
 * station over a read-only SQLite connection (WAL lets it run beside the station's writer). The
 * primary key (tag, source time) makes a stored duplicate impossible, so a comparison with the
 * truth finds lost values here; duplicates are what a subscriber can get.
 */
final class ArchiveValues {

  private ArchiveValues() {}

  static Path of(Path stationDataDir) {
    return stationDataDir.resolve("archive").resolve("twinua.db");
  }

  /** Source ticks of {@code tag} in {@code [fromTicks, toTicks]}, ascending. */
  static List<Long> ticks(Path archive, String tag, long fromTicks, long toTicks) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    try (Connection c = config.createConnection("jdbc:sqlite:" + archive);
        PreparedStatement ps = c.prepareStatement("SELECT v.source_ticks FROM value v JOIN tag t ON t.id = v.tag_id"
            + " WHERE t.name = ? AND v.source_ticks BETWEEN ? AND ? ORDER BY v.source_ticks")) {
      ps.setString(1, tag);
      ps.setLong(2, fromTicks);
      ps.setLong(3, toTicks);
      List<Long> ticks = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ticks.add(rs.getLong(1));
        }
      }
      return ticks;
    }
  }
}
