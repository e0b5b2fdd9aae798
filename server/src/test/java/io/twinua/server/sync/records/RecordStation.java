package io.twinua.server.sync.records;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.UserArchiveDefinition;
import io.twinua.server.archive.UserArchives;
import io.twinua.server.archive.UserField;
import io.twinua.server.archive.UserFieldType;
import io.twinua.server.archive.UserRecord;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.sync.SyncSettings;
import io.twinua.server.testing.UnsampledNamespace;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * One side of a record sync test: a real SQLite archive with the user archive "Recipes", a real
 * Milo server (127.0.0.1, None, anonymous) serving {@link RecordSyncMethods} from it, and, once
 * {@link #connectTo} its partner, a real Milo client of the partner driving this side's {@link
 * UserArchiveSync} and {@link InternalTagSync}. The partner link is played by {@link #link}.
 */
final class RecordStation implements AutoCloseable {

  static final String PLANT_NS = "urn:twinua:test:record-sync";
  static final UserArchiveDefinition RECIPES = new UserArchiveDefinition("Recipes", List.of(
      new UserField("Product", UserFieldType.STRING, true),
      new UserField("TargetLevel", UserFieldType.DOUBLE, false),
      new UserField("MixerMode", UserFieldType.INT32, false),
      new UserField("Active", UserFieldType.BOOLEAN, false)));
  static final String SYNCED_TAG = "Plant.Treatment.Tank1.LevelSetpoint";
  static final String UNSYNCED_TAG = "Plant.OperatorNote";

  final String name;
  final ArchiveDatabase archive;
  final UserArchives userArchives;
  final OpcUaServer server;
  final String endpointUrl;
  final List<String> messages = new CopyOnWriteArrayList<>();
  /** What the station's system tags would show, in order: "pending Recipes=1", "offline Recipes", ... */
  final List<String> shown = new CopyOnWriteArrayList<>();
  final StoreTags tags;
  private final Path dataDir;
  private final SyncSettings settings;
  private OpcUaClient client;
  UserArchiveSync recipes;
  InternalTagSync values;

  private RecordStation(String name, Path dataDir, SyncSettings settings, Predicate<Session> partnerOnly)
      throws Exception {
    this.name = name;
    this.dataDir = dataDir;
    this.settings = settings;
    archive = ArchiveDatabase.open(dataDir.resolve("archive").resolve("twinua.db"), ArchiveSettings.defaults());
    userArchives = UserArchives.open(archive, List.of(RECIPES), name, Clock.systemUTC());
    tags = new StoreTags(archive, Set.of(SYNCED_TAG, "@RM_MASTER"));
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    EndpointConfig endpoint = EndpointConfig.newBuilder()
        .setBindAddress("127.0.0.1").setHostname("127.0.0.1").setBindPort(port).setPath("/" + name)
        .setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
        .addTokenPolicies(USER_TOKEN_POLICY_ANONYMOUS).setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
        .build();
    server = new OpcUaServer(OpcUaServerConfig.builder()
        .setApplicationUri("urn:twinua:test:" + name).setProductUri("urn:twinua:test")
        .setApplicationName(LocalizedText.english(name)).setEndpoints(Set.of(endpoint))
        .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
        .build(), profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    Plant plant = new Plant(server);
    plant.startup();
    new RecordSyncMethods(plant.getNodeContext(), plant.getNodeManager(), plant.getNamespaceIndex().intValue(),
        userArchives, tags, partnerOnly, Clock.systemUTC()).install();
    server.startup().get(10, TimeUnit.SECONDS);
    endpointUrl = endpoint.getEndpointUrl();
  }

  /** Every session may call the sync methods (the station's PARTNER check is tested on its own). */
  static RecordStation start(String name, Path dataDir) throws Exception {
    return start(name, dataDir, SyncSettings.DEFAULT, s -> true);
  }

  static RecordStation start(String name, Path dataDir, SyncSettings settings, Predicate<Session> partnerOnly)
      throws Exception {
    return new RecordStation(name, dataDir, settings, partnerOnly);
  }

  /** Connects a client to {@code partner} and starts this side's syncs with it (link not yet UP). */
  void connectTo(RecordStation partner) throws Exception {
    client = OpcUaClient.create(partner.endpointUrl);
    client.connect();
    recipes = new UserArchiveSync(name, partner.name, userArchives, settings, dataDir, () -> Optional.of(client),
        PLANT_NS, (message, detail) -> messages.add(message.number() + " " + detail),
        new UserArchiveSync.Display() {
          @Override
          public void pending(String archive, boolean pending) {
            shown.add("pending " + archive + "=" + (pending ? 1 : 0));
          }

          @Override
          public void synchronising(String archive) {
            shown.add("offline '" + archive + "'");
          }
        });
    recipes.start();
    values = new InternalTagSync(name, partner.name, tags.synchronised, tags, () -> Optional.of(client), PLANT_NS);
  }

  /** The partner link as this side sees it. */
  void link(LinkState state) {
    recipes.linkListener().onLinkState(state, "test");
    values.linkListener().onLinkState(state, "test");
  }

  /** A recipe change as the recipe methods make it: committed, then handed to the sync. */
  UserRecord add(String key, Map<String, Object> fields) {
    UserRecord r = userArchives.archive("Recipes").add(key, fields);
    recipes.changes().accept(r);
    return r;
  }

  UserRecord change(String key, Map<String, Object> fields) {
    UserRecord r = userArchives.archive("Recipes").change(key, fields);
    recipes.changes().accept(r);
    return r;
  }

  UserRecord delete(String key) {
    UserRecord r = userArchives.archive("Recipes").delete(key);
    recipes.changes().accept(r);
    return r;
  }

  Optional<UserRecord> read(String key) {
    return userArchives.archive("Recipes").read(key);
  }

  /** All records, tombstones included, by key (what must be equal on both sides). */
  Map<String, UserRecord> all() {
    Map<String, UserRecord> out = new LinkedHashMap<>();
    userArchives.archive("Recipes").changesSince(0).forEach(r -> out.put(r.key(), r));
    return out;
  }

  /** A client write of an internal tag as the station handles it: stored, then handed to the sync. */
  void write(String tag, DataValue value) {
    if (archive.internalTags().store(tag, value)) {
      values.changes().accept(tag, value);
    }
  }

  boolean raised(SystemMessage m) {
    return messages.stream().anyMatch(s -> s.startsWith(m.number() + " "));
  }

  @Override
  public void close() throws Exception {
    List<AutoCloseable> stops = new ArrayList<>();
    if (recipes != null) {
      stops.add(recipes);
      stops.add(values);
    }
    for (AutoCloseable c : stops) {
      c.close();
    }
    if (client != null) {
      client.disconnect();
    }
    server.shutdown().get(10, TimeUnit.SECONDS);
    archive.close();
  }

  /**
   * The synchronised internal tags on a real internal tag store (newest source time wins). It
   * counts an {@code @} tag as synchronised too: keeping those out is the sync's job.
   */
  static final class StoreTags implements SyncedInternalTags {
    final Set<String> synchronised;
    private final ArchiveDatabase archive;
    final List<String> takenOver = new CopyOnWriteArrayList<>();

    StoreTags(ArchiveDatabase archive, Set<String> synchronised) {
      this.archive = archive;
      this.synchronised = synchronised;
    }

    @Override
    public Map<String, DataValue> latest() {
      Map<String, DataValue> out = new LinkedHashMap<>(archive.internalTags().loadAll());
      out.keySet().retainAll(synchronised);
      return out;
    }

    @Override
    public synchronized boolean applyPartnerValue(String tag, DataValue value) {
      DataValue ours = archive.internalTags().loadAll().get(tag);
      if (!synchronised.contains(tag)
          || ours != null && ours.getSourceTime().getUtcTime() >= value.getSourceTime().getUtcTime()
          || !archive.internalTags().store(tag, value)) {
        return false;
      }
      takenOver.add(tag);
      return true;
    }
  }

  /** Only the plant namespace, for the methods. */
  private static final class Plant extends UnsampledNamespace {
    Plant(OpcUaServer server) {
      super(server, PLANT_NS);
    }
  }
}
