package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.StationLoader;
import io.twinua.server.process.AsConnectionStatus;
import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.Role;
import io.twinua.server.station.Station;
import io.twinua.server.testing.Await;
import io.twinua.tools.plcsim.FreePorts;
import io.twinua.tools.testing.HmiClients;
import io.twinua.tools.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 part 1: automation stations and a partner that never answer must not stall the station's
 * HMI subscriptions. Six AS and the partner are black holes (hung listeners, and addresses that
 * drop packets silently in a network namespace): more hung connects than the station's timer pool
 * has threads. An HMI subscribed to the ticking heartbeat still gets every publish on time.
 */
class StationBlackHoleTest {

  private static final double PUBLISHING_MS = 100;
  /**
   * Two full rounds of hung connects and retries of every AS link (10 s connect timeout + 5 s pause)
   * and several of the partner link's; -Dtwinua.blackhole.seconds=600 for a soak.
   */
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("twinua.blackhole.seconds", 30));

  @TempDir Path dir;

  @Test
  void hungAutomationStationsAndPartnerDoNotDelayHmiPublishing() throws Exception {
    try (BlackHoles holes = BlackHoles.create()) {
      List<String> as = new ArrayList<>();
      String partner;
      for (int i = 0; i < 3; i++) {
        as.add(holes.listener());
      }
      if (holes.hasNamespace()) {
        as.add(holes.silentAddress(4850));
        as.add(holes.silentAddress(4851));
        as.add(holes.unownedAddress(4852));
        partner = holes.silentAddress(4840);
      } else {
        System.out.println("NOTE black-hole test without network namespace: " + holes.whyNoNamespace());
        for (int i = 0; i < 3; i++) {
          as.add(holes.listener());
        }
        partner = holes.listener();
      }
      TestProject project = TestProject.create(dir.resolve("project"), 1, 2, text -> text.replace(
          "automationStations:\n", "automationStations:\n" + extraAutomationStations()));
      int port = FreePorts.next();
      Path partnerCertificate = dir.resolve("partner.pem");
      Files.writeString(partnerCertificate, "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(project.hmiCertificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n");
      StringBuilder endpoints = new StringBuilder();
      for (int i = 0; i < as.size(); i++) {
        endpoints.append("  AS").append(i + 1).append(": ").append(as.get(i)).append('\n');
      }
      Path stationFile = dir.resolve("station-a.yaml");
      Files.writeString(stationFile, String.join("\n",
          "name: STATION-A", "project: project/project.yaml", "dataDir: station-a",
          "bindAddress: 127.0.0.1", "hostname: 127.0.0.1", "port: " + port,
          "asEndpoints:", endpoints.toString(),
          "redundancy:",
          "  partner:",
          "    name: STATION-B",
          "    endpointUrl: " + partner + "/twinua",
          "    applicationUri: urn:twinua:station:STATION-B",
          "    certificate: partner.pem",
          ""));
      PkiAdmin.trust(dir.resolve("station-a").resolve("pki"), project.hmiCertificate);

      try (Station station = Station.start(StationLoader.load(stationFile))) {
        OpcUaClient hmi = HmiClients.connect("opc.tcp://127.0.0.1:" + port,
            HmiClients.stationCertificate(dir.resolve("station-a")), SecurityPolicy.Basic256Sha256,
            MessageSecurityMode.SignAndEncrypt, // the heartbeat is for the partner and engineers only
            new UsernameProvider("engineer", project.passwords.get(Role.ENGINEER)),
            project.hmiCertificate, project.hmiKeys);
        try {
          int ns = hmi.getNamespaceTable().getIndex(TestProject.PLANT_NS).intValue();
          Publishes publishes = subscribe(hmi, List.of(new NodeId(ns, "@RM_Heartbeat")));
          Await.until(Duration.ofSeconds(10), "first heartbeat at the HMI", () -> publishes.dataChanges.get() > 0);
          // the machine's own hiccups (CPU shared with other builds, GC): the same subscription to an
          // idle Milo server in this JVM, measured at the same time
          Publishes reference;
          try (IdleServer idle = IdleServer.start()) {
            OpcUaClient idleHmi = OpcUaClient.create(idle.endpointUrl());
            idleHmi.connect();
            reference = subscribe(idleHmi, List.of());
            Await.until(Duration.ofSeconds(10), "first value from the idle server", () -> reference.count.get() > 0);
            publishes.restart();
            reference.restart();
            long end = System.nanoTime() + MEASURE.toNanos();
            while (System.nanoTime() < end) {
              Thread.sleep(100); // the measurement runs on Milo's threads; this only waits for it to end
            }
            idleHmi.disconnectAsync();
          }
          long worstMs = publishes.worstNanos.get() / 1_000_000;
          long idleWorstMs = reference.worstNanos.get() / 1_000_000;
          System.out.printf("MEASURED worst interval between HMI publishes: %d ms (publishing interval %.0f ms,"
                  + " %d publishes in %d s, %d gaps over %.0f ms; an idle Milo server in the same JVM at the same time:"
                  + " worst %d ms, %d gaps over %.0f ms; %d AS + partner black holes, network namespace: %s)%n",
              worstMs, PUBLISHING_MS, publishes.count.get(), MEASURE.toSeconds(), publishes.slow.get(),
              2 * PUBLISHING_MS, idleWorstMs, reference.slow.get(), 2 * PUBLISHING_MS, as.size(),
              holes.hasNamespace() ? "yes" : holes.whyNoNamespace());

          // within 2 publishing intervals; on a machine so busy that even an idle server misses that,
          // no more than one publishing interval worse than the idle server
          long allowedMs = Math.max(2 * (long) PUBLISHING_MS, idleWorstMs + (long) PUBLISHING_MS);
          assertTrue(worstMs <= allowedMs, "worst interval between publishes " + worstMs + " ms > " + allowedMs
              + " ms (2 x " + PUBLISHING_MS + " ms, or the idle server's " + idleWorstMs + " ms + one interval)");
          assertTrue(publishes.dataChanges.get() >= MEASURE.toMillis() / PUBLISHING_MS / 2,
              "the heartbeat kept changing at the HMI: " + publishes.dataChanges.get() + " changes");
          for (AsConnectionStatus s : station.asConnections()) {
            assertEquals(AsConnectionStatus.State.DEFECTIVE, s.state(), "AS behind a black hole: " + s);
          }
          assertEquals(as.size(), station.asConnections().size());
        } finally {
          hmi.disconnectAsync();
        }
      }
    }
  }

  private static String extraAutomationStations() {
    StringBuilder sb = new StringBuilder();
    for (int i = 3; i <= 6; i++) {
      sb.append("  - name: AS").append(i).append('\n')
          .append("    endpointUrl: opc.tcp://127.0.0.1:").append(i).append('\n')
          .append("    publishingIntervalMs: 100\n");
    }
    return sb.toString();
  }

  /** Every publish response (data or keep-alive) of one subscription, and the longest gap between two. */
  private static final class Publishes {
    final AtomicLong count = new AtomicLong();
    final AtomicLong dataChanges = new AtomicLong();
    final AtomicLong worstNanos = new AtomicLong();
    final AtomicLong slow = new AtomicLong();
    private final AtomicLong last = new AtomicLong();

    void arrived() {
      long now = System.nanoTime();
      long previous = last.getAndSet(now);
      count.incrementAndGet();
      if (previous != 0) {
        worstNanos.accumulateAndGet(now - previous, Math::max);
        if (now - previous > 2 * PUBLISHING_MS * 1_000_000 && slow.incrementAndGet() <= 20) {
          System.out.printf("%s slow publish: %d ms since the previous%n",
              java.time.LocalTime.now(), (now - previous) / 1_000_000);
        }
      }
    }

    void restart() {
      last.set(0);
      count.set(0);
      dataChanges.set(0);
      worstNanos.set(0);
      slow.set(0);
    }
  }

  /** Subscribes to the server's clock (news in every cycle) and {@code nodes}, counting publishes. */
  private static Publishes subscribe(OpcUaClient hmi, List<NodeId> nodes) throws Exception {
    Publishes publishes = new Publishes();
    var subscription = new OpcUaSubscription(hmi, PUBLISHING_MS);
    subscription.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
      @Override
      public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
        publishes.dataChanges.addAndGet(items.stream()
            .filter(i -> !i.getReadValueId().getNodeId().equals(NodeIds.Server_ServerStatus_CurrentTime)).count());
        publishes.arrived();
      }

      @Override
      public void onKeepAliveReceived(OpcUaSubscription s) {
        publishes.arrived();
      }
    });
    subscription.create();
    // the clock changes at every sample, so every publishing cycle has news to send: a server sends
    // nothing in a cycle without news (Part 4 5.13.1), which would look like a late publish
    List<OpcUaMonitoredItem> items = new ArrayList<>();
    for (NodeId node : concat(NodeIds.Server_ServerStatus_CurrentTime, nodes)) {
      var item = OpcUaMonitoredItem.newDataItem(node);
      item.setSamplingInterval(PUBLISHING_MS / 2);
      items.add(item);
    }
    subscription.addMonitoredItems(items);
    subscription.synchronizeMonitoredItems();
    return publishes;
  }

  private static List<NodeId> concat(NodeId first, List<NodeId> rest) {
    List<NodeId> all = new ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }
}
