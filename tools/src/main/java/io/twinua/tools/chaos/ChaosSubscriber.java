package io.twinua.tools.chaos;

import io.twinua.switcher.FailoverMode;
import io.twinua.switcher.Preference;
import io.twinua.switcher.RedundantClient;
import io.twinua.switcher.SwitcherConfig;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.bench.SampleTrace;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An application on the client-switcher library: a {@link RedundantClient} subscribed to one
 * tag, keeping the source time of every sample it is handed (live or backfilled from history),
 * so that the harness can check it got each value the PLC produced exactly once.
 */
final class ChaosSubscriber implements AutoCloseable {

  private final String name;
  private final RedundantClient client;
  private final SampleTrace trace = new SampleTrace();
  private final AutoCloseable subscription;

  private ChaosSubscriber(String name, RedundantClient client, String node) {
    this.name = name;
    this.client = client;
    this.subscription = client.subscribe(List.of(node), s -> trace.add(s.value().getSourceTime() != null
        ? s.value().getSourceTime().getUtcTime() : s.value().getServerTime().getUtcTime(),
        s.sourceTime().toEpochMilli(), s.receivedAt().toEpochMilli(), s.backfill()));
  }

  static ChaosSubscriber start(String name, List<String> urls, FailoverMode mode, ServerTrust trust, String node,
      Duration wait) throws Exception {
    RedundantClient client = RedundantClient.create(SwitcherConfig.create(b -> {
      urls.forEach(b::url);
      b.preference(Preference.master()).mode(mode).trust(trust);
    }));
    try {
      client.start(wait).get(wait.toSeconds(), TimeUnit.SECONDS);
      return new ChaosSubscriber(name, client, node);
    } catch (Exception e) {
      client.close();
      throw e;
    }
  }

  String name() {
    return name;
  }

  /** Source ticks of every sample handed to the application, in arrival order. */
  List<Long> receivedTicks() {
    return trace.all().stream().map(SampleTrace.Received::sourceTicks).toList();
  }

  boolean receivedSourceAtOrAfter(long epochMillis) {
    return trace.hasSourceAtOrAfter(epochMillis);
  }

  /** True while the client is on a server that reads Healthy (ServiceLevel 200..255, running). */
  boolean onHealthyServer() {
    Optional<String> current = client.currentServer();
    return current.isPresent()
        && client.servers().stream().anyMatch(h -> h.serverUri().equals(current.get()) && h.healthy());
  }

  /** True once the client has a healthy connection to each of the pair's servers. */
  boolean onEveryServer() {
    var servers = client.servers();
    return servers.size() == 2 && servers.stream().allMatch(h -> h.healthy());
  }

  /** For a failure text: where the client is and what it thinks of each server. */
  String state() {
    return name + " on " + client.currentServer().orElse("no server") + ", servers "
        + client.servers().stream().map(h -> h.serverUri() + " level " + h.serviceLevel()
            + (h.healthy() ? " healthy" : " " + h.unhealthyReason())).toList();
  }

  @Override
  public void close() throws Exception {
    subscription.close();
    client.close();
  }
}
