package io.twinua.server.archive;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.twinua.server.archive.ArchiveException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * One station's archive: a single SQLite file in WAL mode holding process values, messages, user
 * archives and internal tags. SQLite allows one writer at a time, so all writes go through one
 * pooled connection guarded by a lock; reads use a small pool of query-only connections that WAL
 * lets run alongside the writer.
 *
 * <p>An existing file is used only if it carries TwinUA's identity and schema version and passes
 * {@code PRAGMA quick_check}; anything else fails with {@link ArchiveException} and the file is
 * left exactly as it was.
 */
public final class ArchiveDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveDatabase.class);
  private static final int READERS = 4;
  private static final int BUSY_TIMEOUT_MS = 10_000;
  private static final int WAL_SIZE_LIMIT = 64 * 1024 * 1024;

  private final Path file;
  private final ArchiveSettings settings;
  private final Duration closeTimeout;
  private final HikariDataSource writerPool;
  private final HikariDataSource readerPool;
  // fair, so that the message writer gets its turn between two value batches
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final FileLock lock;
  private final ValueArchive values;
  private final ArchiveDigests digests;
  private final RawValueReader rawValues;
  private final MessageArchive messages;
  private final InternalTagStore internalTags;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;
  /** Why all writing stopped (a full volume); null while writing. */
  private volatile String writingStopped;

  private ArchiveDatabase(
      Path file,
      ArchiveSettings settings,
      Duration closeTimeout,
      FileLock lock,
      boolean maintainDigests) {
    this.file = file;
    this.closeTimeout = closeTimeout;
    this.settings = settings;
    this.lock = lock;
    this.writerPool = pool(file, "archive-writer", 1, true);
    try {
      this.readerPool = pool(file, "archive-reader", READERS, false);
    } catch (RuntimeException e) {
      writerPool.close();
      throw e;
    }
    this.rawValues = new RawValueReader(this);
    this.values = new ValueArchive(this, settings, rawValues, maintainDigests);
    this.digests = new ArchiveDigests(this);
    this.messages = new MessageArchive(this, settings);
    this.internalTags = new InternalTagStore(this);
  }

  /**
   * Opens the archive at {@code file}, creating it with the current schema when absent.
   *
   * @throws ArchiveException if the file exists but is not a usable TwinUA archive
   */
  public static ArchiveDatabase open(Path file, ArchiveSettings settings) {
    return open(file, settings, BatchWriter.CLOSE_TIMEOUT);
  }

  /** As {@link #open(Path, ArchiveSettings)}, with how long close may wait for the writers. */
  static ArchiveDatabase open(Path file, ArchiveSettings settings, Duration closeTimeout) {
    return open(file, settings, closeTimeout, true);
  }

  /**
   * For measuring what the digests cost only: the value writer does not maintain the archive
   * digests, so the file's digests are wrong afterwards and it must not be used as an archive.
   */
  public static ArchiveDatabase openWithoutDigests(Path file, ArchiveSettings settings) {
    return open(file, settings, BatchWriter.CLOSE_TIMEOUT, false);
  }

  private static ArchiveDatabase open(
      Path file, ArchiveSettings settings, Duration closeTimeout, boolean maintainDigests) {
    Path target = file.toAbsolutePath().normalize();
    FileLock lock = lock(target);
    try {
      long started = System.nanoTime();
      boolean created = false;
      if (Files.exists(target)) {
        int version = ArchiveFileCheck.verify(target);
        if (version < ArchiveSchema.VERSION) {
          migrate(target, version);
        }
        addIndexes(target);
      } else {
        create(target);
        created = true;
      }
      long checkMs = (System.nanoTime() - started) / 1_000_000;
      ArchiveDatabase db =
          new ArchiveDatabase(target, settings, closeTimeout, lock, maintainDigests);
      LOG.info(
          "archive {}: {} in {} ms (WAL, batch {} rows / {} ms, queue {})",
          target,
          created ? "created" : "checked and opened",
          checkMs,
          settings.batchSize(),
          settings.flushIntervalMs(),
          settings.queueCapacity());
      return db;
    } catch (RuntimeException e) {
      release(lock);
      throw e;
    }
  }

  public Path file() {
    return file;
  }

  public ArchiveSettings settings() {
    return settings;
  }

  public ValueArchive values() {
    return values;
  }

  /** Reads of the value archive (Part 11 raw reads). */
  public RawValueReader rawValues() {
    return rawValues;
  }

  /** Digests of the value archive, for proving two stations' archives equal. */
  public ArchiveDigests digests() {
    return digests;
  }

  public MessageArchive messages() {
    return messages;
  }

  public InternalTagStore internalTags() {
    return internalTags;
  }

  /**
   * Commits everything queued, checkpoints the write-ahead log into the file, then closes; returns
   * within about {@link BatchWriter#CLOSE_TIMEOUT} even when the disk hangs. A writer still stuck
   * in a commit by then is abandoned: its connection is closed and the file lock released once the
   * commit returns, so committed data stays intact and the file is never used by two writers.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    boolean drained = false;
    List<BatchWriter<?>> writers = List.of(values.writer(), messages.writer());
    try {
      writers.forEach(BatchWriter::beginClose); // both drain at once, within one time budget
      long deadline = System.nanoTime() + closeTimeout.toNanos();
      drained = true;
      for (BatchWriter<?> w : writers) {
        drained &= w.awaitClosed(deadline);
      }
      closed = true;
      if (drained) {
        checkpoint();
      }
    } finally {
      closed = true;
      readerPool.close();
      if (drained) {
        closeWriting();
      } else {
        LOG.error("archive {}: closed without final checkpoint; a writer is stuck in a commit", file);
        Thread closer = new Thread(() -> closeWritingAfter(writers), "archive-closer:" + file.getFileName());
        closer.setDaemon(true);
        closer.start();
      }
    }
  }

  private void closeWritingAfter(List<BatchWriter<?>> writers) {
    try {
      for (BatchWriter<?> w : writers) {
        w.awaitExit();
      }
      closeWriting();
    } catch (InterruptedException e) {
      LOG.error("archive {}: interrupted waiting for a stuck writer; lock kept", file);
    }
  }

  private void closeWriting() {
    writerPool.close();
    release(lock);
    LOG.info("archive {}: closed", file);
  }

  /**
   * Writes a consistent copy of the archive at {@code source} to {@code copy} ({@code VACUUM INTO}
   * on a read-only connection): works while a running station writes the source, since a reader
   * of a WAL database sees one committed state. For tools (the project duplicator).
   *
   * @throws ArchiveException STORAGE if the source cannot be read or the copy not written
   */
  public static void snapshot(Path source, Path copy) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    try (Connection c = config.createConnection("jdbc:sqlite:" + source);
        java.sql.PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
      s.setString(1, copy.toString());
      s.execute();
    } catch (SQLException e) {
      throw new ArchiveException(Reason.STORAGE, "cannot copy archive " + source + " to " + copy + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops value archiving cleanly, for a data volume that is nearly full: the value writer commits
   * nothing more and counts every further value as not archived; messages, user archives and
   * internal tags (little data, but each record matters) go on in the space left. Until restart.
   */
  public void stopValueArchiving(String reason) {
    values.writer().stop(reason);
  }

  /**
   * Why writing stopped: value archiving by {@link #stopValueArchiving} or all writing after the
   * volume ran full; empty while writing. Reading works either way: a transaction that failed for
   * want of space was rolled back, so the file holds exactly what was committed.
   */
  public Optional<String> writingStopped() {
    String all = writingStopped;
    return all != null ? Optional.of(all) : values.writer().stopped();
  }

  /** Runs {@code work} in one write transaction; commits on return, rolls back on failure. */
  <T> T write(SqlWork<T> work) {
    if (closed) {
      throw new ArchiveException(Reason.CLOSED, "archive " + file + " is closed");
    }
    String stopped = writingStopped;
    if (stopped != null) {
      throw new ArchiveException(Reason.STORAGE, "archive " + file + ": writing stopped: " + stopped);
    }
    acquireWriteLock();
    try (Connection c = writerPool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        if (!c.getAutoCommit()) {
          c.commit();
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      stopIfFull(e);
      throw storage("writing", e);
    } catch (RuntimeException e) {
      stopIfFull(e);
      throw e;
    } finally {
      writeLock.unlock();
    }
  }

  /** A full volume stops every writer at once: retrying would only fail again (see {@link DiskFull}). */
  private void stopIfFull(Exception e) {
    if (writingStopped == null && DiskFull.is(e, file)) {
      writingStopped = "data volume of " + file + " is full (" + e.getMessage() + ")";
      LOG.error("archive {}: the data volume is full: all writing stops; what is committed stays readable", file);
      values.writer().stop(writingStopped);
      messages.writer().stop(writingStopped);
    }
  }

  /**
   * Waits for the one write connection as long as SQLite would wait for a lock, so that a commit
   * hanging on a stuck disk fails the next writer (an internal tag, a recipe) instead of holding
   * it forever.
   */
  private void acquireWriteLock() {
    try {
      if (writeLock.tryLock(BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new ArchiveException(
        Reason.STORAGE,
        "archive " + file + ": the writer is busy for more than " + BUSY_TIMEOUT_MS + " ms");
  }

  /** Runs {@code work} on a query-only connection; it sees every committed write. */
  <T> T read(SqlWork<T> work) {
    if (closed) {
      throw new ArchiveException(Reason.CLOSED, "archive " + file + " is closed");
    }
    try (Connection c = readerPool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw storage("reading", e);
    }
  }

  ArchiveException storage(String doing, SQLException e) {
    return new ArchiveException(
        Reason.STORAGE, "archive " + file + ": " + doing + " failed: " + e.getMessage(), e);
  }

  /**
   * Moves the write-ahead log into the main file so the closed archive is one self-contained file.
   */
  private void checkpoint() {
    try {
      acquireWriteLock();
    } catch (ArchiveException e) {
      LOG.warn("archive {}: no final checkpoint: {}", file, e.getMessage());
      return;
    }
    try (Connection c = writerPool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      LOG.warn("archive {}: final checkpoint failed: {}", file, e.getMessage());
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Holds {@code <file>.lock} exclusively while open: two stations (or two processes) writing one
   * archive would interleave silently, so the second one is refused. The OS drops the lock if the
   * process dies, so a crash never leaves the archive locked.
   */
  private static FileLock lock(Path target) {
    Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(target.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
    } catch (OverlappingFileLockException e) {
      // held by another ArchiveDatabase in this JVM
    } catch (IOException e) {
      closeQuietly(channel);
      throw new ArchiveException(
          Reason.STORAGE, "cannot lock archive " + target + " (" + lockFile + "): " + e, e);
    }
    closeQuietly(channel);
    throw new ArchiveException(
        Reason.IN_USE,
        target
            + " is in use by another TwinUA archive (lock "
            + lockFile.getFileName()
            + " is held) — is a second station configured with the same data directory?");
  }

  private static void release(FileLock lock) {
    try {
      lock.release();
    } catch (IOException e) {
      LOG.warn("archive lock {}: release failed: {}", lock, e.toString());
    }
    closeQuietly(lock.channel());
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to do with a lock channel that will not close
      }
    }
  }

  /** An archive made before an index existed gets it now (once: building it reads the table). */
  private static void addIndexes(Path target) {
    SQLiteConfig config = connectionConfig(true);
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    try (Connection c = config.createConnection("jdbc:sqlite:" + target)) {
      ArchiveSchema.addIndexes(c);
    } catch (SQLException e) {
      throw new ArchiveException(Reason.STORAGE, "cannot add indexes to archive " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds the schema in a side file and renames it into place, so a crash during creation never
   * leaves a half-made file under the archive's name (which the next start would refuse).
   */
  private static void create(Path target) {
    Path wal = ArchiveFileCheck.walOf(target);
    if (Files.exists(wal) || Files.exists(ArchiveFileCheck.shmOf(target))) {
      throw new ArchiveException(
          Reason.NOT_AN_ARCHIVE,
          target
              + " is missing but its write-ahead log "
              + wal.getFileName()
              + " (or -shm) is still there — refusing to start a new archive that could replay"
              + " it; move those files away");
    }
    Path temp = target.resolveSibling(target.getFileName() + ".creating");
    try {
      Files.createDirectories(target.getParent());
      for (Path p : new Path[] {temp, ArchiveFileCheck.walOf(temp), ArchiveFileCheck.shmOf(temp)}) {
        Files.deleteIfExists(p); // our own leftover from an interrupted creation, never the archive
      }
      SQLiteConfig config = connectionConfig(true);
      config.setOpenMode(SQLiteOpenMode.CREATE);
      try (Connection c = config.createConnection("jdbc:sqlite:" + temp)) {
        c.setAutoCommit(false);
        ArchiveSchema.create(c, Ticks.now(Clock.systemUTC()));
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
      }
      Files.deleteIfExists(ArchiveFileCheck.walOf(temp));
      Files.deleteIfExists(ArchiveFileCheck.shmOf(temp));
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ArchiveException(Reason.STORAGE, "cannot create archive " + target + ": " + e, e);
    } catch (SQLException e) {
      throw new ArchiveException(
          Reason.STORAGE, "cannot create archive " + target + ": " + e.getMessage(), e);
    }
  }

  /** Brings an older archive up to the current schema in one transaction, saying so in the log. */
  private static void migrate(Path target, int version) {
    long started = System.nanoTime();
    SQLiteConfig config = connectionConfig(true);
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    try (Connection c = config.createConnection("jdbc:sqlite:" + target)) {
      c.setAutoCommit(false);
      long values = ArchiveSchema.migrate(c, version);
      c.commit();
      LOG.warn(
          "archive {}: migrated from schema version {} to {} ({} values digested) in {} ms",
          target,
          version,
          ArchiveSchema.VERSION,
          values,
          (System.nanoTime() - started) / 1_000_000);
    } catch (SQLException e) {
      throw new ArchiveException(
          Reason.STORAGE,
          "cannot migrate archive " + target + " from schema version " + version + ": "
              + e.getMessage(),
          e);
    }
  }

  private static SQLiteConfig connectionConfig(boolean writer) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.setJournalSizeLimit(WAL_SIZE_LIMIT); // shrink the WAL back after a checkpoint
    if (writer) {
      // take the write lock at BEGIN: a deferred transaction could fail to upgrade later
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    }
    return config;
  }

  private static HikariDataSource pool(Path file, String name, int size, boolean writer) {
    SQLiteConfig config = connectionConfig(writer);
    config.resetOpenMode(SQLiteOpenMode.CREATE); // a vanished file must fail, not start empty
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file);
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(source);
    hikari.setPoolName(name + ":" + file.getFileName());
    hikari.setMaximumPoolSize(size);
    hikari.setMinimumIdle(1);
    hikari.setMaxLifetime(0); // a local file needs no connection recycling
    hikari.setIdleTimeout(0);
    if (!writer) {
      hikari.setConnectionInitSql("PRAGMA query_only = 1");
    }
    try {
      return new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new ArchiveException(
          Reason.STORAGE, "cannot open archive " + file + ": " + e.getMessage(), e);
    }
  }
}
