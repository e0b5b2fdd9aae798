package io.twinua.switcher;

import io.twinua.switcher.discovery.ServerTrust;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A started test pair and, once connected, one switcher of it whose switches are recorded; closes both. */
final class SwitcherHarness implements AutoCloseable {

  static final Duration BOUND = Duration.ofSeconds(6);

  final TestServers servers;
  final ServerTrust trust = ServerTrust.trustEveryServer();
  final Recorder recorder = new Recorder();
  RedundantClient client;

  SwitcherHarness() throws Exception {
    servers = TestServers.startPair();
  }

  /** Connects a Cold switcher that prefers A and waits until it uses A. */
  RedundantClient connectToA(Duration holdOff) throws Exception {
    return connectToA(servers.config(Preference.server(TestServers.A), FailoverMode.COLD, trust, holdOff));
  }

  RedundantClient connectToA(SwitcherConfig config) throws Exception {
    client = RedundantClient.create(config);
    client.addSwitchListener(recorder);
    client.start(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    recorder.awaitSwitchTo(TestServers.A, 0, BOUND);
    return client;
  }

  @Override
  public void close() throws Exception {
    try {
      if (client != null) {
        client.close();
      }
      servers.close();
    } finally {
      trust.close();
    }
  }
}
