package io.twinua.server.station;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.nio.NioEventLoopGroup;
import io.twinua.server.archive.ValueArchive;
import io.twinua.server.config.RequestSettings;
import io.twinua.server.config.SecuritySettings;
import io.twinua.server.config.SessionSettings;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.security.GenericErrorReasons;
import io.twinua.server.security.PartnerCertificate;
import io.twinua.server.security.StationEndpoints;
import io.twinua.server.security.StationIdentityValidator;
import io.twinua.server.security.StationPki;
import io.twinua.server.security.StationRoleMapper;
import io.twinua.server.security.UserDirectory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.model.objects.ServerDiagnosticsTypeNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.channel.EncodingLimits;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.OpcServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The station's Milo server: endpoints, identity and PKI. Its own executors, so two stations in
 * one JVM (tests) never share or shut down each other's pools.
 */
final class StationServer implements AutoCloseable {

  static final String PRODUCT_URI = "urn:twinua";
  /** Concurrent history/digest reads; more wait in the queue (a 2-core station, one SQLite file). */
  private static final int ARCHIVE_READ_THREADS = 2;

  private final OpcUaServer server;
  private final Set<EndpointConfig> endpoints;
  private final NioEventLoopGroup eventLoop;
  private final ExecutorService archiveReads;
  private final List<OpcServerTransport> transports;

  private StationServer(
      OpcUaServer server, Set<EndpointConfig> endpoints, NioEventLoopGroup eventLoop, ExecutorService archiveReads,
      List<OpcServerTransport> transports) {
    this.server = server;
    this.transports = transports;
    this.endpoints = endpoints;
    this.eventLoop = eventLoop;
    this.archiveReads = archiveReads;
  }

  static StationServer create(
      String stationName, String bindAddress, String hostname, int port,
      SecuritySettings security, SessionSettings sessions, RequestSettings requests,
      BiConsumer<SystemMessage, String> report,
      StationPki pki, UserDirectory users, Optional<PartnerCertificate> partner,
      ExecutorService executor, ScheduledExecutorService scheduler, ThreadFactory nettyThreads,
      ThreadFactory archiveReadThreads) {
    Set<EndpointConfig> endpoints = StationEndpoints.create(new StationEndpoints.Settings(
        bindAddress, hostname, port, "", pki::certificate, security.allowSecurityPolicyNone(), security.allowAnonymous()));
    OpcUaServerConfig config = pki.configureServer(OpcUaServerConfig.builder())
        .setApplicationName(LocalizedText.english("TwinUA " + stationName))
        .setProductUri(PRODUCT_URI)
        .setBuildInfo(new BuildInfo(PRODUCT_URI, "TwinUA", "TwinUA station", OpcUaServer.SDK_VERSION, "", DateTime.now()))
        .setEndpoints(endpoints)
        .setIdentityValidator(new StationIdentityValidator(() -> users, security, partner,
            detail -> report.accept(SystemMessage.REPEATED_LOGIN_FAILURES, detail)))
        .setLimits(new StationLimits(sessions, requests))
        .setEncodingLimits(encodingLimits(requests))
        .setRoleMapper(new StationRoleMapper())
        .setExecutor(executor)
        .setScheduledExecutor(scheduler)
        .build();
    // not Milo's JVM-wide event loop: two stations in one JVM (tests) stay apart
    NioEventLoopGroup eventLoop = new NioEventLoopGroup(0, nettyThreads);
    // history and digest reads wait for SQLite here, not on Milo's service executor (ArchiveReadServer)
    ExecutorService archiveReads = Executors.newFixedThreadPool(ARCHIVE_READ_THREADS, archiveReadThreads);
    // kept so that isolation can take the endpoints down without shutting the server down
    List<OpcServerTransport> transports = new CopyOnWriteArrayList<>();
    OpcUaServer server = new ArchiveReadServer(config, profile -> {
      if (profile != TransportProfile.TCP_UASC_UABINARY) {
        return null;
      }
      OpcServerTransport transport = new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder()
          .setExecutor(executor).setEventLoop(eventLoop)
          .setChannelPipelineCustomizer(StationServer::customize)
          .build());
      transports.add(transport);
      return transport;
    }, archiveReads, sessions, detail -> report.accept(SystemMessage.SESSIONS_REFUSED, detail));
    return new StationServer(server, endpoints, eventLoop, archiveReads, transports);
  }

  /** Milo's chunk size, and as many chunks per message as Milo's defaults allow (twice the minimum). */
  private static EncodingLimits encodingLimits(RequestSettings requests) {
    int chunks = Math.max(EncodingLimits.DEFAULT_MAX_CHUNK_COUNT,
        requests.maxMessageSizeBytes() / EncodingLimits.DEFAULT_MAX_CHUNK_SIZE * 2);
    return new EncodingLimits(EncodingLimits.DEFAULT_MAX_CHUNK_SIZE, chunks, requests.maxMessageSizeBytes(),
        EncodingLimits.DEFAULT_MAX_RECURSION_DEPTH);
  }

  /**
   * The station's handlers in every client channel: no exception text to unauthenticated peers in
   * Error messages (GenericErrorReasons), and the client's Hello limits kept for ResponseSizeGuard.
   */
  static void customize(ChannelPipeline pipeline) {
    pipeline.addFirst(ClientMessageLimits.INSTANCE);
    pipeline.addFirst(GenericErrorReasons.INSTANCE);
  }

  OpcUaServer milo() {
    return server;
  }

  /** The largest response {@code session} takes, 0 for none (see ArchiveReadServer). */
  long responseLimit(@Nullable Session session) {
    return ((ArchiveReadServer) server).responseLimit(session);
  }

  /** Raw history reads from now on see the values queued before them (see ArchiveReadServer). */
  void readsAfterWrites(ValueArchive values) {
    ((ArchiveReadServer) server).readsAfterWrites(values::flushSoon);
  }

  /** Client writes of setpoints go to the AS from now on (see ArchiveReadServer). */
  void routeSetpoints(SetpointWrites writes) {
    ((ArchiveReadServer) server).setpointWrites(writes);
  }

  /** Binds every endpoint or fails: Milo itself succeeds when only some bind (milo-notes). */
  void startup() throws StationException {
    try {
      server.startup().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LoggerFactory.getLogger(StationServer.class).debug("Milo start-up failed", e);
    }
    List<EndpointConfig> bound = server.getBoundEndpoints();
    if (bound.size() != endpoints.size()) {
      List<String> missing = endpoints.stream().filter(e -> !bound.contains(e))
          .map(e -> e.getEndpointUrl() + " [" + e.getSecurityPolicy() + "] on " + e.getBindAddress() + ":" + e.getBindPort())
          .toList();
      throw new StationException("cannot bind endpoint(s) " + missing + " (port in use or address not local?)");
    }
    // standard Server/ServerDiagnostics (CurrentSessionCount, CurrentSubscriptionCount, ...): Milo
    // counts anyway but serves the counts only while EnabledFlag is set; operators and tests use
    // them to see client sessions left behind
    server.getAddressSpaceManager().getManagedNode(NodeIds.Server_ServerDiagnostics)
        .ifPresent(n -> ((ServerDiagnosticsTypeNode) n).setEnabledFlag(true));
  }

  /**
   * Stops serving clients (server isolation): the endpoints are unbound, which closes every secure
   * channel and refuses new ones, and every session is closed with its subscriptions. The address
   * space and the archive stay as they are; only a restart serves again. Blocks briefly (unbind).
   *
   * @return how many sessions were closed
   */
  int isolate() {
    for (OpcServerTransport t : transports) {
      try {
        t.unbind();
      } catch (Exception e) {
        throw new IllegalStateException("cannot unbind the endpoints: " + e.getMessage(), e);
      }
    }
    List<Session> sessions = server.getSessionManager().getAllSessions();
    sessions.forEach(s -> server.getSessionManager().killSession(s.getSessionId(), true));
    return sessions.size();
  }

  List<String> endpointUrls() {
    return endpoints.stream().map(EndpointConfig::getEndpointUrl).distinct().toList();
  }

  @Override
  public void close() throws Exception {
    try {
      server.shutdown().get(10, TimeUnit.SECONDS);
    } finally {
      archiveReads.shutdownNow();
      eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS);
    }
  }
}
