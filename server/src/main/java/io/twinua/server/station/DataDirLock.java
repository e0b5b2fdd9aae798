package io.twinua.server.station;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One station process per data directory: a second process on the same archive would corrupt
 * the idea that each station owns its archive. The OS releases the lock if the process dies.
 */
public final class DataDirLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the data directory for this process; tools hold it while they change a stopped station's
   * files (the project duplicator), so the station cannot start meanwhile.
   *
   * @throws StationException naming the directory if another process (a running station) holds it
   */
  public static DataDirLock acquire(Path dataDir) throws StationException {
    Path file = dataDir.resolve("station.lock");
    try {
      Files.createDirectories(dataDir);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new StationException("data directory " + dataDir + " is in use by another station process (" + file + " is locked)");
      }
      return new DataDirLock(channel, lock);
    } catch (IOException e) {
      throw new StationException("cannot lock data directory " + dataDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
