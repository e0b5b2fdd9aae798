package io.twinua.switcher;

import static io.twinua.switcher.Recorder.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.switcher.discovery.ServerTrust;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Subscriptions survive switches: the process produces a sample every 20 ms on both servers;
 * the client's server is stopped, the client moves to the partner and back, and the
 * application must see every sample of the window exactly once, in source-time order.
 */
class BackfillTest {

  static final String NODE = "nsu=" + RedundantTestServer.NAMESPACE + ";s=" + RedundantTestServer.COUNTER;

  private TestServers servers;
  private final ServerTrust trust = ServerTrust.trustEveryServer();
  private final Recorder recorder = new Recorder();
  private final ScheduledExecutorService plc = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong produced = new AtomicLong();
  private RedundantClient client;

  @BeforeEach
  void start() throws Exception {
    servers = TestServers.startPair();
    plc.scheduleAtFixedRate(() -> {
      long n = produced.get();
      servers.record(n, new DateTime(Instant.now()));
      produced.incrementAndGet();
    }, 0, 20, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    plc.shutdownNow();
    plc.awaitTermination(5, TimeUnit.SECONDS);
    if (client != null) {
      client.close();
    }
    servers.close();
    trust.close();
  }

  @ParameterizedTest
  @EnumSource(FailoverMode.class)
  void everySampleOnceInOrderAcrossFailoverAndReturn(FailoverMode mode) throws Exception {
    client = RedundantClient.create(servers.config(Preference.server(TestServers.A), mode, trust, Duration.ofSeconds(1)));
    client.addSwitchListener(recorder);
    client.start(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    client.subscribe(List.of(NODE), recorder);
    recorder.awaitSwitchTo(TestServers.A, 0, Duration.ofSeconds(5));
    await(() -> recorder.samples.size() > 20, Duration.ofSeconds(5), "live samples from A");
    int onBackup = mode == FailoverMode.COLD ? 0 : 1;
    await(() -> servers.b().subscriptionCount() == onBackup, Duration.ofSeconds(5),
        mode + ": " + onBackup + " standby subscription on B, found " + servers.b().subscriptionCount());

    Instant stopped = Instant.now();
    servers.a().stop();
    recorder.awaitSwitchTo(TestServers.B, 1, Duration.ofSeconds(5));
    long duringOutage = produced.get();
    await(() -> produced.get() > duringOutage + 25, Duration.ofSeconds(5), "samples while A is down");
    servers.a().start();
    recorder.awaitSwitchTo(TestServers.A, 2, Duration.ofSeconds(8));
    long afterReturn = produced.get();
    await(() -> produced.get() > afterReturn + 25, Duration.ofSeconds(5), "samples after the return");

    plc.shutdown();
    assertTrue(plc.awaitTermination(5, TimeUnit.SECONDS));
    long last = produced.get() - 1;
    await(() -> !recorder.samples.isEmpty() && value(recorder.samples.get(recorder.samples.size() - 1)) == last,
        Duration.ofSeconds(5), "the last sample " + last);

    long worstMs = recorder.samples.stream()
        .mapToLong(x -> Duration.between(x.sourceTime(), x.receivedAt()).toMillis()).max().orElseThrow();
    System.out.printf("%s: %d samples, %d backfilled, worst delivery delay %d ms, failover switch %d ms after the stop%n",
        mode, recorder.samples.size(), recorder.samples.stream().filter(Sample::backfill).count(), worstMs,
        Duration.between(stopped, recorder.switches.get(1).at()).toMillis());
    List<Long> values = recorder.samples.stream().map(BackfillTest::value).toList();
    long first = values.get(0);
    List<Long> expected = new ArrayList<>();
    for (long v = first; v <= last; v++) {
      expected.add(v);
    }
    assertEquals(expected, values, "every sample from the first delivered on, once, in order");
    for (int i = 1; i < recorder.samples.size(); i++) {
      assertTrue(recorder.samples.get(i).sourceTime().isAfter(recorder.samples.get(i - 1).sourceTime()));
    }
    if (mode == FailoverMode.COLD) {
      // Warm and Hot may have no gap to fill on loopback: B reports within milliseconds
      assertTrue(recorder.samples.stream().anyMatch(s -> s.backfill() && s.serverUri().equals(TestServers.B)),
          "the Cold failover gap came from B's history");
    }
    assertTrue(recorder.samples.stream().anyMatch(s -> !s.backfill() && s.serverUri().equals(TestServers.A)
        && s.receivedAt().isAfter(recorder.switches.get(2).at())), "live again from A after the return");
    await(() -> servers.a().subscriptionCount() == 1 && servers.b().subscriptionCount() == onBackup, Duration.ofSeconds(5),
        "after the return: the reporting subscription on A, " + onBackup + " on B (A " + servers.a().subscriptionCount()
            + ", B " + servers.b().subscriptionCount() + ")");
  }

  private static long value(Sample s) {
    return ((Number) s.value().getValue().getValue()).longValue();
  }
}
