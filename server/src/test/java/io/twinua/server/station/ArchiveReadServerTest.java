package io.twinua.server.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ReadsArchive;
import io.twinua.server.testing.LoopbackServers;
import io.twinua.server.testing.UnsampledNamespace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Milo server with ONE service thread and a real client on 127.0.0.1: while a slow archive
 * read (HistoryRead, a {@link ReadsArchive} method) waits, an ordinary Read is still served.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ArchiveReadServerTest {

  private static final String NS = "urn:twinua:test:slow-archive";

  private final ExecutorService miloThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "milo-service"));
  private final ExecutorService archiveReads = Executors.newSingleThreadExecutor(r -> new Thread(r, "archive-read"));
  private final CountDownLatch readStarted = new CountDownLatch(1);
  private final CountDownLatch readMayEnd = new CountDownLatch(1);
  private final List<String> readThreads = Collections.synchronizedList(new ArrayList<>());
  private OpcUaServer server;
  private SlowArchive archive;
  private OpcUaClient client;

  @BeforeEach
  void start() throws Exception {
    EndpointConfig endpoint = LoopbackServers.endpoint("/slow");
    OpcUaServerConfig config = LoopbackServers.config("urn:twinua:test:slow", "TwinUA slow archive test", endpoint)
        .setExecutor(miloThread)
        .build();
    server = new ArchiveReadServer(config,
        profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()), archiveReads,
        io.twinua.server.config.SessionSettings.DEFAULT, detail -> {});
    archive = new SlowArchive(server);
    archive.startup();
    server.startup().get(10, TimeUnit.SECONDS);
    client = OpcUaClient.create(endpoint.getEndpointUrl());
    client.connect();
  }

  @AfterEach
  void stop() throws Exception {
    readMayEnd.countDown();
    client.disconnect();
    server.shutdown().get(10, TimeUnit.SECONDS);
    archiveReads.shutdownNow();
    miloThread.shutdownNow();
  }

  @Test
  void aReadIsServedWhileASlowHistoryReadWaitsForTheArchive() throws Exception {
    var details = new ReadRawModifiedDetails(false, new DateTime(0), DateTime.now(), null, false);
    CompletableFuture<HistoryReadResponse> history = client.historyReadAsync(details, TimestampsToReturn.Source,
        true, List.of(new HistoryReadValueId(archive.tag, null, QualifiedName.NULL_VALUE, null)));
    assertTrue(readStarted.await(10, TimeUnit.SECONDS), "the history read reached the archive");

    assertServedMeanwhile();
    readMayEnd.countDown();
    assertEquals(StatusCode.GOOD, history.get(10, TimeUnit.SECONDS).getResults()[0].getStatusCode());
    assertEquals(List.of("archive-read"), readThreads);
  }

  @Test
  void aReadIsServedWhileASlowArchiveMethodWaitsForTheArchive() throws Exception {
    CompletableFuture<List<CallMethodResult>> call = client.callAsync(
        List.of(new CallMethodRequest(archive.object, archive.method, new Variant[0])))
        .thenApply(r -> List.of(r.getResults()));
    assertTrue(readStarted.await(10, TimeUnit.SECONDS), "the method reached the archive");

    assertServedMeanwhile();
    readMayEnd.countDown();
    assertEquals(StatusCode.GOOD, call.get(10, TimeUnit.SECONDS).get(0).getStatusCode());
    assertEquals(List.of("archive-read"), readThreads);
  }

  /** Milo's only service thread is free: an ordinary Read gets its answer now. */
  private void assertServedMeanwhile() throws Exception {
    List<DataValue> now = client.readValuesAsync(0.0, TimestampsToReturn.Neither,
        List.of(NodeIds.Server_ServerStatus_CurrentTime)).get(5, TimeUnit.SECONDS);
    assertTrue(now.get(0).getStatusCode().isGood(), now.toString());
    assertEquals(1, readMayEnd.getCount(), "the archive read is still waiting");
  }

  /** Waits in the archive until the test lets it go, as a read of a large or locked SQLite file does. */
  private void slowRead() {
    readThreads.add(Thread.currentThread().getName());
    readStarted.countDown();
    try {
      readMayEnd.await(30, TimeUnit.SECONDS); // bounded: a failing test still ends
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class SlowArchive extends UnsampledNamespace {
    final NodeId tag;
    final NodeId object;
    final NodeId method;

    SlowArchive(OpcUaServer server) {
      super(server, NS);
      int ns = getNamespaceIndex().intValue();
      tag = new NodeId(ns, "Tag");
      object = new NodeId(ns, "Archive");
      method = new NodeId(ns, "Digest");
      UaFolderNode folder = new UaFolderNode(getNodeContext(), object, new QualifiedName(ns, "Archive"),
          LocalizedText.english("Archive"));
      UaMethodNode digest = UaMethodNode.builder(getNodeContext()).setNodeId(method)
          .setBrowseName(new QualifiedName(ns, "Digest")).setDisplayName(LocalizedText.english("Digest")).build();
      digest.setInvocationHandler(new Digest(digest));
      getNodeManager().addNode(folder);
      getNodeManager().addNode(digest);
      folder.addComponent(digest);
    }

    @Override
    public List<HistoryReadResult> historyRead(HistoryReadContext context, HistoryReadDetails details,
        TimestampsToReturn timestamps, List<HistoryReadValueId> ids) {
      slowRead();
      return ids.stream().map(id -> new HistoryReadResult(StatusCode.GOOD, null, null)).toList();
    }
  }

  private final class Digest extends AbstractMethodInvocationHandler implements ReadsArchive {
    Digest(UaMethodNode node) {
      super(node);
    }

    @Override
    public Argument[] getInputArguments() {
      return new Argument[0];
    }

    @Override
    public Argument[] getOutputArguments() {
      return new Argument[0];
    }

    @Override
    protected Variant[] invoke(InvocationContext context, Variant[] inputs) {
      slowRead();
      return new Variant[0];
    }
  }
}
