package io.twinua.server.station;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.MessageRecord;
import io.twinua.server.archive.history.EventHistoryReader;
import io.twinua.server.archive.history.HistoryContinuations;
import io.twinua.server.archive.history.RawHistoryReader;
import io.twinua.server.config.HistorySettings;
import io.twinua.server.config.SessionSettings;
import io.twinua.server.plant.ServerEventHistoryFragment;
import io.twinua.server.testing.EveryoneMayRead;
import io.twinua.server.testing.LoopbackServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.channel.EncodingLimits;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryEvent;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadEventDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 5 on a real Milo server (the station's {@link ArchiveReadServer}, budgeted event
 * history over real SQLite) and a real client on 127.0.0.1 that announces a 64 KiB limit in its
 * Hello only (Milo's client sends MaxResponseMessageSize 0): an event history read comes in pages
 * within that limit, and a filter of 2,000 select clauses is refused.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventHistoryResponseLimitTest {

  private static final int EVENTS = 300;
  private static final int CLIENT_LIMIT = 64 * 1024;

  @TempDir Path dir;
  private final ExecutorService miloThreads = Executors.newFixedThreadPool(2);
  private final ExecutorService archiveReads = Executors.newSingleThreadExecutor();
  private ArchiveDatabase db;
  private ArchiveReadServer server;
  private OpcUaClient client;

  @BeforeEach
  void start() throws Exception {
    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.of(5, 1000));
    for (int i = 0; i < EVENTS; i++) {
      db.messages().append(new MessageRecord(ByteString.of(new byte[] {(byte) i, (byte) (i >> 8)}), "i=2041", "i=2253",
          "Server", 1_000 + i, 1_000 + i, 500, i + " " + "m".repeat(1000), null, null, null, null, null, null, null, "A"));
    }
    db.messages().flush();

    EndpointConfig endpoint = LoopbackServers.endpoint("/events");
    var config = LoopbackServers.config("urn:twinua:test:events", "TwinUA event limits test", endpoint)
        .setExecutor(miloThreads).build();
    server = new ArchiveReadServer(config, profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder()
        .setChannelPipelineCustomizer(StationServer::customize).build()), archiveReads, SessionSettings.DEFAULT, d -> {});
    var continuations = new HistoryContinuations(10, 100);
    var raw = new RawHistoryReader(db.rawValues(), continuations, server.getStaticEncodingContext(), 10_000);
    var events = new EventHistoryReader(db.messages(), continuations, server.getStaticEncodingContext(), 10_000,
        HistorySettings.DEFAULT_MAX_SELECT_CLAUSES);
    var history = new BudgetedHistory(raw, events, HistorySettings.DEFAULT_MAX_VALUES_PER_REQUEST, server::responseLimit);
    new ServerEventHistoryFragment(server, EveryoneMayRead.INSTANCE, history.events()).register();
    server.startup().get(10, TimeUnit.SECONDS);

    client = OpcUaClient.create(endpoint.getEndpointUrl(), endpoints -> endpoints.stream().findFirst(), transport -> {},
        c -> c.setEncodingLimits(new EncodingLimits(EncodingLimits.DEFAULT_MAX_CHUNK_SIZE,
            EncodingLimits.DEFAULT_MAX_CHUNK_COUNT, CLIENT_LIMIT, EncodingLimits.DEFAULT_MAX_RECURSION_DEPTH)));
    client.connect();
  }

  @AfterEach
  void stop() throws Exception {
    client.disconnectAsync();
    server.shutdown().get(10, TimeUnit.SECONDS);
    archiveReads.shutdownNow();
    miloThreads.shutdownNow();
    db.close();
  }

  @Test
  void eventHistoryComesInPagesWithinTheClientsLimit() throws Exception {
    Set<String> seen = new HashSet<>();
    List<Integer> pages = new ArrayList<>();
    ByteString cp = ByteString.NULL_VALUE;
    do {
      HistoryReadResult r = read(select(3), cp);
      assertEquals(StatusCodes.Good, r.getStatusCode().getValue(), r.getStatusCode().toString());
      var events = ((HistoryEvent) r.getHistoryData().decode(client.getStaticEncodingContext())).getEvents();
      Arrays.stream(events).forEach(e -> seen.add(((LocalizedText) e.getEventFields()[0].getValue()).getText()));
      pages.add(events.length);
      cp = r.getContinuationPoint();
    } while (cp != null && cp.isNotNull() && pages.size() < EVENTS);
    System.out.printf("%d events of 1 KiB, client limit %d bytes: pages %s%n", EVENTS, CLIENT_LIMIT, pages);
    assertEquals(EVENTS, seen.size(), "every event, in pages " + pages);
    assertTrue(pages.size() > 3, "more than one page: " + pages);
  }

  @Test
  void twoThousandSelectClausesAreRefused() throws Exception {
    long t0 = System.nanoTime();
    HistoryReadResult r = read(select(2_000), ByteString.NULL_VALUE);
    System.out.printf("event history read with 2,000 select clauses: %s in %d ms%n", r.getStatusCode(),
        (System.nanoTime() - t0) / 1_000_000);
    assertEquals(StatusCodes.Bad_EventFilterInvalid, r.getStatusCode().getValue());
  }

  private HistoryReadResult read(EventFilter filter, ByteString cp) throws Exception {
    // the same details for every page: a continuation point belongs to its query
    var details = new ReadEventDetails(uint(0), new DateTime(0), new DateTime(1_000_000), filter);
    return client.historyReadAsync(details, TimestampsToReturn.Source, false,
        List.of(new HistoryReadValueId(NodeIds.Server, null, QualifiedName.NULL_VALUE, cp)))
        .get(30, TimeUnit.SECONDS).getResults()[0];
  }

  /** Message first, then EventId and Time over and over. */
  private static EventFilter select(int clauses) {
    String[] names = {"Message", "EventId", "Time"};
    SimpleAttributeOperand[] select = new SimpleAttributeOperand[clauses];
    for (int i = 0; i < clauses; i++) {
      select[i] = new SimpleAttributeOperand(NodeIds.BaseEventType,
          new QualifiedName[] {new QualifiedName(0, names[i % names.length])}, AttributeId.Value.uid(), null);
    }
    return new EventFilter(select, new ContentFilter(null));
  }
}
