package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import java.util.Optional;

/**
 * Cuts heartbeat frames out of a serial byte stream. A line delivers garbage (noise, a half frame
 * after a reopen, another program's output): bytes before a magic are skipped, and a frame that
 * fails its check is skipped by one byte only, because the real magic may start inside it.
 */
final class FrameScanner {

  interface Sink {
    void frame(Heartbeat heartbeat);

    /** Start of a run of skipped bytes (reported once per run, not per byte). */
    void garbage(String what);
  }

  private final byte[] buffer = new byte[2 * HeartbeatCodec.MAX_FRAME];
  private int length;
  private boolean skipping;
  private long skippedBytes;

  /** Adds bytes read from the line and reports every complete frame and garbage run in them. */
  void accept(byte[] data, int offset, int count, Sink sink) {
    while (count > 0) {
      int n = Math.min(count, buffer.length - length);
      System.arraycopy(data, offset, buffer, length, n);
      length += n;
      offset += n;
      count -= n;
      scan(sink);
    }
  }

  /** Forgets a partial frame, e.g. after the port was reopened. */
  void reset() {
    length = 0;
    skipping = false;
  }

  long skippedBytes() {
    return skippedBytes;
  }

  private void scan(Sink sink) {
    int pos = 0;
    while (true) {
      int start = magicAt(pos);
      if (start > pos) {
        skip(start - pos, "bytes outside a heartbeat frame", sink);
        pos = start;
      }
      if (length - pos < 7) {
        break; // wait for the header
      }
      int frameLength = HeartbeatCodec.frameLength(buffer, pos, length - pos);
      if (frameLength < 0) {
        skip(1, "a heartbeat header of another version or length", sink);
        pos++;
        continue;
      }
      if (length - pos < frameLength) {
        break; // wait for the rest
      }
      Optional<Heartbeat> heartbeat = HeartbeatCodec.decode(buffer, pos, frameLength);
      if (heartbeat.isPresent()) {
        skipping = false;
        pos += frameLength;
        sink.frame(heartbeat.get());
      } else {
        skip(1, "a corrupt heartbeat frame", sink);
        pos++;
      }
    }
    // what is left is shorter than one frame (see the breaks), so the buffer always has room
    System.arraycopy(buffer, pos, buffer, 0, length - pos);
    length -= pos;
  }

  /** First index from {@code from} where the magic starts, also as a prefix cut at the buffer end. */
  private int magicAt(int from) {
    byte[] magic = HeartbeatCodec.MAGIC;
    for (int i = from; i < length; i++) {
      int k = 0;
      while (k < magic.length && i + k < length && buffer[i + k] == magic[k]) {
        k++;
      }
      if (k == magic.length || i + k == length) {
        return i;
      }
    }
    return length;
  }

  private void skip(int count, String what, Sink sink) {
    skippedBytes += count;
    if (!skipping) {
      skipping = true;
      sink.garbage(what);
    }
  }
}
