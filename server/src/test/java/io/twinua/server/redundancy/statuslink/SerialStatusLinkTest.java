package io.twinua.server.redundancy.statuslink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.redundancy.HeartbeatCodec;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.testing.Await;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Real jSerialComm links on real pty pairs made by socat (a null-modem cable that can be pulled). */
class SerialStatusLinkTest {

  private static final Logger log = LoggerFactory.getLogger(SerialStatusLinkTest.class);
  private static final long TIMEOUT_MS = Heartbeats.TIMEOUT_MS;
  private static final long MAX_REOPEN_DELAY_MS = 500;

  @TempDir Path dir;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void socatIsThere() {
    SocatPair.requireSocat();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    scheduler.shutdownNow();
  }

  @Test
  void heartbeatsFlowBothWaysAndTheLinkSurvivesACablePull() throws Exception {
    SocatPair cable = new SocatPair(dir).start();
    toClose.add(cable);
    StatusLinkRecorder heardByA = new StatusLinkRecorder();
    StatusLinkRecorder heardByB = new StatusLinkRecorder();
    SerialStatusLink a = link(cable.a, "B", heardByA);
    SerialStatusLink b = link(cable.b, "A", heardByB);
    a.start();
    b.start();
    Heartbeats.every(scheduler, "A", a);
    Heartbeats.every(scheduler, "B", b);

    Await.until(Duration.ofSeconds(5), "A hears B and B hears A",
        () -> heardByA.heartbeatsFrom("B") >= 3 && heardByB.heartbeatsFrom("A") >= 3);
    assertEquals(LinkState.UP, a.state());
    assertEquals(LinkState.UP, b.state());
    assertTrue(heardByA.lastChange().thread().startsWith("twinua-statuslink-serial-"), heardByA.lastChange().thread());
    assertEquals(0, a.counters().rejected(), a.counters().toString());

    // pull the cable: both ptys hang up and their links disappear
    long lastHeard = heardByA.lastHeartbeat().atNanos();
    long pulled = System.nanoTime();
    cable.kill();
    Await.until(Duration.ofMillis(TIMEOUT_MS + 1000), "A reports B DOWN", () -> heardByA.lastChangeIs(LinkState.DOWN));
    StatusLinkRecorder.Change down = heardByA.lastChange();
    long afterLastFrameMs = (down.atNanos() - lastHeard) / 1_000_000;
    long afterPullMs = (down.atNanos() - pulled) / 1_000_000;
    log.info("serial detection: DOWN {} ms after the last frame, {} ms after the cable was pulled (timeout {} ms)",
        afterLastFrameMs, afterPullMs, TIMEOUT_MS);
    assertTrue(afterPullMs <= TIMEOUT_MS + 200, "DOWN within timeout + 200 ms, was " + afterPullMs);
    assertTrue(down.reason().contains("lost") || down.reason().contains("does not exist"), down.reason());
    Await.until(Duration.ofSeconds(2), "both ports noticed", () -> !a.portOpen() && !b.portOpen());

    // plug a new cable in under the same names: both links reopen and come UP
    long pluggedIn = System.nanoTime();
    cable.start();
    Await.until(Duration.ofSeconds(5), "A and B UP again",
        () -> heardByA.lastChangeIs(LinkState.UP) && heardByB.lastChangeIs(LinkState.UP));
    log.info("serial recovery: UP {} ms after the new cable appeared",
        (heardByA.lastChange().atNanos() - pluggedIn) / 1_000_000);
    assertEquals(List.of(LinkState.UP, LinkState.DOWN, LinkState.UP),
        heardByA.changes.stream().map(StatusLinkRecorder.Change::state).toList());
    assertTrue(a.counters().sendFailed() > 0, "sends while unplugged are counted: " + a.counters());
  }

  @Test
  void garbageBetweenFramesIsSkipped() throws Exception {
    SocatPair cable = new SocatPair(dir).start();
    toClose.add(cable);
    StatusLinkRecorder heardByB = new StatusLinkRecorder();
    SerialStatusLink b = link(cable.b, "A", heardByB);
    b.start();
    Await.until(Duration.ofSeconds(2), "B's port open", b::portOpen);

    // play station A by writing raw bytes into the other end of the cable
    try (OutputStream line = Files.newOutputStream(cable.a)) {
      line.write("\u0000\u00ff line noise TW".getBytes(StandardCharsets.ISO_8859_1));
      line.write(HeartbeatCodec.encode(Heartbeats.of("A", 1)));
      line.write("+++ATH0\r\n".getBytes(StandardCharsets.ISO_8859_1));
      line.write(HeartbeatCodec.encode(Heartbeats.of("A", 2)));
      byte[] corrupt = HeartbeatCodec.encode(Heartbeats.of("A", 99));
      corrupt[corrupt.length - 1] ^= 1;
      line.write(corrupt);
      line.write(HeartbeatCodec.encode(Heartbeats.of("X", 100))); // another station on the line
      line.write(HeartbeatCodec.encode(Heartbeats.of("A", 3)));
      line.flush();
    }
    Await.until(Duration.ofSeconds(3), "three frames of A", () -> heardByB.heartbeatsFrom("A") == 3);
    assertEquals(List.of(1L, 2L, 3L), heardByB.heartbeats.stream().map(r -> r.heartbeat().sequence()).toList());
    assertEquals(LinkState.UP, b.state());
    // noise, "+++ATH0", the corrupt frame, the foreign station
    Await.until(Duration.ofSeconds(1), "rejections counted", () -> b.counters().rejected() == 4);
    assertEquals(3, b.counters().received());
  }

  @Test
  void aMissingPortIsRetriedNotAFailureOfStart() throws Exception {
    Path absent = dir.resolve("ttyNothing");
    StatusLinkRecorder listener = new StatusLinkRecorder();
    SerialStatusLink link = link(absent, "B", listener);
    link.start();
    link.send(Heartbeats.of("A", 1));
    Await.until(Duration.ofSeconds(2), "the failed send is counted", () -> link.counters().sendFailed() == 1);
    assertEquals(LinkState.DOWN, link.state());
    assertTrue(!link.portOpen());

    // the device appears later (adapter plugged in): the link opens it by itself
    SocatPair cable = new SocatPair(dir).start();
    toClose.add(cable);
    Files.createSymbolicLink(absent, cable.a);
    Await.until(Duration.ofSeconds(3), "the port opens once it exists", link::portOpen);
  }

  private SerialStatusLink link(Path port, String partnerStation, StatusLinkRecorder listener) {
    SerialStatusLink link = new SerialStatusLink(new StatusLinkConfig.Serial(port.toString(), 115_200, TIMEOUT_MS,
        MAX_REOPEN_DELAY_MS), partnerStation, listener, Clock.systemUTC());
    toClose.add(link);
    return link;
  }

}
