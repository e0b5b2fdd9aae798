package io.twinua.server.redundancy.uanodes;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import io.twinua.server.redundancy.RedundancyRole;
import io.twinua.server.security.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilters;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code @} system tags of a station (redundancy-behaviour §2) in the plant namespace, in an
 * Objects/SystemTags folder. NodeIds are {@code ns=<plant>;s=<tag>}, e.g. {@code
 * ns=2;s=@RM_MASTER}, the same on both stations, so a client reads the same node on either.
 *
 * <ul>
 *   <li>{@code @LocalMachineName} String, this station's name;
 *   <li>{@code @RedundantServerState} Int32, {@link RedundancyRole#code()} (0..4);
 *   <li>{@code @RM_MASTER} Int32, 1 on the Master (and a Standalone station, which serves alone),
 *       else 0. The only writable tag, for ENGINEER sessions only: a write goes to the {@link
 *       MasterSwitchHandler}, whose status the client gets; the value itself only follows {@link
 *       #show};
 *   <li>{@code @RM_MASTER_NAME} String, the current Master's station name ("" while unknown);
 *   <li>{@code @RM_MAINTENANCE} Int32, 1 while the station announces planned maintenance
 *       (ServiceLevel 0, Part 4 §6.6.2.4.2: clients move to the partner before a planned stop), else 0.
 *       Writable like {@code @RM_MASTER}, by ENGINEER sessions only: 1 enters, 0 leaves; the write
 *       goes to the {@link MaintenanceHandler}, the value follows {@link #showMaintenance};
 *   <li>{@code @RM_UA_ONL_<archive>} Int32 per user archive, to be 1 while it has changes not yet
 *       synchronised online to the partner; archive synchronisation does not exist yet, so the
 *       station leaves it 0;
 *   <li>{@code @RM_Offline_UA_Name} String, to name the user archive being synchronised after an
 *       outage; "" until archive synchronisation exists;
 *   <li>{@code @RM_SyncPending} Boolean, true while the station's archive has a gap window still to
 *       fill from its partner ("needs sync");
 *   <li>{@code @RM_SyncedUpTo} DateTime, the archive is complete up to this time: the start of the
 *       oldest pending gap window, or the present (read time) when none is pending;
 *   <li>{@code @RM_LastSync} String, the report of the last gap window filled since start-up ("" for
 *       none yet);
 *   <li>{@code @RM_PartnerClockOffsetMs} Double, the partner's clock minus ours in ms at the last
 *       comparison (Bad_WaitingForInitialData before the first);
 *   <li>{@code @RM_Heartbeat} ByteString, {@link HeartbeatCodec#encode} of this station's latest
 *       heartbeat, for the partner link; readable only by the PARTNER (and ENGINEER, for
 *       diagnostics).
 * </ul>
 *
 * <p>Values are set only when they change, with a fresh source timestamp, so the namespace's
 * subscription sampling delivers them within one sampling interval. UserAccessLevel is computed
 * per session: Milo 1.1.2 checks reads, monitored items and writes against it. Setters are
 * thread-safe; construct, then {@link #install()} once the namespace is registered.
 */
public final class SystemTags {

  private static final Logger LOG = LoggerFactory.getLogger(SystemTags.class);

  public static final String FOLDER_ID = "@SystemTags";
  public static final String FOLDER_NAME = "SystemTags";
  public static final String LOCAL_MACHINE_NAME = "@LocalMachineName";
  public static final String REDUNDANT_SERVER_STATE = "@RedundantServerState";
  public static final String RM_MASTER = "@RM_MASTER";
  public static final String RM_MASTER_NAME = "@RM_MASTER_NAME";
  public static final String RM_MAINTENANCE = "@RM_MAINTENANCE";
  public static final String RM_UA_ONL_PREFIX = "@RM_UA_ONL_";
  public static final String RM_OFFLINE_UA_NAME = "@RM_Offline_UA_Name";
  public static final String RM_HEARTBEAT = "@RM_Heartbeat";
  public static final String RM_SYNC_PENDING = "@RM_SyncPending";
  public static final String RM_SYNCED_UP_TO = "@RM_SyncedUpTo";
  public static final String RM_LAST_SYNC = "@RM_LastSync";
  public static final String RM_PARTNER_CLOCK_OFFSET_MS = "@RM_PartnerClockOffsetMs";

  /** Who may read the heartbeat: the partner station, and engineers for diagnostics. */
  static final Predicate<Role> HEARTBEAT_READERS = r -> r.canSynchronise() || r.canControlRedundancy();

  private static final Predicate<Role> EVERYONE = Role::canRead;
  private static final Predicate<Role> NOBODY = r -> false;

  private final UaNodeContext context;
  private final UaNodeManager nodeManager;
  private final UShort namespaceIndex;
  private final String localMachineName;
  private final List<String> userArchives;
  private final MasterSwitchHandler masterSwitch;
  private final MaintenanceHandler maintenance;
  /** tag → node, in installation order; filled by {@link #install()}. */
  private final Map<String, UaVariableNode> tags = new LinkedHashMap<>();
  private volatile UaFolderNode folder;
  /** Nothing to sync: {@code @RM_SyncedUpTo} reads as the present. */
  private volatile boolean syncedToNow = true;

  /**
   * @param namespaceIndex the plant namespace's index (its UaNodeContext and UaNodeManager)
   * @param localMachineName this station's name, the value of {@code @LocalMachineName}
   * @param userArchives the project's user archive names, one {@code @RM_UA_ONL_<name>} each
   * @param masterSwitch what a permitted {@code @RM_MASTER} write does
   * @param maintenance what a permitted {@code @RM_MAINTENANCE} write does
   * @throws IllegalArgumentException for a blank station name or a blank, duplicate or
   *     control-character archive name
   */
  public SystemTags(
      UaNodeContext context,
      UaNodeManager nodeManager,
      int namespaceIndex,
      String localMachineName,
      List<String> userArchives,
      MasterSwitchHandler masterSwitch,
      MaintenanceHandler maintenance) {
    this.context = Objects.requireNonNull(context, "context");
    this.nodeManager = Objects.requireNonNull(nodeManager, "nodeManager");
    if (namespaceIndex < 1 || namespaceIndex > 65535) {
      throw new IllegalArgumentException("system tags: namespace index must be 1..65535, got " + namespaceIndex);
    }
    this.namespaceIndex = UShort.valueOf(namespaceIndex);
    Objects.requireNonNull(localMachineName, "localMachineName");
    if (localMachineName.isBlank()) {
      throw new IllegalArgumentException("system tags: the station name (@LocalMachineName) is blank");
    }
    this.localMachineName = localMachineName;
    this.userArchives = validArchives(userArchives);
    this.masterSwitch = Objects.requireNonNull(masterSwitch, "masterSwitch");
    this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
  }

  /** Tags whose {@code @RM_MAINTENANCE} refuses every write (Bad_NotSupported), as before that tag existed. */
  public SystemTags(UaNodeContext context, UaNodeManager nodeManager, int namespaceIndex, String localMachineName,
      List<String> userArchives, MasterSwitchHandler masterSwitch) {
    this(context, nodeManager, namespaceIndex, localMachineName, userArchives, masterSwitch,
        (on, session) -> new StatusCode(StatusCodes.Bad_NotSupported));
  }

  private static List<String> validArchives(List<String> names) {
    Objects.requireNonNull(names, "userArchives");
    var seen = new HashSet<String>();
    for (String name : names) {
      if (name == null || name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("system tags: user archive name '" + name + "' is blank or has control characters");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("system tags: user archive '" + name + "' is listed twice");
      }
    }
    return List.copyOf(names);
  }

  /** {@code ns=<namespaceIndex>;s=<tag>}, e.g. for the partner link's subscription. */
  public static NodeId nodeId(int namespaceIndex, String tag) {
    return new NodeId(namespaceIndex, tag);
  }

  public NodeId nodeId(String tag) {
    return new NodeId(namespaceIndex, tag);
  }

  /** The {@code @RM_UA_ONL_} tag of a user archive. */
  public static String onlineSyncTag(String archive) {
    return RM_UA_ONL_PREFIX + archive;
  }

  /**
   * Adds the folder and the tags to the node manager (initial state: UNDEFINED, no Master known,
   * nothing to synchronise, no heartbeat yet).
   *
   * @throws IllegalStateException if already installed or a NodeId is already taken (e.g. by
   *     the plant's NodeSet)
   */
  public synchronized void install() {
    if (folder != null) {
      throw new IllegalStateException("system tags are already installed");
    }
    List<String> ids = new ArrayList<>(List.of(FOLDER_ID, LOCAL_MACHINE_NAME, REDUNDANT_SERVER_STATE, RM_MASTER,
        RM_MASTER_NAME, RM_MAINTENANCE, RM_OFFLINE_UA_NAME, RM_HEARTBEAT, RM_SYNC_PENDING, RM_SYNCED_UP_TO, RM_LAST_SYNC,
        RM_PARTNER_CLOCK_OFFSET_MS));
    userArchives.forEach(a -> ids.add(onlineSyncTag(a)));
    for (String id : ids) {
      if (nodeManager.containsNode(nodeId(id))) {
        throw new IllegalStateException("system tags: node " + nodeId(id).toParseableString() + " already exists in the namespace");
      }
    }

    UaFolderNode systemFolder =
        new UaFolderNode(
            context,
            nodeId(FOLDER_ID),
            new QualifiedName(namespaceIndex, FOLDER_NAME),
            LocalizedText.english(FOLDER_NAME));
    nodeManager.addNode(systemFolder);
    systemFolder.addReference(
        new Reference(systemFolder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));

    add(systemFolder, LOCAL_MACHINE_NAME, NodeIds.String, new Variant(localMachineName), EVERYONE, NOBODY);
    add(systemFolder, REDUNDANT_SERVER_STATE, NodeIds.Int32, new Variant(RedundancyRole.UNDEFINED.code()), EVERYONE, NOBODY);
    add(systemFolder, RM_MASTER, NodeIds.Int32, new Variant(0), EVERYONE, Role::canControlRedundancy);
    add(systemFolder, RM_MASTER_NAME, NodeIds.String, new Variant(""), EVERYONE, NOBODY);
    add(systemFolder, RM_MAINTENANCE, NodeIds.Int32, new Variant(0), EVERYONE, Role::canControlRedundancy);
    for (String archive : userArchives) {
      add(systemFolder, onlineSyncTag(archive), NodeIds.Int32, new Variant(0), EVERYONE, NOBODY);
    }
    add(systemFolder, RM_OFFLINE_UA_NAME, NodeIds.String, new Variant(""), EVERYONE, NOBODY);
    UaVariableNode heartbeat = add(systemFolder, RM_HEARTBEAT, NodeIds.ByteString, Variant.NULL_VALUE, HEARTBEAT_READERS, NOBODY);
    heartbeat.setAllowNulls(true);
    heartbeat.setValue(new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_WaitingForInitialData), DateTime.now()));
    add(systemFolder, RM_SYNC_PENDING, NodeIds.Boolean, new Variant(false), EVERYONE, NOBODY);
    UaVariableNode upTo = add(systemFolder, RM_SYNCED_UP_TO, NodeIds.DateTime, new Variant(DateTime.now()), EVERYONE, NOBODY);
    // in sync, the archive is complete up to whenever it is read
    upTo.getFilterChain().addFirst(AttributeFilters.getValue(ctx -> syncedToNow
        ? new DataValue(new Variant(DateTime.now()), StatusCode.GOOD, DateTime.now())
        : (DataValue) ctx.getAttribute(AttributeId.Value)));
    add(systemFolder, RM_LAST_SYNC, NodeIds.String, new Variant(""), EVERYONE, NOBODY);
    UaVariableNode offset = add(systemFolder, RM_PARTNER_CLOCK_OFFSET_MS, NodeIds.Double, Variant.NULL_VALUE, EVERYONE, NOBODY);
    offset.setAllowNulls(true);
    offset.setValue(new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_WaitingForInitialData), DateTime.now()));

    folder = systemFolder;
    LOG.info("system tags of '{}' installed in ns={} ({} tags)", localMachineName, namespaceIndex, tags.size());
  }

  private UaVariableNode add(
      UaFolderNode parent, String tag, NodeId dataType, Variant initial, Predicate<Role> read, Predicate<Role> write) {
    boolean writable = write != NOBODY;
    UaVariableNode node =
        new UaVariableNode.UaVariableNodeBuilder(context)
            .setNodeId(nodeId(tag))
            .setBrowseName(new QualifiedName(namespaceIndex, tag))
            .setDisplayName(LocalizedText.english(tag))
            .setDataType(dataType)
            .setTypeDefinition(NodeIds.BaseDataVariableType)
            .setAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
            .setUserAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
            .setValue(new DataValue(initial, StatusCode.GOOD, DateTime.now()))
            .build();
    if (writable) {
      // write filters come before the access filter (it does not pass writes on to later filters)
      node.getFilterChain().addLast(tag.equals(RM_MAINTENANCE)
          ? new MasterWriteFilter(RM_MAINTENANCE, "1 (enter maintenance) or 0 (leave it)", maintenance::onWrite)
          : new MasterWriteFilter(masterSwitch));
    }
    node.getFilterChain().addLast(new SystemTagAccessFilter(read, write));
    nodeManager.addNode(node);
    parent.addOrganizes(node);
    tags.put(tag, node);
    return node;
  }

  /** Removes the folder and its tags again (station shutdown, project reload). */
  public synchronized void uninstall() {
    UaFolderNode f = folder;
    if (f == null) {
      return;
    }
    tags.values().forEach(UaVariableNode::delete);
    tags.clear();
    f.delete();
    folder = null;
  }

  /**
   * Shows the station's role: {@code @RedundantServerState}, {@code @RM_MASTER} (1 for MASTER
   * and STANDALONE) and {@code @RM_MASTER_NAME}.
   *
   * @param masterName the current Master's station name, "" if none is known
   */
  public void show(RedundancyRole role, String masterName) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(masterName, "masterName");
    boolean master = role == RedundancyRole.MASTER || role == RedundancyRole.STANDALONE;
    set(REDUNDANT_SERVER_STATE, new Variant(role.code()));
    set(RM_MASTER, new Variant(master ? 1 : 0));
    set(RM_MASTER_NAME, new Variant(masterName));
  }

  /** {@code @RM_MAINTENANCE}: 1 while the station announces planned maintenance. */
  public void showMaintenance(boolean on) {
    set(RM_MAINTENANCE, new Variant(on ? 1 : 0));
  }

  /** {@code @RM_UA_ONL_<archive>}: 1 while the archive has changes not yet synced online. */
  public void showOnlineSyncPending(String archive, boolean pending) {
    if (!userArchives.contains(archive)) {
      throw new IllegalArgumentException("system tags: no user archive '" + archive + "' (known: " + userArchives + ")");
    }
    set(onlineSyncTag(archive), new Variant(pending ? 1 : 0));
  }

  /** {@code @RM_Offline_UA_Name}: the user archive being synchronised after an outage, "" for none. */
  public void showOfflineSyncArchive(String archive) {
    Objects.requireNonNull(archive, "archive");
    set(RM_OFFLINE_UA_NAME, new Variant(archive));
  }

  /** {@code @RM_Heartbeat}: this station's latest heartbeat, for the partner's link. */
  public void showHeartbeat(Heartbeat heartbeat) {
    set(RM_HEARTBEAT, new Variant(ByteString.of(HeartbeatCodec.encode(heartbeat))));
  }

  /**
   * {@code @RM_SyncPending} and {@code @RM_SyncedUpTo}: the start of the oldest gap window still to
   * fill, or empty when none is pending (the archive is complete up to the present).
   */
  public void showSyncState(Optional<Instant> oldestPending) {
    Objects.requireNonNull(oldestPending, "oldestPending");
    oldestPending.ifPresent(t -> set(RM_SYNCED_UP_TO, new Variant(new DateTime(t))));
    syncedToNow = oldestPending.isEmpty();
    set(RM_SYNC_PENDING, new Variant(oldestPending.isPresent()));
  }

  /** {@code @RM_LastSync}: the report of the last gap window filled. */
  public void showLastSync(String report) {
    Objects.requireNonNull(report, "report");
    set(RM_LAST_SYNC, new Variant(report));
  }

  /** {@code @RM_PartnerClockOffsetMs}: the partner's clock minus ours at the last comparison. */
  public void showPartnerClockOffset(Duration offset) {
    set(RM_PARTNER_CLOCK_OFFSET_MS, new Variant(offset.toNanos() / 1e6));
  }

  /** The tag's current value, e.g. for diagnostics; empty for an unknown tag or before install. */
  public Optional<DataValue> value(String tag) {
    return node(tag).map(UaVariableNode::getValue);
  }

  /** All tag names, in installation order; empty before install. */
  public List<String> tagNames() {
    synchronized (this) {
      return List.copyOf(tags.keySet());
    }
  }

  private Optional<UaVariableNode> node(String tag) {
    synchronized (this) {
      return Optional.ofNullable(tags.get(tag));
    }
  }

  private void set(String tag, Variant value) {
    UaVariableNode node =
        node(tag).orElseThrow(() -> new IllegalStateException("system tags are not installed (" + tag + ")"));
    synchronized (node) {
      DataValue current = node.getValue();
      if (current != null && current.getStatusCode().isGood() && Objects.equals(current.getValue(), value)) {
        return; // unchanged: keep the source timestamp of the real change
      }
      node.setValue(new DataValue(value, StatusCode.GOOD, DateTime.now()));
    }
  }
}
