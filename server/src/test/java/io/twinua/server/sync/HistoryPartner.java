package io.twinua.server.sync;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.history.EventHistoryReader;
import io.twinua.server.archive.history.HistoryContinuations;
import io.twinua.server.config.HistorySettings;
import io.twinua.server.archive.history.RawHistoryReader;
import io.twinua.server.plant.ServerEventHistoryFragment;
import io.twinua.server.testing.EveryoneMayRead;
import io.twinua.server.testing.LoopbackServers;
import io.twinua.server.testing.UnsampledNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * The partner station as the resync sees it: a real Milo server on 127.0.0.1 (None, anonymous)
 * answering raw history of every string node of the plant namespace (but {@link #UNARCHIVED} ones) and the Server object's event
 * history from a real archive, with the station's own history readers (10,000 values per
 * response), and a Milo client of it.
 */
final class HistoryPartner implements AutoCloseable {

  static final String PLANT_NS = "urn:twinua:test:sync-plant";
  /** Nodes whose identifier starts with this are not archived here (the station's answer for them). */
  static final String UNARCHIVED = "Unarchived.";

  private final OpcUaServer server;
  private final OpcUaClient client;
  private final Plant plant;

  private HistoryPartner(OpcUaServer server, OpcUaClient client, Plant plant) {
    this.server = server;
    this.client = client;
    this.plant = plant;
  }

  /** From now on each raw history read takes at least {@code delay} on the partner, as from a busy one. */
  void slowHistoryReads(java.time.Duration delay) {
    plant.delayMs = delay.toMillis();
  }

  /** The most raw history reads the partner worked on at the same time. */
  int mostConcurrentHistoryReads() {
    return plant.mostInFlight.get();
  }

  /** From now on raw history reads get no answer (until {@link #close}), as from a hung partner. */
  void hangHistoryReads() {
    plant.hang = true;
  }

  static HistoryPartner start(ArchiveDatabase archive) throws Exception {
    EndpointConfig endpoint = LoopbackServers.endpoint("/partner");
    OpcUaServerConfig config =
        LoopbackServers.config("urn:twinua:test:partner", "TwinUA sync test partner", endpoint).build();
    OpcUaServer server = new OpcUaServer(config,
        profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    var continuations = new HistoryContinuations(10, 1_000);
    var raw = new RawHistoryReader(archive.rawValues(), continuations, server.getStaticEncodingContext(), 10_000);
    var events = new EventHistoryReader(archive.messages(), continuations, server.getStaticEncodingContext(), 10_000,
        HistorySettings.DEFAULT_MAX_SELECT_CLAUSES);
    Plant plant = new Plant(server, raw);
    plant.startup();
    new ServerEventHistoryFragment(server, EveryoneMayRead.INSTANCE, (session, details, id) -> events.read(session, details, id, false))
        .register();
    server.startup().get(10, TimeUnit.SECONDS);
    OpcUaClient client = OpcUaClient.create(endpoint.getEndpointUrl());
    client.connect();
    return new HistoryPartner(server, client, plant);
  }

  OpcUaClient client() {
    return client;
  }

  /** Its server, to raise system messages on. */
  OpcUaServer server() {
    return server;
  }

  /** The partner goes away (as when killed): its server closes every connection; the client stays. */
  void stopServer() throws Exception {
    server.shutdown().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    plant.released.countDown();
    client.disconnect();
    server.shutdown().get(10, TimeUnit.SECONDS);
  }

  /** Raw history of any string node: the identifier is the archive tag. */
  private static final class Plant extends UnsampledNamespace {
    private final RawHistoryReader raw;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean hang;
    private volatile long delayMs;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();

    Plant(OpcUaServer server, RawHistoryReader raw) {
      super(server, PLANT_NS);
      this.raw = raw;
    }

    @Override
    public List<HistoryReadResult> historyRead(HistoryReadContext context, HistoryReadDetails details,
        TimestampsToReturn timestamps, List<HistoryReadValueId> ids) {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        return answer(context, details, timestamps, ids);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    private List<HistoryReadResult> answer(HistoryReadContext context, HistoryReadDetails details,
        TimestampsToReturn timestamps, List<HistoryReadValueId> ids) {
      Session session = context.getSession().orElseThrow();
      if (delayMs > 0 && details instanceof ReadRawModifiedDetails) {
        try {
          Thread.sleep(delayMs); // a busy partner: a test fixture's server thread
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (hang) {
        try {
          released.await(2, TimeUnit.MINUTES); // a test fixture's server thread, bounded anyway
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      List<HistoryReadResult> results = new ArrayList<>();
      for (HistoryReadValueId id : ids) {
        if (id.getNodeId().getIdentifier() instanceof String tag && tag.startsWith(UNARCHIVED)) {
          results.add(new HistoryReadResult(new StatusCode(StatusCodes.Bad_HistoryOperationUnsupported), null, null));
        } else if (details instanceof ReadRawModifiedDetails r && id.getNodeId().getIdentifier() instanceof String tag) {
          results.add(raw.read(session.getSessionId(), r, timestamps, id, tag, false));
        } else {
          results.add(new HistoryReadResult(new StatusCode(StatusCodes.Bad_HistoryOperationUnsupported), null, null));
        }
      }
      return results;
    }
  }
}
