package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.GenericErrorReasons;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 8: a peer that sends a malformed Hello or OpenSecureChannel over raw TCP gets an
 * Error message with a status code and its name as the reason, never Java exception text.
 */
class StationRawTcpTest {

  private static final String URL = "opc.tcp://127.0.0.1/";

  @TempDir Path dir;

  @Test
  void malformedHelloAndOpenSecureChannelGetAStatusAndAGenericReason() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 1000, p -> p)) {
      // Hello whose endpoint URL claims 100 bytes but carries 4: Milo reads past the frame
      Reply hello = exchange(plant.port, hello(100, "opc."));
      assertGeneric(hello);

      // a valid Hello, then an OpenSecureChannel whose SecurityPolicyUri claims more bytes than sent
      try (Socket socket = connect(plant.port)) {
        socket.getOutputStream().write(hello(URL.length(), URL));
        Reply ack = read(socket);
        assertEquals("ACKF", ack.type(), "the valid Hello is acknowledged");
        ByteBuffer opn = ByteBuffer.allocate(8 + 4 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        opn.put("OPNF".getBytes(StandardCharsets.US_ASCII)).putInt(opn.capacity()).putInt(0).putInt(5_000).put(
            "http".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(opn.array());
        assertGeneric(read(socket));
      }
    }
  }

  private static void assertGeneric(Reply reply) {
    assertEquals("ERRF", reply.type(), "an Error message");
    StatusCode status = new StatusCode(reply.status());
    System.out.printf("raw TCP answer: %s %s%n", status, reply.reason());
    assertTrue(status.isBad(), status.toString());
    assertEquals(GenericErrorReasons.reasonFor(reply.status()), reply.reason(), "the reason is the status name");
  }

  private static byte[] hello(int urlLength, String url) {
    byte[] text = url.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(8 + 20 + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("HELF".getBytes(StandardCharsets.US_ASCII)).putInt(b.capacity());
    b.putInt(0).putInt(65_536).putInt(65_536).putInt(0).putInt(0);
    b.putInt(urlLength).put(text);
    return b.array();
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static Reply exchange(int port, byte[] request) throws IOException {
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(request);
      return read(socket);
    }
  }

  private record Reply(String type, long status, String reason) {}

  private static Reply read(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] header = new byte[8];
    in.readFully(header);
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    String type = new String(header, 0, 4, StandardCharsets.US_ASCII);
    byte[] body = new byte[h.getInt(4) - 8];
    in.readFully(body);
    if (!type.equals("ERRF")) {
      return new Reply(type, 0, "");
    }
    ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
    long status = Integer.toUnsignedLong(b.getInt());
    int length = b.getInt();
    ByteArrayOutputStream reason = new ByteArrayOutputStream();
    reason.write(body, 8, Math.max(0, length));
    return new Reply(type, status, reason.toString(StandardCharsets.UTF_8));
  }
}
