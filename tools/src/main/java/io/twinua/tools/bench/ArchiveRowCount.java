package io.twinua.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Counts the values in a running station's archive from outside the station: a read-only SQLite
 * connection, which WAL mode lets run beside the station's writer without blocking it. The bench
 * uses it to measure archive growth without loading the station it measures. It relies on the
 * {@code value} table of archive schema versions 1 and 2 and refuses any other file.
 */
public final class ArchiveRowCount {

  /** PRAGMA application_id ("TWUA") and the user_versions with this {@code value} table. */
  private static final int APPLICATION_ID = 0x54575541;
  private static final int OLDEST_VERSION = 1;
  private static final int SCHEMA_VERSION = 2;

  private ArchiveRowCount() {}

  /** All stored values, of every tag. */
  static long values(Path archive) throws SQLException {
    return count(archive, "SELECT count(*) FROM value");
  }

  /** Stored values of every tag with {@code fromTicks <= source time < toTicks} (a scan: bench-sized archives). */
  static long valuesBetween(Path archive, long fromTicks, long toTicks) throws SQLException {
    return count(archive, "SELECT count(*) FROM value WHERE source_ticks >= " + fromTicks
        + " AND source_ticks < " + toTicks);
  }

  private static long count(Path archive, String query) throws SQLException {
    if (!Files.isRegularFile(archive)) {
      throw new SQLException(archive + ": no archive file (has the station started?)");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + archive, config.toProperties());
        Statement s = c.createStatement()) {
      int applicationId = single(s, "PRAGMA application_id");
      int version = single(s, "PRAGMA user_version");
      if (applicationId != APPLICATION_ID || version < OLDEST_VERSION || version > SCHEMA_VERSION) {
        throw new SQLException(archive + ": not a TwinUA archive of schema version "
            + OLDEST_VERSION + ".." + SCHEMA_VERSION
            + " (application_id " + applicationId + ", user_version " + version + ")");
      }
      try (ResultSet rs = s.executeQuery(query)) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static int single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
