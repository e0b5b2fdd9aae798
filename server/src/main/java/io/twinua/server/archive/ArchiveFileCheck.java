package io.twinua.server.archive;

import io.twinua.server.archive.ArchiveException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Decides whether an existing file may be used as this station's archive. Identity is read from the
 * raw 100-byte SQLite header (see sqlite.org/fileformat.html §1.3) before SQLite opens the file, so
 * a foreign or garbage file is rejected without a single byte written to it. Only a file that
 * carries our identity is opened, and then only to run {@code PRAGMA quick_check}.
 */
final class ArchiveFileCheck {

  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_SIZE = 100;
  private static final String MOVE_AWAY =
      " — refusing to use it; move it away to start a new archive";

  private ArchiveFileCheck() {}

  /**
   * Throws {@link ArchiveException} unless {@code file} is a healthy TwinUA archive of this
   * program's schema version or one it migrates from.
   *
   * @return the file's schema version
   */
  static int verify(Path file) {
    if (Files.isDirectory(file)) {
      throw notAnArchive(file, "it is a directory");
    }
    byte[] header = readHeader(file);
    if (header.length == 0) {
      throw notAnArchive(file, "the file is empty");
    }
    if (header.length < HEADER_SIZE || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
      throw notAnArchive(file, "not an SQLite database: the file header is not SQLite's");
    }
    ByteBuffer h = ByteBuffer.wrap(header); // SQLite header integers are big-endian
    int applicationId = h.getInt(68);
    int userVersion = h.getInt(60);
    if (applicationId != ArchiveSchema.APPLICATION_ID) {
      throw notAnArchive(file, "application_id " + applicationId);
    }
    if (userVersion < ArchiveSchema.OLDEST_MIGRATED || userVersion > ArchiveSchema.VERSION) {
      throw new ArchiveException(
          Reason.NOT_AN_ARCHIVE,
          file
              + " is a TwinUA archive of schema version "
              + userVersion
              + " but this program uses version "
              + ArchiveSchema.VERSION
              + " and migrates only from version "
              + ArchiveSchema.OLDEST_MIGRATED
              + MOVE_AWAY);
    }
    checkNotTruncated(file, h);
    quickCheck(file);
    return userVersion;
  }

  private static byte[] readHeader(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(HEADER_SIZE);
    } catch (IOException e) {
      throw new ArchiveException(Reason.STORAGE, "cannot read archive file " + file + ": " + e, e);
    }
  }

  /**
   * The in-header page count is trustworthy when "version-valid-for" equals the change counter.
   * With a write-ahead log present the main file may legitimately lag, so leave it to quick_check.
   */
  private static void checkNotTruncated(Path file, ByteBuffer h) {
    if (Files.exists(walOf(file))) {
      return;
    }
    int rawPageSize = Short.toUnsignedInt(h.getShort(16));
    long pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    long pageCount = Integer.toUnsignedLong(h.getInt(28));
    boolean countValid = h.getInt(24) == h.getInt(92) && pageCount > 0;
    long size = size(file);
    if (countValid && size < pageCount * pageSize) {
      throw new ArchiveException(
          Reason.DAMAGED,
          file
              + " is a damaged TwinUA archive: truncated to "
              + size
              + " bytes but its header says "
              + pageCount
              + " pages of "
              + pageSize
              + " bytes — refusing to use it; restore it from a backup or move it away to start"
              + " a new archive");
    }
  }

  private static void quickCheck(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE); // never create a file here
    List<String> problems = new ArrayList<>();
    try (Connection c = config.createConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA quick_check(5)")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!"ok".equals(line)) {
          problems.add(line.replaceAll("\\s+", " ").trim());
        }
      }
    } catch (SQLException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new ArchiveException(
          Reason.DAMAGED,
          file
              + " is a damaged TwinUA archive (quick_check: "
              + String.join("; ", problems)
              + ") — refusing to use it; restore it from a backup or move it away to start a new"
              + " archive");
    }
  }

  static Path walOf(Path file) {
    return file.resolveSibling(file.getFileName() + "-wal");
  }

  static Path shmOf(Path file) {
    return file.resolveSibling(file.getFileName() + "-shm");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new ArchiveException(Reason.STORAGE, "cannot read archive file " + file + ": " + e, e);
    }
  }

  private static ArchiveException notAnArchive(Path file, String why) {
    return new ArchiveException(
        Reason.NOT_AN_ARCHIVE, file + " is not a TwinUA archive (" + why + ")" + MOVE_AWAY);
  }
}
