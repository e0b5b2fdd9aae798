package io.twinua.server.archive;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The archive file format. Identity lives in the SQLite header: {@code application_id} marks the
 * file as a TwinUA archive and {@code user_version} is the schema version, so a foreign or newer
 * file is recognised from its first 100 bytes without SQLite ever writing to it.
 *
 * <p>All times are OPC UA DateTime ticks (100 ns since 1601-01-01 UTC) so nothing is rounded. Every
 * table has a natural key so that replaying a write (partner sync, retried batch) is a no-op:
 * values by (tag, source time), messages by event id, user records by (archive, key), internal tags
 * by name with the newer source time winning.
 */
final class ArchiveSchema {

  /** "TWUA" in ASCII: PRAGMA application_id of every TwinUA archive. */
  static final int APPLICATION_ID = 0x54575541;

  /** PRAGMA user_version: bump only together with a deliberate, tested migration. */
  static final int VERSION = 2;

  /** The oldest version {@link #migrate} brings up to {@link #VERSION}. */
  static final int OLDEST_MIGRATED = 1;

  // version 2: digests of the value table per (10-minute bucket, tag group), see ArchiveDigests
  private static final String DIGEST_TABLE =
      "CREATE TABLE value_digest (bucket_ticks INTEGER NOT NULL, tag_group INTEGER NOT NULL,"
          + " row_count INTEGER NOT NULL, hash INTEGER NOT NULL,"
          + " PRIMARY KEY (bucket_ticks, tag_group)) WITHOUT ROWID";

  private static final List<String> DDL =
      List.of(
          "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
          // tag dictionary: names are stored once, values refer to them by id
          "CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
          // type = OPC UA Variant encoding byte (built-in type id, 0x80 = array); v holds
          // the scalar natively (INTEGER/REAL/TEXT/BLOB) or the OPC UA Binary encoded Variant
          "CREATE TABLE value (tag_id INTEGER NOT NULL, source_ticks INTEGER NOT NULL,"
              + " server_ticks INTEGER, status INTEGER NOT NULL, type INTEGER NOT NULL, v,"
              + " PRIMARY KEY (tag_id, source_ticks)) WITHOUT ROWID",
          "CREATE TABLE message (event_id BLOB PRIMARY KEY, time_ticks INTEGER NOT NULL,"
              + " receive_ticks INTEGER NOT NULL, event_type TEXT, source_node TEXT,"
              + " source_name TEXT, severity INTEGER NOT NULL, message TEXT,"
              + " message_number INTEGER, condition_name TEXT, active INTEGER, acked INTEGER,"
              + " retain INTEGER, enabled INTEGER, comment TEXT, station TEXT NOT NULL)",
          "CREATE INDEX message_time ON message (time_ticks, event_id)",
          // fields as JSON object; deleted rows stay as tombstones so deletes can be synced
          "CREATE TABLE user_record (archive TEXT NOT NULL, record_key TEXT NOT NULL,"
              + " fields TEXT NOT NULL, deleted INTEGER NOT NULL, modified_ticks INTEGER NOT NULL,"
              + " station TEXT NOT NULL, PRIMARY KEY (archive, record_key))",
          "CREATE INDEX user_record_modified ON user_record (archive, modified_ticks)",
          "CREATE TABLE internal_tag (name TEXT PRIMARY KEY, source_ticks INTEGER NOT NULL,"
              + " server_ticks INTEGER, status INTEGER NOT NULL, type INTEGER NOT NULL, v)",
          DIGEST_TABLE);

  private static final long MIGRATE_STEP = 30L * 24 * 6 * ArchiveDigests.BUCKET_TICKS;

  /**
   * Indexes added after version 1 was first written. An index changes nothing a reader of version 1
   * relies on, so it needs no new version: an archive made before it existed gets it when opened.
   */
  private static final List<String> ADDED_INDEXES =
      List.of(
          // the newest state of each alarm, read at start (MessageArchive#newestOfEachCondition)
          "CREATE INDEX IF NOT EXISTS message_condition ON message"
              + " (source_node, condition_name, time_ticks, event_id) WHERE condition_name IS NOT NULL");

  private ArchiveSchema() {}

  /** Creates all tables and stamps the identity, inside the caller's transaction. */
  static void create(Connection c, long createdTicks) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : DDL) {
        s.execute(ddl);
      }
      addIndexes(c);
      s.execute("INSERT INTO meta (key, value) VALUES ('created_ticks', '" + createdTicks + "')");
      s.execute("PRAGMA application_id = " + APPLICATION_ID);
      s.execute("PRAGMA user_version = " + VERSION);
    }
  }

  /** Adds the indexes a version 1 archive may lack; a no-op when they exist. */
  static void addIndexes(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : ADDED_INDEXES) {
        s.execute(ddl);
      }
    }
  }

  /**
   * Brings a file of an older version up to {@link #VERSION} inside the caller's transaction, so a
   * crash leaves it at its old version, untouched.
   *
   * @return the values whose digests were computed
   */
  static long migrate(Connection c, int fromVersion) throws SQLException {
    if (fromVersion < OLDEST_MIGRATED || fromVersion >= VERSION) {
      throw new IllegalArgumentException("no migration from schema version " + fromVersion);
    }
    // 1 -> 2: digests of every value already stored
    try (Statement s = c.createStatement()) {
      s.execute(DIGEST_TABLE);
    }
    long values = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT min(source_ticks), max(source_ticks) FROM value")) {
      rs.next();
      long first = rs.getLong(1);
      long last = rs.getLong(2);
      boolean any = rs.getObject(1) != null;
      // a month at a time keeps the tally small for archives of years
      for (long from = ArchiveDigests.bucketStart(first); any && from <= last; from += MIGRATE_STEP) {
        ArchiveDigests.Tally part = ArchiveDigests.recompute(c, from, from + MIGRATE_STEP);
        part.addTo(c);
        values += part.values();
      }
      s.execute("PRAGMA user_version = " + VERSION);
    }
    return values;
  }
}
