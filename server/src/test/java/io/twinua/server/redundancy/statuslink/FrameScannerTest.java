package io.twinua.server.redundancy.statuslink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameScannerTest {

  private final List<Heartbeat> frames = new ArrayList<>();
  private final List<String> garbage = new ArrayList<>();
  private final FrameScanner.Sink sink = new FrameScanner.Sink() {
    @Override
    public void frame(Heartbeat heartbeat) {
      frames.add(heartbeat);
    }

    @Override
    public void garbage(String what) {
      garbage.add(what);
    }
  };

  @Test
  void framesBetweenGarbageAreAllFoundAndEachGarbageRunCountsOnce() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    write(line, "noise before the first frame\r\n");
    line.writeBytes(frame(1));
    line.writeBytes(frame(2)); // back to back
    write(line, "TW");          // a magic prefix that goes nowhere
    line.writeBytes(frame(3));
    write(line, "TWHB\u0002xx"); // a header of another version
    line.writeBytes(frame(4));
    byte[] corrupt = frame(99);
    corrupt[20] ^= 0x55;          // CRC no longer matches
    line.writeBytes(corrupt);
    line.writeBytes(frame(5));
    write(line, "TWHB\u0001\u0003\u00ff"); // header announcing ~1000 bytes: the real frames behind it still come
    line.writeBytes(frame(6));
    line.writeBytes(new byte[1100]);
    line.writeBytes(frame(7));

    FrameScanner scanner = new FrameScanner();
    byte[] all = line.toByteArray();
    scanner.accept(all, 0, all.length, sink);

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), frames.stream().map(Heartbeat::sequence).toList());
    assertEquals(6, garbage.size(), garbage.toString());
  }

  @Test
  void aFrameArrivingInPiecesIsAssembled() {
    byte[] f = frame(42);
    FrameScanner scanner = new FrameScanner();
    for (int i = 0; i < f.length; i++) {
      scanner.accept(f, i, 1, sink);
      assertEquals(i == f.length - 1 ? 1 : 0, frames.size());
    }
    assertEquals(42, frames.get(0).sequence());
    assertEquals(List.of(), garbage);
  }

  @Test
  void moreDataThanTheBufferHoldsIsScannedInChunks() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int i = 0; i < 200; i++) {
      line.writeBytes(frame(i));
    }
    byte[] all = line.toByteArray();
    new FrameScanner().accept(all, 0, all.length, sink);
    assertEquals(200, frames.size());
    assertEquals(199, frames.get(199).sequence());
  }

  private static byte[] frame(long sequence) {
    return HeartbeatCodec.encode(Heartbeats.of("B", sequence));
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
