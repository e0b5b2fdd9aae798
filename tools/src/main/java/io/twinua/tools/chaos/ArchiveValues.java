package io.twinua.tools.chaos;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;

/**
 * The source times one tag has in a station's value archive, read from outside the running
 * station over a read-only SQLite connection (WAL lets it run beside the station's writer). The
 * primary key (tag, source time) makes a stored duplicate impossible, so a comparison with the
 * truth finds lost values here; duplicates are what a subscriber can get. The same connection
 * fingerprints every tag's rows, to compare the two stations' archives.
 */
final class ArchiveValues {

  private ArchiveValues() {}

  static Path of(Path stationDataDir) {
    return stationDataDir.resolve("archive").resolve("twinua.db");
  }

  /**
   * Per tag, a fingerprint of its rows in {@code [fromTicks, toTicks]}: count, sum of source times
   * (each modulo a prime: a plain sum of ticks overflows) and sum of the numeric values (length of the others). Two archives with equal fingerprints
   * of every tag hold the same values, short of coincidence.
   */
  static Map<String, String> fingerprints(Path archive, long fromTicks, long toTicks) throws SQLException {
    try (Connection c = readOnly(archive);
        PreparedStatement ps = c.prepareStatement("SELECT t.name, count(*), sum(v.source_ticks % 1000000007),"
            + " total(CASE WHEN typeof(v.v) IN ('integer', 'real') THEN v.v ELSE length(v.v) END)"
            + " FROM value v JOIN tag t ON t.id = v.tag_id WHERE v.source_ticks BETWEEN ? AND ? GROUP BY t.name")) {
      ps.setLong(1, fromTicks);
      ps.setLong(2, toTicks);
      Map<String, String> byTag = new TreeMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byTag.put(rs.getString(1), rs.getLong(2) + " values, times " + rs.getLong(3) + ", sum " + rs.getDouble(4));
        }
      }
      return byTag;
    }
  }

  private static Connection readOnly(Path archive) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    return config.createConnection("jdbc:sqlite:" + archive);
  }

  /** Source ticks of {@code tag} in {@code [fromTicks, toTicks]}, ascending. */
  static List<Long> ticks(Path archive, String tag, long fromTicks, long toTicks) throws SQLException {
    try (Connection c = readOnly(archive);
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
