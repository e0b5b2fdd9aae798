package io.twinua.tools.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongUnaryOperator;

/**
 * The baseline of the archive benchmarks: the archive's value table filled the plainest fast way
 * sqlite-jdbc allows (one prepared INSERT, batches of {@value #TRANSACTION} per transaction, WAL).
 */
final class RawSqliteInsert {

  static final int TRANSACTION = 5_000;
  static final String LABEL = "raw sqlite-jdbc batch insert (5000/tx, WAL)";

  private RawSqliteInsert() {}

  /**
   * Inserts {@code values} rows into a new file, row {@code i} for tag id {@code tagOf(i)} at
   * {@code ticksOf(i)}.
   *
   * @return the number of rows inserted
   */
  static long insert(Path file, long values, LongUnaryOperator tagOf, LongUnaryOperator ticksOf)
      throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = NORMAL");
      s.execute(
          "CREATE TABLE value (tag_id INTEGER NOT NULL, source_ticks INTEGER NOT NULL,"
              + " server_ticks INTEGER, status INTEGER NOT NULL, type INTEGER NOT NULL, v,"
              + " PRIMARY KEY (tag_id, source_ticks)) WITHOUT ROWID");
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT OR IGNORE INTO value (tag_id, source_ticks, server_ticks, status, type, v)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        for (long i = 0; i < values; i++) {
          long ticks = ticksOf.applyAsLong(i);
          ps.setLong(1, tagOf.applyAsLong(i));
          ps.setLong(2, ticks);
          ps.setLong(3, ticks + 1);
          ps.setLong(4, 0);
          ps.setInt(5, 11);
          ps.setDouble(6, i * 0.5);
          ps.addBatch();
          if ((i + 1) % TRANSACTION == 0) {
            ps.executeBatch();
            c.commit();
          }
        }
        ps.executeBatch();
        c.commit();
      }
      c.setAutoCommit(true);
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    return values;
  }
}
