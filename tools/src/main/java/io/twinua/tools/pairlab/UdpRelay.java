package io.twinua.tools.pairlab;

import io.twinua.tools.plcsim.FreePorts;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The second LAN between the stations, as a cable the test can pull. Each station sends its UDP
 * heartbeats to "its" side of the relay, which passes them on from the other side, so each
 * station sees them arrive from exactly the partner address it was configured with.
 */
public final class UdpRelay implements AutoCloseable {

  private final DatagramSocket sideA;
  private final DatagramSocket sideB;
  private volatile boolean cut;

  /** @param stationA where station A listens; @param stationB where station B listens */
  public UdpRelay(int stationA, int stationB) throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    sideA = new DatagramSocket(new InetSocketAddress(lo, FreePorts.next()));
    sideB = new DatagramSocket(new InetSocketAddress(lo, FreePorts.next()));
    pump(sideA, sideB, new InetSocketAddress(lo, stationB));
    pump(sideB, sideA, new InetSocketAddress(lo, stationA));
  }

  /** The partner address station A is configured with. */
  public int portForA() {
    return sideA.getLocalPort();
  }

  /** The partner address station B is configured with. */
  public int portForB() {
    return sideB.getLocalPort();
  }

  public void cut() {
    cut = true;
  }

  public void restore() {
    cut = false;
  }

  private void pump(DatagramSocket in, DatagramSocket out, InetSocketAddress to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[2048];
      while (!in.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buffer, buffer.length);
          in.receive(p);
          if (!cut) {
            out.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), to));
          }
        } catch (IOException e) {
          // closed, or the station is not listening right now: UDP loses it, as a LAN would
        }
      }
    }, "udp-relay");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    sideA.close();
    sideB.close();
  }
}
