package io.twinua.server.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.twinua.server.config.SessionSettings;
import io.twinua.server.testing.LoopbackServers;
import io.twinua.server.testing.UnsampledNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.channel.EncodingLimits;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Issue 12 item 5 on a real Milo server (the station's {@link ArchiveReadServer} and channel
 * handlers) and a real client on 127.0.0.1: a Read or Browse whose response exceeds what the client
 * announced, or the server's own maximum message size, is answered Bad_ResponseTooLarge (Milo 1.1.2
 * answered Bad_InternalError to the first and sent the second whatever its size).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResponseSizeGuardTest {

  private static final String NS = "urn:twinua:test:large-values";
  private static final int KIB = 1024;
  private static final int TAGS = 400;

  private final ExecutorService miloThreads = Executors.newFixedThreadPool(2);
  private final ExecutorService archiveReads = Executors.newSingleThreadExecutor();
  private final List<OpcUaClient> clients = new ArrayList<>();
  private OpcUaServer server;
  private LargeValues plant;

  @AfterEach
  void stop() throws Exception {
    clients.forEach(OpcUaClient::disconnectAsync);
    if (server != null) {
      server.shutdown().get(10, TimeUnit.SECONDS);
    }
    archiveReads.shutdownNow();
    miloThreads.shutdownNow();
  }

  @Test
  void aResponseLargerThanTheClientAnnouncedIsTooLarge() throws Exception {
    start(EncodingLimits.DEFAULT);
    OpcUaClient client = connect(64 * KIB);

    assertTrue(read(client, 10).stream().allMatch(v -> v.getStatusCode().isGood()), "10 KiB fit into 64 KiB");
    long t0 = System.nanoTime();
    assertRefused(StatusCodes.Bad_ResponseTooLarge, () -> read(client, 200));
    System.out.printf("Read of 200 x 1 KiB strings, client limit 64 KiB: Bad_ResponseTooLarge in %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
    assertRefused(StatusCodes.Bad_ResponseTooLarge, () -> browse(client));
    assertTrue(read(client, 1).get(0).getStatusCode().isGood(), "the session serves on after a refusal");
  }

  @Test
  void aResponseLargerThanTheServersMaxMessageSizeIsTooLarge() throws Exception {
    start(new EncodingLimits(EncodingLimits.DEFAULT_MAX_CHUNK_SIZE, EncodingLimits.DEFAULT_MAX_CHUNK_COUNT,
        128 * KIB, EncodingLimits.DEFAULT_MAX_RECURSION_DEPTH));
    OpcUaClient client = connect(EncodingLimits.DEFAULT_MAX_MESSAGE_SIZE);

    assertEquals(100, read(client, 100).size(), "100 KiB fit into the server's 128 KiB");
    assertRefused(StatusCodes.Bad_ResponseTooLarge, () -> read(client, 300));
  }

  private interface Request {
    Object send() throws Exception;
  }

  private static void assertRefused(long status, Request request) throws Exception {
    try {
      request.send();
      fail("expected " + StatusCodes.lookup(status).map(n -> n[0]).orElse("?"));
    } catch (ExecutionException e) {
      long got = UaException.extractStatusCode(e).map(s -> s.getValue()).orElse(0L);
      assertEquals(StatusCodes.lookup(status).map(n -> n[0]).orElse("?"),
          StatusCodes.lookup(got).map(n -> n[0]).orElse(Long.toHexString(got)), e.toString());
    }
  }

  private List<DataValue> read(OpcUaClient client, int n) throws Exception {
    return client.readValuesAsync(0.0, TimestampsToReturn.Neither, plant.tags.subList(0, n)).get(10, TimeUnit.SECONDS);
  }

  private Object browse(OpcUaClient client) throws Exception {
    return client.browseAsync(new BrowseDescription(plant.folder, BrowseDirection.Forward, NodeIds.HierarchicalReferences,
        true, uint(0), uint(BrowseResultMask.All.getValue()))).get(10, TimeUnit.SECONDS);
  }

  private void start(EncodingLimits limits) throws Exception {
    EndpointConfig endpoint = LoopbackServers.endpoint("/large");
    var config = LoopbackServers.config("urn:twinua:test:large", "TwinUA large values test", endpoint)
        .setExecutor(miloThreads).setEncodingLimits(limits).build();
    server = new ArchiveReadServer(config, profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder()
        .setChannelPipelineCustomizer(StationServer::customize).build()), archiveReads, SessionSettings.DEFAULT, d -> {});
    plant = new LargeValues(server);
    plant.startup();
    server.startup().get(10, TimeUnit.SECONDS);
  }

  private OpcUaClient connect(int maxMessageSize) throws Exception {
    String url = server.getConfig().getEndpoints().iterator().next().getEndpointUrl();
    OpcUaClient client = OpcUaClient.create(url, endpoints -> endpoints.stream().findFirst(), transport -> {},
        c -> c.setEncodingLimits(new EncodingLimits(EncodingLimits.DEFAULT_MAX_CHUNK_SIZE,
            EncodingLimits.DEFAULT_MAX_CHUNK_COUNT, maxMessageSize, EncodingLimits.DEFAULT_MAX_RECURSION_DEPTH)));
    clients.add(client);
    client.connect();
    return client;
  }

  /** {@value #TAGS} String variables of 1 KiB each with long names, in one folder. */
  private static final class LargeValues extends UnsampledNamespace {
    final NodeId folder;
    final List<NodeId> tags = new ArrayList<>();

    LargeValues(OpcUaServer server) {
      super(server, NS);
      int ns = getNamespaceIndex().intValue();
      folder = new NodeId(ns, "Large");
      UaFolderNode f = new UaFolderNode(getNodeContext(), folder, new QualifiedName(ns, "Large"),
          LocalizedText.english("Large"));
      getNodeManager().addNode(f);
      for (int i = 0; i < TAGS; i++) {
        String name = "Plant.Area.Unit.Equipment.Measurement.WithAQuiteLongName." + i;
        UaVariableNode v = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
            .setNodeId(new NodeId(ns, name)).setBrowseName(new QualifiedName(ns, name))
            .setDisplayName(LocalizedText.english(name)).setDataType(NodeIds.String)
            .setTypeDefinition(NodeIds.BaseDataVariableType).build();
        v.setValue(new DataValue(new Variant("v".repeat(KIB))));
        getNodeManager().addNode(v);
        f.addOrganizes(v);
        tags.add(v.getNodeId());
      }
    }
  }
}
