package io.twinua.server.alarms;

import io.twinua.server.plant.SampledNamespace;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A minimal real Milo server on 127.0.0.1 for tests: one None/Anonymous endpoint on an OS-chosen
 * free port, an in-memory self-signed certificate, its own executors, and a plant namespace with
 * one writable Double variable {@code Tank.Level} as alarm source.
 */
public final class AlarmTestServer implements AutoCloseable {

  public static final String NAMESPACE_URI = "urn:twinua:test:plant";
  private static final String APPLICATION_URI = "urn:twinua:test:station";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final OpcUaServer server;
  private final PlantNamespace namespace;
  private final String endpointUrl;
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;

  private AlarmTestServer(
      OpcUaServer server,
      PlantNamespace namespace,
      String endpointUrl,
      ExecutorService executor,
      ScheduledExecutorService scheduler) {
    this.server = server;
    this.namespace = namespace;
    this.endpointUrl = endpointUrl;
    this.executor = executor;
    this.scheduler = scheduler;
  }

  public static AlarmTestServer start() throws Exception {
    int port;
    try (var socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate certificate =
        new SelfSignedCertificateBuilder(keyPair)
            .setCommonName("TwinUA test station")
            .setApplicationUri(APPLICATION_URI)
            .addDnsName("localhost")
            .addIpAddress("127.0.0.1")
            .build();
    var trustList = new MemoryTrustListManager();
    var quarantine = new MemoryCertificateQuarantine();
    var group =
        DefaultApplicationGroup.createAndInitialize(
            trustList,
            new MemoryCertificateStore(),
            new RsaSha256CertificateFactory() {
              @Override
              protected KeyPair createRsaSha256KeyPair() {
                return keyPair;
              }

              @Override
              protected X509Certificate[] createRsaSha256CertificateChain(KeyPair kp) {
                return new X509Certificate[] {certificate};
              }
            },
            new DefaultServerCertificateValidator(trustList, quarantine));

    EndpointConfig endpoint =
        EndpointConfig.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress("127.0.0.1")
            .setBindPort(port)
            .setHostname("127.0.0.1")
            .setPath("/twinua")
            .setCertificate(certificate)
            .setSecurityPolicy(SecurityPolicy.None)
            .setSecurityMode(MessageSecurityMode.None)
            .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
            .build();

    ExecutorService executor = Executors.newFixedThreadPool(4);
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            .setApplicationUri(APPLICATION_URI)
            .setApplicationName(LocalizedText.english("TwinUA test station"))
            .setProductUri("urn:twinua")
            .setEndpoints(Set.of(endpoint))
            .setCertificateManager(new DefaultCertificateManager(quarantine, group))
            .setExecutor(executor)
            .setScheduledExecutor(scheduler)
            .build();

    var server =
        new OpcUaServer(
            config,
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    var namespace = new PlantNamespace(server);
    namespace.startup();
    server.startup().get(30, TimeUnit.SECONDS);
    return new AlarmTestServer(server, namespace, endpoint.getEndpointUrl(), executor, scheduler);
  }

  public OpcUaServer server() {
    return server;
  }

  public ManagedNamespaceWithLifecycle namespace() {
    return namespace;
  }

  public NodeId sourceId() {
    return namespace.level.getNodeId();
  }

  /** Called with every value written to Tank.Level. */
  public void onSourceWrite(Consumer<DataValue> listener) {
    namespace.level.addAttributeObserver(
        (node, attributeId, value) -> {
          if (attributeId == AttributeId.Value) {
            listener.accept((DataValue) value);
          }
        });
  }

  /** A connected client on the None endpoint whose session carries {@code sessionName}. */
  public OpcUaClient connect(String sessionName) throws Exception {
    OpcUaClient client =
        OpcUaClient.create(
            endpointUrl,
            endpoints ->
                endpoints.stream()
                    .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri()))
                    .findFirst(),
            transport -> {},
            cfg ->
                cfg.setApplicationName(LocalizedText.english("TwinUA test client"))
                    .setApplicationUri("urn:twinua:test:client")
                    .setSessionName(() -> sessionName)
                    .setRequestTimeout(uint(5_000)));
    client.connect();
    return client;
  }

  /** A select clause for {@code path} on {@code type}'s Value attribute. */
  public static SimpleAttributeOperand field(NodeId type, String... path) {
    QualifiedName[] names = new QualifiedName[path.length];
    for (int i = 0; i < path.length; i++) {
      names[i] = new QualifiedName(0, path[i]);
    }
    return new SimpleAttributeOperand(type, names, AttributeId.Value.uid(), null);
  }

  /** Subscribes to events of the Server object; returns the received field lists in order. */
  public static EventQueue subscribeEvents(
      OpcUaSubscription subscription, List<SimpleAttributeOperand> select, ContentFilter where)
      throws Exception {
    var filter = new EventFilter(select.toArray(SimpleAttributeOperand[]::new), where);
    var item = OpcUaMonitoredItem.newEventItem(NodeIds.Server, filter);
    // the default queue of 1 would keep only the last of a burst (e.g. RefreshEnd)
    item.setQueueSize(uint(1000));
    var queue = new EventQueue(item);
    item.setEventValueListener((i, values) -> queue.received.add(values));
    subscription.addMonitoredItem(item);
    subscription.synchronizeMonitoredItems();
    return queue;
  }

  /** Events received by one monitored item, taken one by one with a bounded wait. */
  public static final class EventQueue {
    private final BlockingQueue<Variant[]> received = new LinkedBlockingQueue<>();
    private final OpcUaMonitoredItem item;

    EventQueue(OpcUaMonitoredItem item) {
      this.item = item;
    }

    public OpcUaMonitoredItem item() {
      return item;
    }

    /** The next event, failing after 10 s. */
    public Variant[] next() throws InterruptedException {
      Variant[] v = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (v == null) {
        throw new AssertionError("no event within " + WAIT);
      }
      return v;
    }

    public boolean isEmpty() {
      return received.isEmpty();
    }
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    try {
      server.shutdown().get(30, TimeUnit.SECONDS);
      namespace.shutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the test station", e);
    } finally {
      executor.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  private static final class PlantNamespace extends SampledNamespace {
    private final UaVariableNode level;

    PlantNamespace(OpcUaServer server) {
      super(server, NAMESPACE_URI);

      UaFolderNode tank =
          new UaFolderNode(
              getNodeContext(),
              newNodeId("Tank"),
              newQualifiedName("Tank"),
              LocalizedText.english("Tank"));
      level =
          new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
              .setNodeId(newNodeId("Tank.Level"))
              .setBrowseName(newQualifiedName("Level"))
              .setDisplayName(LocalizedText.english("Level"))
              .setDataType(NodeIds.Double)
              .setTypeDefinition(NodeIds.BaseDataVariableType)
              .setAccessLevel(AccessLevel.READ_WRITE)
              .setUserAccessLevel(AccessLevel.READ_WRITE)
              .build();
      level.setValue(new DataValue(new Variant(50.0)));

      getLifecycleManager()
          .addStartupTask(
              () -> {
                getNodeManager().addNode(tank);
                getNodeManager().addNode(level);
                tank.addOrganizes(level);
                tank.addReference(
                    new Reference(
                        tank.getNodeId(),
                        NodeIds.Organizes,
                        NodeIds.ObjectsFolder.expanded(),
                        false));
              });
    }
  }
}
