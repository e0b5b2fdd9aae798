package io.twinua.server.redundancy.uanodes;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.RedundancySupport;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ServerState;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.RedundantServerDataType;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard redundancy nodes as a real Milo client sees them on a running station. */
class ServerRedundancyNodesTest {

  @TempDir static Path dir;
  private static PairFixture pair;

  @BeforeAll
  static void startPair() throws Exception {
    pair = PairFixture.start(dir);
  }

  @AfterAll
  static void stopPair() throws Exception {
    pair.close();
  }

  private static List<ReferenceDescription> browse(OpcUaClient client, NodeId node, NodeId referenceType)
      throws Exception {
    BrowseResult result =
        client.browse(
            new BrowseDescription(
                node, BrowseDirection.Forward, referenceType, true, uint(NodeClass.Unspecified.getValue()),
                uint(BrowseResultMask.All.getValue())));
    assertTrue(result.getStatusCode().isGood(), result.getStatusCode().toString());
    return result.getReferences() == null ? List.of() : Arrays.asList(result.getReferences());
  }

  @Test
  void serverRedundancyIsNonTransparentHotWithBothStations() throws Exception {
    OpcUaClient client = pair.anonymous(pair.a);
    try {
      // Server → ServerRedundancy, typed NonTransparentRedundancyType
      assertTrue(
          browse(client, NodeIds.Server, NodeIds.HasComponent).stream()
              .anyMatch(r -> r.getBrowseName().equals(new QualifiedName(0, "ServerRedundancy"))
                  && r.getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow().equals(NodeIds.Server_ServerRedundancy)));
      List<ReferenceDescription> types = browse(client, NodeIds.Server_ServerRedundancy, NodeIds.HasTypeDefinition);
      assertEquals(1, types.size(), types.toString());
      assertEquals(NodeIds.NonTransparentRedundancyType, types.get(0).getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow());

      // its properties include ServerUriArray and RedundantServerArray
      List<QualifiedName> properties =
          browse(client, NodeIds.Server_ServerRedundancy, NodeIds.HasProperty).stream()
              .map(ReferenceDescription::getBrowseName)
              .toList();
      assertTrue(properties.containsAll(List.of(
          new QualifiedName(0, "RedundancySupport"),
          new QualifiedName(0, "ServerUriArray"),
          new QualifiedName(0, "RedundantServerArray"))), properties.toString());

      DataValue support = client.readValue(0, TimestampsToReturn.Both, NodeIds.Server_ServerRedundancy_RedundancySupport);
      assertEquals(RedundancySupport.Hot.getValue(), support.getValue().getValue());
      DataValue uris = client.readValue(0, TimestampsToReturn.Both, NodeIds.Server_ServerRedundancy_ServerUriArray);
      assertArrayEquals(new String[] {"urn:twinua:station:A", "urn:twinua:station:B"}, (String[]) uris.getValue().getValue());

      // Milo's typed client view agrees
      var typed = client.getAddressSpace().getObjectNode(NodeIds.Server_ServerRedundancy);
      var node = assertInstanceOf(org.eclipse.milo.opcua.sdk.client.model.objects.NonTransparentRedundancyTypeNode.class, typed);
      assertArrayEquals(new String[] {"urn:twinua:station:A", "urn:twinua:station:B"}, node.getServerUriArray());
      assertEquals(RedundancySupport.Hot, node.getRedundancySupport());
    } finally {
      client.disconnect();
    }
  }

  @Test
  void redundantServerArrayIsInServerUriArrayOrder() throws Exception {
    // given in reverse order: shown in ServerUriArray order
    pair.a.redundancy.setRedundantServers(List.of(
        new RedundantServer("urn:twinua:station:B", 200, ServerState.Running),
        new RedundantServer("urn:twinua:station:A", 255, ServerState.Running)));
    OpcUaClient client = pair.anonymous(pair.a);
    try {
      DataValue value = client.readValue(0, TimestampsToReturn.Both, NodeIds.Server_ServerRedundancy_RedundantServerArray);
      ExtensionObject[] encoded = (ExtensionObject[]) value.getValue().getValue();
      List<RedundantServerDataType> servers =
          Arrays.stream(encoded).map(xo -> (RedundantServerDataType) xo.decode(client.getStaticEncodingContext())).toList();
      assertEquals(List.of(
              new RedundantServerDataType("urn:twinua:station:A", UByte.valueOf(255), ServerState.Running),
              new RedundantServerDataType("urn:twinua:station:B", UByte.valueOf(200), ServerState.Running)),
          servers);
    } finally {
      client.disconnect();
    }

    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () ->
        pair.a.redundancy.setRedundantServers(List.of(
            new RedundantServer("urn:twinua:station:A", 255, ServerState.Running),
            new RedundantServer("urn:twinua:station:C", 200, ServerState.Running))));
    assertTrue(unknown.getMessage().contains("urn:twinua:station:C"), unknown.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () ->
        pair.a.redundancy.setRedundantServers(List.of(new RedundantServer("urn:twinua:station:A", 255, ServerState.Running))));
    assertTrue(missing.getMessage().contains("urn:twinua:station:B"), missing.getMessage());
  }

  @Test
  void serviceLevelChangesReachASubscriberWithinOneSecond() throws Exception {
    pair.a.redundancy.setServiceLevel(255);
    OpcUaClient client = pair.anonymous(pair.a);
    try {
      BlockingQueue<Integer> levels = new LinkedBlockingQueue<>();
      var subscription = new OpcUaSubscription(client, 100.0);
      subscription.create();
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(NodeIds.Server_ServiceLevel);
      item.setSamplingInterval(100.0);
      item.setDataValueListener((i, v) -> levels.add(((UByte) v.getValue().getValue()).intValue()));
      subscription.addMonitoredItem(item);
      subscription.synchronizeMonitoredItems();
      assertEquals(255, levels.poll(5, TimeUnit.SECONDS), "initial value");

      for (int level : new int[] {200, 1, 0, 255}) {
        long start = System.nanoTime();
        pair.a.redundancy.setServiceLevel(level);
        Integer seen = levels.poll(1, TimeUnit.SECONDS);
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(level, seen, "ServiceLevel " + level + " not delivered within 1 s");
        assertTrue(tookMs <= 1000, "took " + tookMs + " ms");
      }
      assertEquals(255, pair.a.redundancy.serviceLevel());
      subscription.delete();
    } finally {
      client.disconnect();
    }
    assertThrows(IllegalArgumentException.class, () -> pair.a.redundancy.setServiceLevel(256));
    assertThrows(IllegalArgumentException.class, () -> pair.a.redundancy.setServiceLevel(-1));
  }

  @Test
  void estimatedReturnTimeAnnouncesPlannedMaintenance() throws Exception {
    DateTime back = new DateTime(java.time.Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    pair.b.redundancy.setEstimatedReturnTime(back);
    OpcUaClient client = pair.anonymous(pair.b);
    try {
      assertEquals(back, client.readValue(0, TimestampsToReturn.Both, NodeIds.Server_EstimatedReturnTime).getValue().getValue());
      pair.b.redundancy.setEstimatedReturnTime(DateTime.NULL_VALUE);
      assertEquals(DateTime.NULL_VALUE, client.readValue(0, TimestampsToReturn.Both, NodeIds.Server_EstimatedReturnTime).getValue().getValue());
    } finally {
      client.disconnect();
    }
  }

  @Test
  void installRefusesUriListsWithoutThisStationOrWithDuplicates() {
    IllegalArgumentException notOwn = assertThrows(IllegalArgumentException.class,
        () -> ServerRedundancyNodes.install(pair.a.server, List.of("urn:twinua:station:B", "urn:twinua:station:C")));
    assertTrue(notOwn.getMessage().contains("urn:twinua:station:A"), notOwn.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ServerRedundancyNodes.install(pair.a.server, List.of("urn:twinua:station:A", "urn:twinua:station:A")));
    assertThrows(IllegalArgumentException.class, () -> ServerRedundancyNodes.install(pair.a.server, List.of()));
    // the installed view is untouched
    assertEquals(List.of("urn:twinua:station:A", "urn:twinua:station:B"), pair.a.redundancy.serverUris());
  }
}
