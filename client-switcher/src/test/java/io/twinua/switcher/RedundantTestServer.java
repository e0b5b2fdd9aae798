package io.twinua.switcher;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigBuilder;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.model.objects.NonTransparentRedundancyTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.ServerRedundancyTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.ServerTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.ConditionType;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.RedundancySupport;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.builtin.DiagnosticInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * One server of a non-transparent redundant set for tests: a real Milo server on 127.0.0.1
 * (None, anonymous) with {@code Server/ServerRedundancy} as NonTransparentRedundancyType, a
 * settable ServiceLevel, and one historized variable {@link #COUNTER} whose every sample is
 * pushed to subscribers and kept in an in-memory history (raw reads, paged). It can be stopped
 * (clients see the socket closed) and started again on the same port, keeping its history.
 */
public final class RedundantTestServer implements AutoCloseable {

  static final String NAMESPACE = "urn:twinua:test:switcher-plant";
  static final String COUNTER = "Plant.Counter";
  /** A writable Int64 whose writes are logged ({@link #writes}) and can be held ({@link #holdWrites}). */
  static final String SETPOINT = "Plant.Setpoint";
  /** Method (input: the alarm's source name): acknowledges and clears that alarm on this server. */
  static final String ACKNOWLEDGE = "Plant.Acknowledge";
  /** Int64, 1 while this server's own process connection is down ({@link #setProcessFault}). */
  static final String PROCESS_FAULT = "Plant.ProcessFault";
  /** Values per HistoryRead response: small, so backfill has to follow continuation points. */
  static final int HISTORY_PAGE = 25;

  public final String uri;
  public final String url;
  private final int port;
  private final List<String> setUris;
  private final List<DataValue> history = new CopyOnWriteArrayList<>();
  private volatile int serviceLevel = 255;
  private volatile OpcUaServer server;
  private volatile Plant plant;
  private final Security security;
  /** Sources acknowledged through {@link #ACKNOWLEDGE} on this server, in order. */
  final List<String> acknowledged = new CopyOnWriteArrayList<>();
  /** Every value written to {@link #SETPOINT} and applied, in order, across restarts. */
  final List<Object> writes = new CopyOnWriteArrayList<>();
  /** Writes that reached the server, applied or not. */
  final java.util.concurrent.atomic.AtomicInteger writesArrived = new java.util.concurrent.atomic.AtomicInteger();
  private volatile java.util.concurrent.CountDownLatch writeGate = new java.util.concurrent.CountDownLatch(0);
  /** Active alarms by source name (message): retained conditions. */
  private final Map<String, String> alarms = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * A secured server: besides None/anonymous it offers Basic256Sha256 SignAndEncrypt with a
   * user login, trusts {@code clientCertificate} and has its own self-signed certificate.
   */
  record Security(X509Certificate clientCertificate, String user, String password, KeyPair keyPair, X509Certificate certificate) {
    static Security create(String uri, X509Certificate clientCertificate, String user, String password) throws Exception {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keyPair = generator.generateKeyPair();
      X509Certificate cert = new SelfSignedCertificateBuilder(keyPair)
          .setCommonName("switcher test server").setApplicationUri(uri).addIpAddress("127.0.0.1").build();
      return new Security(clientCertificate, user, password, keyPair, cert);
    }
  }

  private RedundantTestServer(String uri, int port, List<String> setUris, Security security) {
    this.uri = uri;
    this.port = port;
    this.url = "opc.tcp://127.0.0.1:" + port + "/test";
    this.setUris = List.copyOf(setUris);
    this.security = security;
  }

  static RedundantTestServer start(String uri, List<String> setUris) throws Exception {
    return start(uri, setUris, null);
  }

  static RedundantTestServer start(String uri, List<String> setUris, Security security) throws Exception {
    var s = new RedundantTestServer(uri, freePort(), setUris, security);
    s.start();
    return s;
  }

  /** The secured server's own certificate (to be trusted by the client). */
  X509Certificate certificate() {
    return security.certificate();
  }

  /** The security policy and user of each open session. */
  List<String> sessionLogins() {
    OpcUaServer s = server;
    return s == null ? List.of() : s.getSessionManager().getAllSessions().stream()
        .map(x -> x.getSecurityConfiguration().getSecurityPolicy() + " "
            + (x.getIdentity() instanceof Identity.UsernameIdentity u ? u.getUsername() : "anonymous"))
        .toList();
  }

  public synchronized void start() throws Exception {
    if (server != null) {
      return;
    }
    EndpointConfig endpoint = EndpointConfig.newBuilder()
        .setBindAddress("127.0.0.1").setHostname("127.0.0.1").setBindPort(port).setPath("/test")
        .setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
        .addTokenPolicies(USER_TOKEN_POLICY_ANONYMOUS).setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
        .build();
    var config = OpcUaServerConfig.builder()
        .setApplicationUri(uri).setProductUri("urn:twinua:test")
        .setApplicationName(LocalizedText.english("switcher test server " + uri))
        .setEndpoints(Set.of(endpoint))
        .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()));
    if (security != null) {
      secure(config, endpoint);
    }
    OpcUaServer s = new OpcUaServer(config.build(),
        profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    Plant p = new Plant(s);
    p.startup();
    installRedundancy(s);
    installConditionRefresh(s);
    s.startup().get(10, SECONDS);
    if (s.getBoundEndpoints().isEmpty()) {
      s.shutdown().get(10, SECONDS);
      throw new IllegalStateException(uri + ": endpoint did not bind on port " + port);
    }
    plant = p;
    server = s;
    setServiceLevel(serviceLevel);
  }

  /** Stops serving: connections close, sessions are gone; history and port are kept. */
  public synchronized void stop() throws Exception {
    OpcUaServer s = server;
    Plant p = plant;
    server = null;
    plant = null;
    if (s != null) {
      p.shutdown();
      s.shutdown().get(10, SECONDS);
    }
  }

  boolean running() {
    return server != null;
  }

  void setServiceLevel(int level) {
    serviceLevel = level;
    OpcUaServer s = server;
    if (s != null) {
      ((ServerTypeNode) s.getOpcUaNamespace().getNodeManager().get(NodeIds.Server)).setServiceLevel(ubyte(level));
    }
  }

  /** Planned maintenance (Part 4 §6.6.2.4.2): ServiceLevel 0 and Server/EstimatedReturnTime. */
  void enterMaintenance(java.time.Instant returnAt) {
    OpcUaServer s = server;
    if (s != null) {
      ((ServerTypeNode) s.getOpcUaNamespace().getNodeManager().get(NodeIds.Server))
          .setEstimatedReturnTime(new DateTime(returnAt));
    }
    setServiceLevel(0);
  }

  void setProcessFault(boolean fault) {
    Plant p = plant;
    if (p != null) {
      p.processFault.setValue(new DataValue(new Variant(fault ? 1L : 0L)));
    }
  }

  /** A new sample of the process: archived and pushed to subscribers, if the server runs. */
  void record(long value, DateTime sourceTime) {
    Plant p = plant;
    if (p == null) {
      return;
    }
    var dv = new DataValue(new Variant(value), StatusCode.GOOD, sourceTime, DateTime.now());
    history.add(dv);
    p.push(dv);
  }

  /**
   * An alarm of {@code source} changes: fired to every event item; while {@code active} it is a
   * retained condition, replayed by ConditionRefresh.
   */
  void raiseAlarm(String source, String message, boolean active) {
    if (active) {
      alarms.put(source, message);
    } else {
      alarms.remove(source);
    }
    OpcUaServer s = server;
    if (s != null) {
      fire(s, NodeIds.AlarmConditionType, source, message, active ? 800 : 100);
    }
  }

  /** Writes to {@link #SETPOINT} wait (in the server) until {@link #releaseWrites}. */
  void holdWrites() {
    writeGate = new java.util.concurrent.CountDownLatch(1);
  }

  void releaseWrites() {
    writeGate.countDown();
  }

  /** How many ConditionRefresh calls this server has answered since it was built. */
  int refreshCount() {
    return refreshes.get();
  }

  private static void fire(OpcUaServer s, NodeId type, String source, String message, int severity) {
    try {
      BaseEventTypeNode e = s.getEventFactory().createEvent(new NodeId(1, UUID.randomUUID()), type);
      e.setBrowseName(new QualifiedName(1, "event"));
      e.setDisplayName(LocalizedText.english("event"));
      e.setEventId(ByteString.of(UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      e.setEventType(type); // Milo 1.1.2 does not set it
      e.setSourceNode(NodeIds.Server);
      e.setSourceName(source);
      e.setTime(DateTime.now());
      e.setReceiveTime(DateTime.NULL_VALUE);
      e.setMessage(LocalizedText.english(message));
      e.setSeverity(ushort(severity));
      s.getEventNotifier().fire(e);
      e.delete();
    } catch (UaException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Part 9 §5.5.7 (Milo 1.1.2 sends only the markers): RefreshStart, every active alarm, RefreshEnd. */
  private void installConditionRefresh(OpcUaServer s) {
    var node = (UaMethodNode) s.getOpcUaNamespace().getNodeManager().get(NodeIds.ConditionType_ConditionRefresh);
    node.setInvocationHandler(new ConditionType.ConditionRefreshMethod(node) {
      @Override
      protected void invoke(InvocationContext context, UInteger subscriptionId) {
        refreshes.incrementAndGet();
        fire(s, NodeIds.RefreshStartEventType, "Server", "RefreshStart", 0);
        alarms.forEach((source, message) -> fire(s, NodeIds.AlarmConditionType, source, message, 800));
        fire(s, NodeIds.RefreshEndEventType, "Server", "RefreshEnd", 0);
      }
    });
  }

  int sessionCount() {
    OpcUaServer s = server;
    return s == null ? 0 : s.getSessionManager().getAllSessions().size();
  }

  Set<Object> subscriptionIds() {
    OpcUaServer s = server;
    return s == null ? Set.of() : Set.copyOf(s.getSubscriptions().keySet());
  }

  int subscriptionCount() {
    OpcUaServer s = server;
    return s == null ? 0 : s.getSubscriptions().size();
  }

  @Override
  public void close() throws Exception {
    stop();
  }

  private void secure(OpcUaServerConfigBuilder config, EndpointConfig none) throws Exception {
    EndpointConfig encrypted = EndpointConfig.newBuilder()
        .setBindAddress("127.0.0.1").setHostname("127.0.0.1").setBindPort(port).setPath("/test")
        .setSecurityPolicy(SecurityPolicy.Basic256Sha256).setSecurityMode(MessageSecurityMode.SignAndEncrypt)
        .setCertificate(security.certificate())
        .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME).setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
        .build();
    var trust = new MemoryTrustListManager();
    trust.addTrustedCertificate(security.clientCertificate());
    var store = new MemoryCertificateStore();
    var quarantine = new MemoryCertificateQuarantine();
    var group = DefaultApplicationGroup.createAndInitialize(trust, store, new RsaSha256CertificateFactory() {
      @Override
      protected KeyPair createRsaSha256KeyPair() {
        return security.keyPair();
      }

      @Override
      protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
        return new X509Certificate[] {security.certificate()};
      }
    }, new DefaultServerCertificateValidator(trust, quarantine));
    config.setEndpoints(Set.of(none, encrypted))
        .setCertificateManager(new DefaultCertificateManager(quarantine, group))
        .setIdentityValidator(new CompositeValidator(AnonymousIdentityValidator.INSTANCE,
            new UsernameIdentityValidator(c -> security.user().equals(c.getUsername()) && security.password().equals(c.getPassword()))));
  }

  private void installRedundancy(OpcUaServer s) {
    var nodes = s.getOpcUaNamespace().getNodeManager();
    var base = (ServerRedundancyTypeNode) nodes.get(NodeIds.Server_ServerRedundancy);
    var node = new NonTransparentRedundancyTypeNode(s.getOpcUaNamespace().getNodeContext(),
        base.getNodeId(), base.getBrowseName(), base.getDisplayName(), base.getDescription(),
        base.getWriteMask(), base.getUserWriteMask(), base.getRolePermissions(),
        base.getUserRolePermissions(), base.getAccessRestrictions(), base.getEventNotifier());
    nodes.addNode(node); // replaces i=2296; its references stay in the node manager
    node.getReferences().stream()
        .filter(r -> r.isForward() && r.getReferenceTypeId().equals(NodeIds.HasTypeDefinition))
        .forEach(node::removeReference);
    node.addReference(new Reference(node.getNodeId(), NodeIds.HasTypeDefinition,
        NodeIds.NonTransparentRedundancyType.expanded(), true));
    node.addReference(new Reference(node.getNodeId(), NodeIds.HasProperty,
        NodeIds.Server_ServerRedundancy_ServerUriArray.expanded(), true));
    node.setRedundancySupport(RedundancySupport.Hot);
    node.setServerUriArray(setUris.toArray(String[]::new));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The plant namespace: {@link #COUNTER}, pushed to its items, raw history from memory. */
  private final class Plant extends ManagedNamespaceWithLifecycle {
    private final UaVariableNode counter;
    private final UaVariableNode setpoint;
    private final UaVariableNode processFault;
    private final Set<DataItem> items = ConcurrentHashMap.newKeySet();
    private final Map<ByteString, Integer> continuations = new ConcurrentHashMap<>();
    private final AtomicLong nextContinuation = new AtomicLong();

    Plant(OpcUaServer server) {
      super(server, NAMESPACE);
      counter = int64(COUNTER, AccessLevel.HistoryRead);
      counter.setHistorizing(true);
      setpoint = int64(SETPOINT, AccessLevel.CurrentWrite);
      setpoint.setValue(new DataValue(new Variant(0L)));
      processFault = int64(PROCESS_FAULT, AccessLevel.CurrentRead);
      processFault.setValue(new DataValue(new Variant(0L)));
      getLifecycleManager().addStartupTask(() -> {
        getNodeManager().addNode(setpoint);
        getNodeManager().addNode(processFault);
      });
      if (!history.isEmpty()) {
        counter.setValue(history.get(history.size() - 1));
      }
      getLifecycleManager().addStartupTask(() -> getNodeManager().addNode(counter));
    }

    private UaVariableNode int64(String name, AccessLevel access) {
      return new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
          .setNodeId(newNodeId(name))
          .setBrowseName(newQualifiedName(name))
          .setDisplayName(LocalizedText.english(name))
          .setDataType(NodeIds.Int64)
          .setTypeDefinition(NodeIds.BaseDataVariableType)
          .setAccessLevel(java.util.EnumSet.of(AccessLevel.CurrentRead, access))
          .setUserAccessLevel(java.util.EnumSet.of(AccessLevel.CurrentRead, access))
          .build();
    }

    void push(DataValue dv) {
      counter.setValue(dv);
      // like Milo's SubscriptionModel: a Disabled item does not sample (Warm standby), Sampling does (Hot)
      items.stream().filter(DataItem::isSamplingEnabled).forEach(item -> item.setValue(dv));
    }

    @Override
    public List<CallMethodResult> call(CallContext context, List<CallMethodRequest> requests) {
      List<CallMethodResult> results = new ArrayList<>();
      for (CallMethodRequest r : requests) {
        Variant[] in = r.getInputArguments();
        StatusCode status;
        if (!r.getMethodId().equals(newNodeId(ACKNOWLEDGE))) {
          status = new StatusCode(StatusCodes.Bad_MethodInvalid);
        } else if (in == null || in.length != 1 || !(in[0].getValue() instanceof String source) || !alarms.containsKey(source)) {
          status = new StatusCode(StatusCodes.Bad_ConditionBranchAlreadyAcked);
        } else {
          acknowledged.add(source);
          raiseAlarm(source, source + " acknowledged", false);
          status = StatusCode.GOOD;
        }
        results.add(new CallMethodResult(status, new StatusCode[0], new DiagnosticInfo[0], new Variant[0]));
      }
      return results;
    }

    @Override
    public List<StatusCode> write(WriteContext context, List<WriteValue> values) {
      List<StatusCode> results = new ArrayList<>();
      for (WriteValue wv : values) {
        if (!wv.getNodeId().equals(setpoint.getNodeId())) {
          results.add(new StatusCode(StatusCodes.Bad_NotWritable));
          continue;
        }
        writesArrived.incrementAndGet();
        try {
          if (!writeGate.await(30, SECONDS)) {
            results.add(new StatusCode(StatusCodes.Bad_Timeout));
            continue;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          results.add(new StatusCode(StatusCodes.Bad_Shutdown));
          continue;
        }
        writes.add(wv.getValue().getValue().getValue());
        setpoint.setValue(wv.getValue());
        results.add(StatusCode.GOOD);
      }
      return results;
    }

    @Override
    public List<HistoryReadResult> historyRead(HistoryReadContext context, HistoryReadDetails details,
        TimestampsToReturn timestamps, List<HistoryReadValueId> ids) {
      List<HistoryReadResult> results = new ArrayList<>();
      for (HistoryReadValueId id : ids) {
        if (!(details instanceof ReadRawModifiedDetails raw) || raw.getIsReadModified()
            || !id.getNodeId().equals(counter.getNodeId())) {
          results.add(new HistoryReadResult(new StatusCode(StatusCodes.Bad_HistoryOperationUnsupported), null, null));
          continue;
        }
        // Part 11 §6.4.3.2, start < end: start included, end excluded
        long start = raw.getStartTime().getUtcTime();
        long end = raw.getEndTime().getUtcTime();
        List<DataValue> all = history.stream()
            .filter(v -> v.getSourceTime().getUtcTime() >= start && v.getSourceTime().getUtcTime() < end)
            .toList();
        Integer from = id.getContinuationPoint() == null || id.getContinuationPoint().isNull()
            ? Integer.valueOf(0) : continuations.remove(id.getContinuationPoint());
        if (from == null) {
          results.add(new HistoryReadResult(new StatusCode(StatusCodes.Bad_ContinuationPointInvalid), null, null));
          continue;
        }
        int to = Math.min(all.size(), from + HISTORY_PAGE);
        ByteString next = ByteString.NULL_VALUE;
        if (to < all.size()) {
          next = ByteString.of(ByteBuffer.allocate(8).putLong(nextContinuation.incrementAndGet()).array());
          continuations.put(next, to);
        }
        var data = new HistoryData(all.subList(from, to).toArray(DataValue[]::new));
        results.add(new HistoryReadResult(StatusCode.GOOD, next,
            ExtensionObject.encode(getServer().getStaticEncodingContext(), data)));
      }
      return results;
    }

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
      for (DataItem item : dataItems) {
        if (item.getReadValueId().getNodeId().equals(counter.getNodeId())) {
          items.add(item);
          if (!history.isEmpty() && item.isSamplingEnabled()) {
            item.setValue(counter.getValue());
          }
        }
      }
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {}

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
      dataItems.forEach(items::remove);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
      for (MonitoredItem item : monitoredItems) {
        if (item instanceof DataItem d && items.contains(d) && d.isSamplingEnabled() && !history.isEmpty()) {
          d.setValue(counter.getValue()); // sampling starts with the current value
        }
      }
    }
  }
}
