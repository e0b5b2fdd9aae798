package io.twinua.server.redundancy;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The heartbeat's wire frame, the same on every link (UDP datagram, serial line, OPC UA ByteString):
 * {@code magic "TWHB" | version | length(u16) | body | crc32(magic..body)}. A frame that is cut,
 * corrupted or of another version is rejected, never half-read: a serial line delivers garbage too.
 */
public final class HeartbeatCodec {

  public static final byte[] MAGIC = {'T', 'W', 'H', 'B'};
  public static final int VERSION = 1;
  /** Upper bound of one frame, so a reader can resynchronise on a byte stream. */
  public static final int MAX_FRAME = 4 + 1 + 2 + 1024 + 4;

  private HeartbeatCodec() {}

  public static byte[] encode(Heartbeat h) {
    byte[] station = h.station().getBytes(StandardCharsets.UTF_8);
    byte[] digest = h.projectDigest().getBytes(StandardCharsets.US_ASCII);
    if (digest.length > 128) {
      digest = java.util.Arrays.copyOf(digest, 128);
    }
    int bodyLength = 1 + station.length + 1 + 8 + 8 + 4 + 4 + 1 + 1 + 1 + digest.length + 8 + 8;
    ByteBuffer b = ByteBuffer.allocate(4 + 1 + 2 + bodyLength + 4);
    b.put(MAGIC).put((byte) VERSION).putShort((short) bodyLength);
    b.put((byte) station.length).put(station);
    b.put((byte) h.role().code());
    b.putLong(h.epoch()).putLong(h.masterSinceMillis());
    b.putInt(h.defectiveAs()).putInt(h.totalAs());
    // a receiver of version 1 that predates the impaired bit ignores it
    b.put((byte) ((h.defaultMaster() ? 1 : 0) | (h.healthy() ? 2 : 0) | (h.impaired() ? 4 : 0)));
    b.put((byte) h.request().ordinal());
    b.put((byte) digest.length).put(digest);
    b.putLong(h.sequence()).putLong(h.sentAtMillis());
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** The heartbeat in {@code frame}, or empty if it is not exactly one valid frame. */
  public static Optional<Heartbeat> decode(byte[] frame) {
    return decode(frame, 0, frame.length);
  }

  public static Optional<Heartbeat> decode(byte[] data, int offset, int length) {
    try {
      ByteBuffer b = ByteBuffer.wrap(data, offset, length);
      for (byte m : MAGIC) {
        if (b.get() != m) {
          return Optional.empty();
        }
      }
      if (b.get() != VERSION) {
        return Optional.empty();
      }
      int bodyLength = b.getShort() & 0xffff;
      if (length != 4 + 1 + 2 + bodyLength + 4) {
        return Optional.empty();
      }
      CRC32 crc = new CRC32();
      crc.update(data, offset, 7 + bodyLength);
      int expected = ByteBuffer.wrap(data, offset + 7 + bodyLength, 4).getInt();
      if ((int) crc.getValue() != expected) {
        return Optional.empty();
      }
      byte[] station = new byte[b.get() & 0xff];
      b.get(station);
      RedundancyRole role = RedundancyRole.ofCode(b.get());
      long epoch = b.getLong();
      long masterSince = b.getLong();
      int defective = b.getInt();
      int total = b.getInt();
      int flags = b.get();
      Heartbeat.Request request = Heartbeat.Request.values()[b.get()];
      byte[] digest = new byte[b.get() & 0xff];
      b.get(digest);
      long sequence = b.getLong();
      long sentAt = b.getLong();
      if (b.position() != offset + 7 + bodyLength) {
        return Optional.empty(); // fields and announced length disagree: not a frame we wrote
      }
      return Optional.of(new Heartbeat(new String(station, StandardCharsets.UTF_8), role, epoch, masterSince,
          defective, total, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, request,
          new String(digest, StandardCharsets.US_ASCII), sequence, sentAt));
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** Total frame length announced by a header at {@code offset}, or -1 if there is no valid header. */
  public static int frameLength(byte[] data, int offset, int available) {
    if (available < 7) {
      return -1;
    }
    for (int i = 0; i < 4; i++) {
      if (data[offset + i] != MAGIC[i]) {
        return -1;
      }
    }
    if (data[offset + 4] != VERSION) {
      return -1;
    }
    int bodyLength = ((data[offset + 5] & 0xff) << 8) | (data[offset + 6] & 0xff);
    int total = 7 + bodyLength + 4;
    return total > MAX_FRAME ? -1 : total;
  }
}
