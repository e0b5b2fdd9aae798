package io.twinua.server.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;

/**
 * Tells a full volume from other storage failures: SQLite maps ENOSPC on its database or WAL file
 * to SQLITE_FULL (primary result code 13, also in extended codes); plain file writes report "No space
 * left on device". A full volume does not pass by itself like a locked file, so writing stops.
 * SQLite rolls a transaction back by itself when the WAL cannot grow at commit, and sqlite-jdbc
 * then reports only "cannot commit - no transaction is active" (seen on a full tmpfs): so any
 * failed write on a volume with less than {@link #NEARLY_FULL_BYTES} left counts as full too.
 */
final class DiskFull {

  private DiskFull() {}

  /** Less than one large batch plus its WAL frames: no write can be expected to succeed. */
  static final long NEARLY_FULL_BYTES = 4L * 1024 * 1024;

  static boolean is(Throwable failure, Path file) {
    if (is(failure)) {
      return true;
    }
    try {
      return Files.getFileStore(file).getUsableSpace() < NEARLY_FULL_BYTES;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

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
