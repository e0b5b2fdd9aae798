package io.twinua.server.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveDatabaseTest {

  @TempDir Path dir;

  @Test
  void createsNewFileWithIdentityAndWal() throws Exception {
    Path file = dir.resolve("archive/sub/twinua.db");
    try (ArchiveDatabase db = ArchiveDatabase.open(file, ArchiveSettings.defaults())) {
      assertEquals(file.toAbsolutePath(), db.file());
    }
    assertTrue(Files.exists(file));
    assertFalse(Files.exists(dir.resolve("archive/sub/twinua.db.creating")));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      assertEquals(ArchiveSchema.APPLICATION_ID, pragma(s, "application_id"));
      assertEquals(ArchiveSchema.VERSION, pragma(s, "user_version"));
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertEquals("wal", rs.getString(1));
      }
    }
  }

  @Test
  void restartKeepsEverything() {
    Path file = dir.resolve("twinua.db");
    DateTime t = new DateTime(133_000_000_000_000_000L);
    try (ArchiveDatabase db = ArchiveDatabase.open(file, ArchiveSettings.defaults())) {
      db.values().append("Tank1.Level", new DataValue(new Variant(12.5), StatusCode.GOOD, t, t));
      db.internalTags().store("Setpoint", new DataValue(new Variant(7), StatusCode.GOOD, t, t));
    } // close must flush the queued value
    try (ArchiveDatabase db = ArchiveDatabase.open(file, ArchiveSettings.defaults())) {
      assertEquals(1, db.values().count("Tank1.Level"));
      assertEquals(
          12.5,
          db.rawValues()
              .readRaw("Tank1.Level", t.getUtcTime(), 0, 0, false, null)
              .values()
              .get(0)
              .getValue()
              .getValue());
      assertEquals(new Variant(7), db.internalTags().loadAll().get("Setpoint").getValue());
    }
  }

  @Test
  void randomBytesAreRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("twinua.db");
    byte[] garbage = new byte[8192];
    new Random(42).nextBytes(garbage);
    Files.write(file, garbage);

    ArchiveException e = refused(file, garbage);
    assertEquals(Reason.NOT_AN_ARCHIVE, e.reason());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("is not a TwinUA archive"), e.getMessage());
    assertTrue(e.getMessage().contains("move it away"), e.getMessage());
  }

  @Test
  void emptyFileIsRefused() throws Exception {
    Path file = dir.resolve("twinua.db");
    Files.write(file, new byte[0]);
    ArchiveException e = refused(file, new byte[0]);
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void foreignSqliteFileIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("twinua.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
      s.execute("INSERT INTO customers (name) VALUES ('ACME')");
    }
    byte[] before = Files.readAllBytes(file);

    ArchiveException e = refused(file, before);
    assertTrue(e.getMessage().contains("application_id 0"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("twinua.db-wal")));
  }

  @Test
  void otherApplicationIdIsRefused() throws Exception {
    Path file = dir.resolve("twinua.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA application_id = 1234");
      s.execute("CREATE TABLE value (x)");
    }
    ArchiveException e = refused(file, Files.readAllBytes(file));
    assertTrue(e.getMessage().contains("application_id 1234"), e.getMessage());
  }

  @Test
  void newerSchemaVersionIsRefusedNotMigrated() throws Exception {
    Path file = dir.resolve("twinua.db");
    ArchiveDatabase.open(file, ArchiveSettings.defaults()).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = " + (ArchiveSchema.VERSION + 1));
    }
    ArchiveException e = refused(file, Files.readAllBytes(file));
    assertEquals(Reason.NOT_AN_ARCHIVE, e.reason());
    assertTrue(
        e.getMessage().contains("schema version " + (ArchiveSchema.VERSION + 1)), e.getMessage());
  }

  @Test
  void truncatedArchiveIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("twinua.db");
    try (ArchiveDatabase db = ArchiveDatabase.open(file, ArchiveSettings.defaults())) {
      for (int i = 1; i <= 20_000; i++) {
        db.values()
            .append(
                "T" + (i % 10),
                new DataValue(
                    new Variant("value " + i), StatusCode.GOOD, new DateTime(i * 10_000L), null));
      }
    }
    byte[] full = Files.readAllBytes(file);
    byte[] truncated = Arrays.copyOf(full, full.length / 2);
    Files.write(file, truncated);

    ArchiveException e = refused(file, truncated);
    assertEquals(Reason.DAMAGED, e.reason());
    assertTrue(e.getMessage().contains("damaged TwinUA archive"), e.getMessage());
  }

  @Test
  void corruptedPagesAreFoundByQuickCheck() throws Exception {
    Path file = dir.resolve("twinua.db");
    try (ArchiveDatabase db = ArchiveDatabase.open(file, ArchiveSettings.defaults())) {
      for (int i = 1; i <= 20_000; i++) {
        db.values()
            .append(
                "T" + (i % 10),
                new DataValue(
                    new Variant((double) i), StatusCode.GOOD, new DateTime(i * 10_000L), null));
      }
    }
    byte[] bytes = Files.readAllBytes(file);
    // overwrite a few pages in the middle (keeping the header) with garbage
    Random r = new Random(7);
    for (int i = bytes.length / 3; i < bytes.length / 3 + 3 * 4096; i++) {
      bytes[i] = (byte) r.nextInt();
    }
    Files.write(file, bytes);

    ArchiveException e = refused(file, bytes);
    assertEquals(Reason.DAMAGED, e.reason());
    assertTrue(e.getMessage().contains("quick_check"), e.getMessage());
  }

  @Test
  void leftoverWriteAheadLogWithoutDatabaseIsRefused() throws Exception {
    Path file = dir.resolve("twinua.db");
    Files.write(dir.resolve("twinua.db-wal"), new byte[] {1, 2, 3});
    ArchiveException e =
        assertThrows(
            ArchiveException.class, () -> ArchiveDatabase.open(file, ArchiveSettings.defaults()));
    assertTrue(e.getMessage().contains("write-ahead log"), e.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void secondOpenOfTheSameFileIsRefusedWhileTheFirstIsOpen() {
    Path file = dir.resolve("twinua.db");
    try (ArchiveDatabase first = ArchiveDatabase.open(file, ArchiveSettings.defaults())) {
      ArchiveException e =
          assertThrows(
              ArchiveException.class, () -> ArchiveDatabase.open(file, ArchiveSettings.defaults()));
      assertEquals(Reason.IN_USE, e.reason());
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertEquals(0, first.values().count("A"), "the first one is unaffected");
    }
    ArchiveDatabase.open(file, ArchiveSettings.defaults()).close(); // released on close
  }

  @Test
  void useAfterCloseFailsClearly() {
    ArchiveDatabase db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.defaults());
    db.close();
    DataValue v = new DataValue(new Variant(1), StatusCode.GOOD, DateTime.now(), null);
    ArchiveException e = assertThrows(ArchiveException.class, () -> db.values().append("A", v));
    assertEquals(Reason.CLOSED, e.reason());
    assertEquals(
        Reason.CLOSED, assertThrows(ArchiveException.class, () -> db.values().count("A")).reason());
  }

  private static ArchiveException refused(Path file, byte[] expectedContent) throws Exception {
    ArchiveException e =
        assertThrows(
            ArchiveException.class, () -> ArchiveDatabase.open(file, ArchiveSettings.defaults()));
    assertArrayEquals(
        expectedContent, Files.readAllBytes(file), "file must be left byte-for-byte unchanged");
    return e;
  }

  private static int pragma(Statement s, String name) throws Exception {
    try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
