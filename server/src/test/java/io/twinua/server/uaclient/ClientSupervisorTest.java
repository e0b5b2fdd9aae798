package io.twinua.server.uaclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.health.FaultInjection;
import io.twinua.server.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hung servers hold no thread of the scheduler that runs the supervision (issue 6 part 1). */
class ClientSupervisorTest {

  private final List<ServerSocket> holes = new ArrayList<>();
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final List<ClientSupervisor> supervisors = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ClientExecutors executors = ClientExecutors.create("test");

  @AfterEach
  void close() throws Exception {
    supervisors.forEach(ClientSupervisor::close);
    executors.close();
    scheduler.shutdownNow();
    for (ServerSocket s : holes) {
      s.close();
    }
    for (Socket s : accepted) {
      s.close();
    }
  }

  @Test
  void hungServersNeverHoldTheSchedulerAndEachAttemptFailsWithinItsTimeout() throws Exception {
    Duration connectTimeout = Duration.ofSeconds(1);
    List<String> failures = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 6; i++) {
      String url = blackHole();
      var supervisor = new ClientSupervisor("hole " + i, new ClientSupervisor.Plan() {
        @Override
        public CompletableFuture<OpcUaClient> newClient() {
          return EndpointDiscovery.endpoints(url, executors, connectTimeout)
              .thenApply(endpoints -> { throw new AssertionError("a black hole answered"); });
        }

        @Override
        public void subscribe(OpcUaClient client) {
          throw new AssertionError("never connected");
        }

        @Override
        public void onReady(OpcUaClient client) {
          throw new AssertionError("never connected");
        }

        @Override
        public void onLost(String reason) {}

        @Override
        public void onFailed(Throwable cause) {
          failures.add(url + ": " + ClientSupervisor.rootMessage(cause));
        }
      }, scheduler, executors, connectTimeout, Duration.ofSeconds(5), Duration.ofMillis(100));
      supervisors.add(supervisor);
      supervisor.start();
    }
    // the one scheduler thread also runs this probe: a blocking connect would delay it by seconds
    AtomicLong last = new AtomicLong(System.nanoTime());
    AtomicLong worst = new AtomicLong();
    scheduler.scheduleAtFixedRate(() -> {
      long now = System.nanoTime();
      worst.accumulateAndGet(now - last.getAndSet(now), Math::max);
    }, 50, 50, TimeUnit.MILLISECONDS);

    Thread.sleep(4_000); // a fixed observation window: the probe measures during it
    long worstMs = worst.get() / 1_000_000;
    System.out.println("MEASURED worst probe interval on the supervisors' scheduler: " + worstMs + " ms (period 50 ms)");
    // one blocking connect would hold it for a whole connect timeout (six in a row: 6 s); below that
    // is a loaded machine's scheduling delay (757 ms seen at load 21), not a held scheduler
    assertTrue(worstMs < connectTimeout.toMillis(), "the scheduler was held for " + worstMs + " ms");
    // every supervisor gave up on its attempt within the timeout, and tried again
    assertTrue(failures.size() >= 12, "two failed attempts per hung server in 4 s: " + failures);
    assertEquals(6, failures.stream().map(f -> f.substring(0, f.indexOf(": "))).distinct().count(), failures.toString());
  }

  @Test
  void aCheckThatDiedIsRestartedInPlaceAndARunningOneIsNot() throws Exception {
    AtomicLong attempts = new AtomicLong();
    var supervisor = new ClientSupervisor("refusing", new ClientSupervisor.Plan() {
      @Override
      public CompletableFuture<OpcUaClient> newClient() {
        return CompletableFuture.failedFuture(new IOException("Connection refused"));
      }

      @Override
      public void subscribe(OpcUaClient client) {}

      @Override
      public void onReady(OpcUaClient client) {}

      @Override
      public void onLost(String reason) {}

      @Override
      public void onFailed(Throwable cause) {
        attempts.incrementAndGet();
      }
    }, scheduler, executors, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(20));
    supervisors.add(supervisor);
    supervisor.start();
    Await.until(Duration.ofSeconds(10), "attempts", () -> attempts.get() > 3);
    assertFalse(supervisor.restartChecks(), "a check that still runs is not started twice");

    try (FaultInjection faults = new FaultInjection()) {
      faults.register("check", supervisor.pulse());
      faults.kill("check");
      // no round for 25 periods: the periodic check stopped for good
      Await.until(Duration.ofSeconds(10), "the check dead",
          () -> supervisor.pulse().quietFor().filter(q -> q.toMillis() > 500).isPresent());
      long dead = attempts.get();

      assertTrue(supervisor.restartChecks(), "a check that died is started again");
      Await.until(Duration.ofSeconds(10), "attempts again", () -> attempts.get() > dead + 3);
      // between two rounds (quietFor is empty while a round runs) the last beat is recent again
      Await.until(Duration.ofSeconds(10), "a sign of life again",
          () -> supervisor.pulse().quietFor().filter(q -> q.toMillis() < 500).isPresent());
    }
  }

  /** A loopback listener that accepts TCP and never says a word. */
  private String blackHole() throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    holes.add(socket);
    Thread t = new Thread(() -> {
      while (!socket.isClosed()) {
        try {
          accepted.add(socket.accept());
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return "opc.tcp://127.0.0.1:" + socket.getLocalPort();
  }
}
