package io.twinua.server.redundancy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The epoch in a one-line text file next to the redundancy log ({@code <dataDir>/logs/redundancy.epoch}).
 * A save writes a temporary file, forces it to disk, renames it over the old one and forces the
 * directory, so after a crash (kill -9, power loss) the file holds the old or the new epoch, never
 * a torn one.
 */
public final class EpochFile implements EpochStore {

  private final Path file;
  private long last;

  /** Reads the file if it exists; a file that is not a number stops the station (see message). */
  public EpochFile(Path file) {
    this.file = file.toAbsolutePath();
    this.last = read(this.file);
  }

  /** The station's epoch file in its data dir. */
  public static EpochFile inDataDir(Path dataDir) {
    return new EpochFile(dataDir.resolve("logs").resolve("redundancy.epoch"));
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized long lastUsed() {
    return last;
  }

  @Override
  public synchronized void save(long epoch) {
    if (epoch <= last) {
      return;
    }
    Path dir = file.getParent();
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap((epoch + "\n").getBytes(StandardCharsets.US_ASCII)));
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save redundancy epoch " + epoch + " to " + file, e);
    }
    last = epoch;
  }

  /** Makes the rename itself durable (Linux; other systems may refuse to open a directory). */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not supported here (e.g. Windows): the rename is still atomic, just maybe not yet on disk
    }
  }

  private static long read(Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read redundancy epoch file " + file, e);
    }
    try {
      long epoch = Long.parseLong(text);
      if (epoch < 0) {
        throw new NumberFormatException("negative");
      }
      return epoch;
    } catch (NumberFormatException e) {
      // guessing could reuse an epoch; an engineer who deletes the file accepts that risk knowingly
      throw new IllegalStateException("redundancy epoch file " + file + " holds '" + text
          + "', not an epoch; restore it or delete it (the station then counts from the partner's epoch)");
    }
  }
}
