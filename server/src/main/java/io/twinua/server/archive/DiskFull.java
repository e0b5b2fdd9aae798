package io.twinua.server.archive;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;

/**
 * Tells a full volume from other storage failures: SQLite maps ENOSPC on its database or WAL file
 * to SQLITE_FULL (primary result code 13, also in extended codes); plain file writes report "No space
 * left on device". A full volume does not pass by itself like a locked file, so writing stops.
 */
final class DiskFull {

  private DiskFull() {}

  static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException e && (e.getErrorCode() & 0xff) == SQLiteErrorCode.SQLITE_FULL.code) {
        return true;
      }
      String m = t.getMessage();
      if (m != null && (m.contains("SQLITE_FULL") || m.contains("No space left on device"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
