package io.twinua.server.redundancy.statuslink;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.redundancy.HeartbeatCodec;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Two real UDP links on 127.0.0.1, OS-chosen ports, driven once per heartbeat period as the manager does. */
class UdpStatusLinkTest {

  private static final Logger log = LoggerFactory.getLogger(UdpStatusLinkTest.class);
  private static final long TIMEOUT_MS = Heartbeats.TIMEOUT_MS;

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    scheduler.shutdownNow();
  }

  @Test
  void heartbeatsFlowBothWaysAndTheLinkFollowsThePartner() throws Exception {
    DatagramChannel channelA = bind(0);
    DatagramChannel channelB = bind(0);
    InetSocketAddress addressA = (InetSocketAddress) channelA.getLocalAddress();
    InetSocketAddress addressB = (InetSocketAddress) channelB.getLocalAddress();
    StatusLinkRecorder heardByA = new StatusLinkRecorder();
    StatusLinkRecorder heardByB = new StatusLinkRecorder();
    UdpStatusLink a = link(channelA, addressB, "B", heardByA);
    UdpStatusLink b = link(channelB, addressA, "A", heardByB);
    assertEquals(LinkState.DOWN, a.state(), "nothing heard yet");
    a.start();
    b.start();
    Heartbeats.every(scheduler, "A", a);
    ScheduledFuture<?> senderB = Heartbeats.every(scheduler, "B", b);

    Await.until(Duration.ofSeconds(3), "A hears B and B hears A",
        () -> heardByA.heartbeatsFrom("B") >= 3 && heardByB.heartbeatsFrom("A") >= 3);
    assertEquals(LinkState.UP, a.state());
    assertEquals(LinkState.UP, b.state());
    StatusLinkRecorder.Change up = heardByA.changes.get(0);
    assertEquals(LinkState.UP, up.state());
    assertTrue(up.thread().startsWith("twinua-statuslink-udp-"), "callbacks on the link's executor: " + up.thread());
    assertTrue(heardByA.heartbeats.get(0).atNanos() <= up.atNanos(), "the heartbeat comes before UP");
    assertTrue(heardByA.heartbeats.stream().allMatch(r -> r.thread().equals(up.thread())));
    assertTrue(a.counters().sent() >= 3 && a.counters().received() >= 3, a.counters().toString());
    assertEquals(0, a.counters().rejected());

    // partner goes silent: its sender stops, then its link closes
    long lastHeard = heardByA.lastHeartbeat().atNanos();
    long silentSince = System.nanoTime();
    senderB.cancel(false);
    b.close();
    Await.until(Duration.ofMillis(TIMEOUT_MS + 1000), "A reports B DOWN", () -> heardByA.lastChangeIs(LinkState.DOWN));
    StatusLinkRecorder.Change down = heardByA.lastChange();
    long afterLastFrameMs = (down.atNanos() - lastHeard) / 1_000_000;
    long afterSilenceMs = (down.atNanos() - silentSince) / 1_000_000;
    log.info("UDP detection: DOWN {} ms after the last frame, {} ms after the partner stopped (timeout {} ms)",
        afterLastFrameMs, afterSilenceMs, TIMEOUT_MS);
    assertTrue(afterSilenceMs <= TIMEOUT_MS + 200, "DOWN within timeout + 200 ms, was " + afterSilenceMs);
    assertTrue(afterLastFrameMs >= TIMEOUT_MS - 5, "not before the timeout: " + afterLastFrameMs);
    assertTrue(down.reason().contains("no valid heartbeat from B"), down.reason());
    assertEquals(LinkState.DOWN, a.state());

    // partner restarts on the same address
    StatusLinkRecorder heardByB2 = new StatusLinkRecorder();
    UdpStatusLink b2 = link(bind(addressB.getPort()), addressA, "A", heardByB2);
    b2.start();
    Heartbeats.every(scheduler, "B", b2);
    Await.until(Duration.ofSeconds(3), "A reports B UP again", () -> heardByA.lastChangeIs(LinkState.UP));
    Await.until(Duration.ofSeconds(3), "the restarted B hears A", () -> b2.state() == LinkState.UP);
    assertEquals(List.of(LinkState.UP, LinkState.DOWN, LinkState.UP),
        heardByA.changes.stream().map(StatusLinkRecorder.Change::state).toList());
  }

  @Test
  void strangersGarbageAndOtherStationsAreIgnoredAndCounted() throws Exception {
    DatagramChannel channelA = bind(0);
    InetSocketAddress addressA = (InetSocketAddress) channelA.getLocalAddress();
    DatagramChannel partner = bind(0); // plays B by hand
    InetSocketAddress addressB = (InetSocketAddress) partner.getLocalAddress();
    DatagramChannel stranger = bind(0);
    toClose.add(partner);
    toClose.add(stranger);
    StatusLinkRecorder heardByA = new StatusLinkRecorder();
    UdpStatusLink a = link(channelA, addressB, "B", heardByA);
    a.start();

    // right station, wrong source address
    stranger.send(ByteBuffer.wrap(HeartbeatCodec.encode(Heartbeats.of("B", 1))), addressA);
    // right source address, but garbage, a cut frame and another station's frame
    partner.send(ByteBuffer.wrap("hello".getBytes()), addressA);
    byte[] frame = HeartbeatCodec.encode(Heartbeats.of("B", 2));
    partner.send(ByteBuffer.wrap(frame, 0, frame.length - 1), addressA);
    partner.send(ByteBuffer.wrap(HeartbeatCodec.encode(Heartbeats.of("C", 3))), addressA);
    Await.until(Duration.ofSeconds(3), "four rejected", () -> a.counters().rejected() == 4);
    assertEquals(LinkState.DOWN, a.state());
    assertEquals(0, a.counters().received());
    assertEquals(List.of(), heardByA.heartbeats);

    partner.send(ByteBuffer.wrap(HeartbeatCodec.encode(Heartbeats.of("B", 4))), addressA);
    Await.until(Duration.ofSeconds(3), "the real partner is heard", () -> a.state() == LinkState.UP);
    assertEquals(4, heardByA.lastHeartbeat().heartbeat().sequence());
    assertEquals(new StatusLinkCounters(0, 1, 4, 0), a.counters());
  }

  @Test
  void sendNeverThrowsAndStartFailsLoudlyOnABusyAddress() throws Exception {
    DatagramChannel taken = bind(0);
    toClose.add(taken);
    InetSocketAddress busy = (InetSocketAddress) taken.getLocalAddress();
    InetSocketAddress elsewhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
    UdpStatusLink link = new UdpStatusLink(new StatusLinkConfig.Udp(busy, elsewhere, TIMEOUT_MS), "B", new StatusLinkRecorder(),
        Clock.systemUTC());
    toClose.add(link);
    assertDoesNotThrow(() -> link.send(Heartbeats.of("A", 1)), "before start");
    IOException e = assertThrows(IOException.class, link::start);
    assertTrue(e.getMessage().contains("cannot bind"), e.getMessage());
    link.close();
    assertDoesNotThrow(() -> link.send(Heartbeats.of("A", 2)), "after close");
    assertEquals(new StatusLinkCounters(0, 0, 0, 0), link.counters());
    assertThrows(IllegalArgumentException.class,
        () -> new StatusLinkConfig.Udp(busy, busy, TIMEOUT_MS));
  }

  private UdpStatusLink link(DatagramChannel channel, InetSocketAddress partner, String partnerStation,
      StatusLinkRecorder listener) throws IOException {
    UdpStatusLink link = UdpStatusLink.onBoundChannel(channel, partner, partnerStation, TIMEOUT_MS, listener,
        Clock.systemUTC());
    toClose.add(link);
    return link;
  }


  private static DatagramChannel bind(int port) throws IOException {
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    channel.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    return channel;
  }

}
