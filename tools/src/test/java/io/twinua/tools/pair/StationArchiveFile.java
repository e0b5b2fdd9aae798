package io.twinua.tools.pair;

import io.twinua.tools.pairlab.LoopbackPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A station's archive file changed by another program, as an engineer with sqlite3 would: rows
 * the station did not write (to give a resync a long window, or to model a long outage). Writes
 * go in short transactions so a running station's archive writer is never held up for long.
 */
final class StationArchiveFile {

  private static final int ROWS_PER_TRANSACTION = 20_000;

  private StationArchiveFile() {}

  private static Connection open(LoopbackPair.Station s) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.dataDir().resolve("archive").resolve("twinua.db"));
    c.createStatement().execute("PRAGMA busy_timeout = 10000");
    return c;
  }

  /**
   * Adds {@code count} rows of plant variable {@code Plant.<tag>} at {@code fromTicks + i * stepTicks},
   * each a copy of the tag's newest stored value (so its encoding is the station's own).
   */
  static void addCopies(LoopbackPair.Station s, String tag, long fromTicks, long stepTicks, int count) throws SQLException {
    try (Connection c = open(s);
        PreparedStatement newest = c.prepareStatement("SELECT v.tag_id, v.status, v.type, v.v FROM value v JOIN tag t"
            + " ON t.id = v.tag_id WHERE t.name = ? ORDER BY v.source_ticks DESC LIMIT 1")) {
      newest.setString(1, "Plant." + tag);
      Object[] row = new Object[4];
      try (ResultSet rs = newest.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError(s.name() + " has no value of " + tag + " to copy");
        }
        for (int i = 0; i < row.length; i++) {
          row[i] = rs.getObject(i + 1);
        }
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT OR IGNORE INTO value"
          + " (tag_id, source_ticks, server_ticks, status, type, v) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < count; i++) {
          long ticks = fromTicks + i * stepTicks;
          insert.setObject(1, row[0]);
          insert.setLong(2, ticks);
          insert.setLong(3, ticks);
          insert.setObject(4, row[1]);
          insert.setObject(5, row[2]);
          insert.setObject(6, row[3]);
          insert.addBatch();
          if ((i + 1) % ROWS_PER_TRANSACTION == 0 || i == count - 1) {
            insert.executeBatch();
            c.commit();
          }
        }
      }
    }
  }

  /** Deletes every value of every tag with a source time after {@code ticks}; returns how many. */
  static int deleteValuesAfter(LoopbackPair.Station s, long ticks) throws SQLException {
    try (Connection c = open(s); PreparedStatement delete = c.prepareStatement("DELETE FROM value WHERE source_ticks > ?")) {
      delete.setLong(1, ticks);
      return delete.executeUpdate();
    }
  }
}
