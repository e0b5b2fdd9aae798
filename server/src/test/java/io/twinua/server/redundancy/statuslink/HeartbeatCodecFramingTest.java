package io.twinua.server.redundancy.statuslink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import io.twinua.server.redundancy.RedundancyRole;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Regression tests for the two codec bugs found while building the status links. */
class HeartbeatCodecFramingTest {

  @Test
  void stationNameThatDoesNotFitTheLengthByteIsRefusedWhenTheHeartbeatIsMade() {
    // 200 characters are allowed, but 400 UTF-8 bytes do not fit the frame's one-byte length:
    // encode used to write length 400 & 0xff and the partner decoded a different heartbeat
    String longName = "\u00e9".repeat(200);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Heartbeats.of(longName, 1));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    Heartbeat ascii = Heartbeats.of("S".repeat(255), 7);
    assertEquals(ascii, HeartbeatCodec.decode(HeartbeatCodec.encode(ascii)).orElseThrow());
  }

  @Test
  void frameWhoseFieldsDoNotFillItsBodyExactlyIsRejected() {
    // a frame with a valid CRC but a byte more in its body than the fields use was accepted,
    // i.e. half-read; a station-length byte that disagrees with the body must not decode either
    byte[] good = HeartbeatCodec.encode(Heartbeats.of("B", 1));
    byte[] longer = new byte[good.length + 1];
    System.arraycopy(good, 0, longer, 0, good.length - 4);
    int body = ((good[5] & 0xff) << 8 | (good[6] & 0xff)) + 1;
    longer[5] = (byte) (body >> 8);
    longer[6] = (byte) body;
    rewriteCrc(longer);
    assertTrue(HeartbeatCodec.decode(longer).isEmpty());

    byte[] misaligned = good.clone();
    misaligned[7] = 2; // station length 2 instead of 1
    rewriteCrc(misaligned);
    assertTrue(HeartbeatCodec.decode(misaligned).isEmpty());
    assertTrue(HeartbeatCodec.decode(good).isPresent());
  }

  @Test
  void decodeOfARangeOutsideTheArrayIsEmptyNotAnException() {
    byte[] good = HeartbeatCodec.encode(Heartbeats.of("B", 1));
    assertTrue(HeartbeatCodec.decode(good, 4, good.length).isEmpty());
  }

  @Test
  void impairedTravelsInAFlagBitOfItsOwn() {
    Heartbeat impaired = new Heartbeat("A", RedundancyRole.MASTER, 9, 1, 0, 3, false, true, true,
        Heartbeat.Request.NONE, "", 2, 3);
    Heartbeat back = HeartbeatCodec.decode(HeartbeatCodec.encode(impaired)).orElseThrow();
    assertEquals(impaired, back);
    assertTrue(back.impaired() && back.healthy() && !back.defaultMaster(), back.toString());
  }

  @Test
  void everyRoleAndRequestSurvivesTheFrame() {
    for (RedundancyRole role : RedundancyRole.values()) {
      for (Heartbeat.Request request : Heartbeat.Request.values()) {
        Heartbeat h =
            new Heartbeat("A", role, 9, 0, 0, 0, false, role != RedundancyRole.FAULT, false, request, "", 2, 3);
        assertEquals(h, HeartbeatCodec.decode(HeartbeatCodec.encode(h)).orElseThrow());
      }
    }
  }

  private static void rewriteCrc(byte[] frame) {
    CRC32 crc = new CRC32();
    crc.update(frame, 0, frame.length - 4);
    ByteBuffer.wrap(frame, frame.length - 4, 4).putInt((int) crc.getValue());
  }
}
