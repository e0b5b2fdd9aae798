package io.twinua.tools.plcsim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends produced values to an AS's ground-truth file (format: {@link GroundTruth}). Buffered;
 * the simulator flushes it every half second and when the AS goes down. A write error is logged
 * once, later values are dropped, and {@link #close()} rethrows it: a truth log with holes must
 * not pass a test silently.
 */
final class TruthLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TruthLog.class);

  private final Path file;
  private final BufferedWriter writer;
  private IOException failure;
  private boolean closed;

  private TruthLog(Path file, BufferedWriter writer) {
    this.file = file;
    this.writer = writer;
  }

  static TruthLog open(Path file) {
    try {
      BufferedWriter writer =
          Files.newBufferedWriter(
              file,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
      return new TruthLog(file, new BufferedWriter(writer, 1 << 16));
    } catch (IOException e) {
      throw new UncheckedIOException("ground-truth log " + file + ": cannot open for append", e);
    }
  }

  Path file() {
    return file;
  }

  synchronized void append(String tag, long sourceTicks, String valueText) {
    if (failure != null || closed) {
      return;
    }
    try {
      writer.append(tag).append(',').append(Long.toString(sourceTicks)).append(',');
      writer.append(valueText).append('\n');
    } catch (IOException e) {
      fail(e);
    }
  }

  synchronized void flush() {
    if (failure != null || closed) {
      return;
    }
    try {
      writer.flush();
    } catch (IOException e) {
      fail(e);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        writer.close();
      } catch (IOException e) {
        if (failure == null) {
          fail(e);
        }
      }
    }
    if (failure != null) {
      throw new UncheckedIOException("ground-truth log " + file + " is incomplete", failure);
    }
  }

  private void fail(IOException e) {
    failure = e;
    log.error("Ground-truth log {}: write failed, further values are not logged", file, e);
  }
}
