package io.twinua.tools.station;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinua.server.diagnostics.StationSnapshot;
import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.TcpProxy;
import io.twinua.tools.testing.HmiClients;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that vanish without closing their session (a pulled cable, a crashed HMI, a failover)
 * must not leave their subscriptions on the station for ever: Milo 1.1.2 kept every one (found by
 * `bench churn`: one subscription per dropped client, still there after the session timeout).
 */
class StationAbandonedSubscriptionsTest {

  @TempDir Path dir;

  @Test
  void subscriptionsOfDroppedSessionsAreDeletedAfterTheirLifetime() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 200)) {
      StationSnapshot.Clients before = plant.station().diagnostics().clients();
      int dropped = 5;
      for (int i = 0; i < dropped; i++) {
        dropAfterSubscribing(plant);
      }
      Await.until(Duration.ofSeconds(20), "the dropped clients' sessions timed out",
          () -> plant.station().diagnostics().clients().sessions() == before.sessions());
      assertEquals(before.subscriptions() + dropped, plant.station().diagnostics().clients().subscriptions(),
          "kept after the session timeout: a reconnecting client may still transfer them");

      Await.until(Duration.ofSeconds(30), "the abandoned subscriptions deleted after their lifetime",
          () -> plant.station().diagnostics().clients().subscriptions() == before.subscriptions());
      System.out.println("MEASURED subscriptions: " + before.subscriptions() + " before, " + dropped
          + " dropped clients, " + plant.station().diagnostics().clients().subscriptions() + " after their lifetime");
    }
  }

  /** One anonymous viewer through its own cable: a 5 s session, a subscription of 3 s lifetime, then the cable cut. */
  private static void dropAfterSubscribing(TestPlant plant) throws Exception {
    try (TcpProxy cable = new TcpProxy(java.net.URI.create(plant.endpointUrl()).getPort())) {
      OpcUaClient client = HmiClients.connect(cable.url(),
          HmiClients.stationCertificate(plant.stationDataDir()), SecurityPolicy.None, MessageSecurityMode.None,
          new AnonymousProvider(), plant.clientCertificate, plant.clientKeys,
          config -> config.setSessionTimeout(uint(5_000)));
      try {
        var sub = new OpcUaSubscription(client, 100.0);
        sub.setLifetimeAndKeepAliveCalculated(false);
        sub.setMaxKeepAliveCount(uint(10));
        sub.setLifetimeCount(uint(30));
        sub.create();
        sub.addMonitoredItem(OpcUaMonitoredItem.newDataItem(
            new NodeId(client.getNamespaceTable().getIndex(TestPlant.NS).intValue(), "Plant.Intake.Pump1.RunSeconds")));
        sub.synchronizeMonitoredItems();
      } finally {
        cable.cut(); // the station never sees CloseSession
        client.disconnectAsync();
      }
    }
  }
}
