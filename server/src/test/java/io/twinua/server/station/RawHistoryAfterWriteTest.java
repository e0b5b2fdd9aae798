package io.twinua.server.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.history.EventHistoryReader;
import io.twinua.server.archive.history.HistoryContinuations;
import io.twinua.server.archive.history.RawHistoryReader;
import io.twinua.server.config.HistorySettings;
import io.twinua.server.config.SessionSettings;
import io.twinua.server.plant.PlantHistory;
import io.twinua.server.testing.LoopbackServers;
import io.twinua.server.testing.UnsampledNamespace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raw HistoryRead over OPC UA sees a value the station received just before it, although the
 * archive would commit it only a minute later (flush interval 60 s): the station's {@link
 * ArchiveReadServer} with ONE service thread, the budgeted raw history over real SQLite, and a
 * real client on 127.0.0.1. A client that switched servers reads its gap this way (chaos cycle 22).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RawHistoryAfterWriteTest {

  private static final String NS = "urn:twinua:test:raw-after-write";
  private static final String TAG = "Boiler1.Temperature";

  @TempDir Path dir;
  private final ExecutorService miloThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "milo-service"));
  private final ExecutorService archiveReads = Executors.newSingleThreadExecutor(r -> new Thread(r, "archive-read"));
  private ArchiveDatabase db;
  private ArchiveReadServer server;
  private RawTag plant;
  private OpcUaClient client;

  @BeforeEach
  void start() throws Exception {
    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.of(60_000, 1000));
    EndpointConfig endpoint = LoopbackServers.endpoint("/raw");
    var config = LoopbackServers.config("urn:twinua:test:raw", "TwinUA raw after write test", endpoint)
        .setExecutor(miloThread).build();
    server = new ArchiveReadServer(config, profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder()
        .setChannelPipelineCustomizer(StationServer::customize).build()), archiveReads, SessionSettings.DEFAULT, d -> {});
    server.readsAfterWrites(db.values()::flushSoon);
    var continuations = new HistoryContinuations(10, 100);
    var history = new BudgetedHistory(
        new RawHistoryReader(db.rawValues(), continuations, server.getStaticEncodingContext(), 10_000),
        new EventHistoryReader(db.messages(), continuations, server.getStaticEncodingContext(), 10_000,
            HistorySettings.DEFAULT_MAX_SELECT_CLAUSES),
        HistorySettings.DEFAULT_MAX_VALUES_PER_REQUEST, server::responseLimit);
    plant = new RawTag(server, history.plant());
    plant.startup();
    server.startup().get(10, TimeUnit.SECONDS);
    client = OpcUaClient.create(endpoint.getEndpointUrl());
    client.connect();
  }

  @AfterEach
  void stop() throws Exception {
    client.disconnect();
    server.shutdown().get(10, TimeUnit.SECONDS);
    archiveReads.shutdownNow();
    miloThread.shutdownNow();
    db.close();
  }

  @Test
  void aValueReceivedJustBeforeTheReadIsInIt() throws Exception {
    long t = received(21.5, 0);

    long t0 = System.nanoTime();
    List<Long> read = sourceTicks(readRaw(t));
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertEquals(List.of(t), read, "the value queued for the archive");
    assertTrue(ms < ReadAfterWrite.BOUND.toMillis(), "committed early, not after the flush interval: " + ms + " ms");
  }

  @Test
  void aStuckArchiveHoldsTheReadNoLongerThanTheBoundAndNoServiceThread() throws Exception {
    long committed = received(20.0, -1_000);
    db.values().flush();
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("twinua.db"));
        Statement lock = other.createStatement()) {
      lock.execute("BEGIN IMMEDIATE"); // the archive's writer cannot commit meanwhile
      long queued = received(21.5, 0);

      long t0 = System.nanoTime();
      CompletableFuture<HistoryReadResult> read = readRawAsync(committed);
      DataValue now = client.readValuesAsync(0.0, TimestampsToReturn.Neither,
          List.of(NodeIds.Server_ServerStatus_CurrentTime)).get(5, TimeUnit.SECONDS).get(0);
      assertTrue(now.getStatusCode().isGood(), "a Read is served while the history read waits: " + now);
      assertTrue(!read.isDone(), "the history read waits for the commit");

      List<Long> answered = sourceTicks(read.get(10, TimeUnit.SECONDS));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(List.of(committed), answered, "what is committed, after the bound");
      assertTrue(ms >= ReadAfterWrite.BOUND.toMillis() - 100, "waited for the commit: " + ms + " ms");
      lock.execute("ROLLBACK");
      db.values().flush();
      assertEquals(List.of(committed, queued), sourceTicks(readRaw(committed)), "committed once the archive is free");
    }
  }

  /** Appends through the live path, as the station does with a value from its AS; returns its source ticks. */
  private long received(double value, long offsetMs) {
    DateTime source = new DateTime(DateTime.now().getUtcTime() + offsetMs * 10_000L);
    assertTrue(db.values().append(TAG, new DataValue(new Variant(value), StatusCode.GOOD, source, source)));
    return source.getUtcTime();
  }

  private HistoryReadResult readRaw(long fromTicks) throws Exception {
    return readRawAsync(fromTicks).get(10, TimeUnit.SECONDS);
  }

  /** The read a switched client makes: from the last value it had until a little after now. */
  private CompletableFuture<HistoryReadResult> readRawAsync(long fromTicks) {
    var details = new ReadRawModifiedDetails(false, new DateTime(fromTicks),
        new DateTime(DateTime.now().getUtcTime() + 50_000_000L), null, false);
    return client.historyReadAsync(details, TimestampsToReturn.Both, false,
            List.of(new HistoryReadValueId(plant.tag, null, QualifiedName.NULL_VALUE, null)))
        .thenApply(r -> r.getResults()[0]);
  }

  private List<Long> sourceTicks(HistoryReadResult result) {
    assertTrue(result.getStatusCode().isGood(), result.getStatusCode().toString());
    var data = (HistoryData) result.getHistoryData().decode(client.getStaticEncodingContext());
    return Arrays.stream(data.getDataValues()).map(v -> v.getSourceTime().getUtcTime()).toList();
  }

  /** One archived tag whose raw history is the station's budgeted one. */
  private static final class RawTag extends UnsampledNamespace {
    final NodeId tag;
    private final PlantHistory history;

    RawTag(OpcUaServer server, PlantHistory history) {
      super(server, NS);
      this.history = history;
      this.tag = new NodeId(getNamespaceIndex(), TAG);
    }

    @Override
    public List<HistoryReadResult> historyRead(HistoryReadContext context, HistoryReadDetails details,
        TimestampsToReturn timestamps, List<HistoryReadValueId> ids) {
      var session = context.getSession().orElseThrow();
      PlantHistory request = history.forRequest(session);
      return ids.stream().map(id -> request.readRaw(session.getSessionId(), (ReadRawModifiedDetails) details,
          timestamps, id, TAG)).toList();
    }
  }
}
