package io.twinua.server.redundancy.uanodes;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import io.twinua.server.redundancy.RedundancyRole;
import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveDigests;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.Ticks;
import io.twinua.server.station.SyncStateTags;
import io.twinua.server.sync.DigestCompare;
import io.twinua.server.sync.GapLedger;
import io.twinua.server.sync.GapSync;
import io.twinua.server.sync.GapWindow;
import io.twinua.server.sync.SyncKind;
import io.twinua.server.sync.SyncSettings;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The @ system tags through real sessions of every role on a running pair. */
class SystemTagsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path dir;
  private static PairFixture pair;

  @BeforeAll
  static void startPair() throws Exception {
    pair = PairFixture.start(dir);
  }

  @AfterAll
  static void stopPair() throws Exception {
    pair.close();
  }

  @BeforeEach
  void resetHandler() {
    pair.clearCalls();
    pair.answer(StatusCode.GOOD);
    pair.a.tags.show(RedundancyRole.MASTER, "A");
    pair.b.tags.show(RedundancyRole.STANDBY, "A");
  }

  /** The tag's NodeId as a client builds it: plant namespace looked up by URI. */
  private static NodeId tag(OpcUaClient client, String tag) {
    return new NodeId(client.getNamespaceTable().getIndex(PairTestStation.PLANT_URI), tag);
  }

  private static DataValue read(OpcUaClient client, String tag) throws Exception {
    return client.readValue(0, TimestampsToReturn.Both, tag(client, tag));
  }

  private static Object readOrNull(OpcUaClient client, String tag) {
    try {
      return read(client, tag).getValue().getValue();
    } catch (Exception e) {
      return null;
    }
  }

  private static StatusCode write(OpcUaClient client, String tag, Object value) throws Exception {
    return client.writeValues(List.of(tag(client, tag)), List.of(new DataValue(new Variant(value)))).get(0);
  }

  private static Heartbeat heartbeat(long sequence) {
    return new Heartbeat("A", RedundancyRole.MASTER, 7, 1_700_000_000_000L, 0, 3, true, true,
        false, Heartbeat.Request.NONE, "0123456789abcdef", sequence, System.currentTimeMillis());
  }

  @Test
  void tagsShowTheStationStateUnderIdenticalNodeIdsOnBothStations() throws Exception {
    pair.a.tags.showOnlineSyncPending("Recipes", true);
    pair.b.tags.showOfflineSyncArchive("Batches");
    OpcUaClient onA = pair.anonymous(pair.a);
    OpcUaClient onB = pair.anonymous(pair.b);
    try {
      // same plant namespace index and same string ids on both stations
      NodeId masterOnA = tag(onA, SystemTags.RM_MASTER);
      assertEquals(masterOnA, tag(onB, SystemTags.RM_MASTER));
      assertEquals(pair.a.tags.nodeId(SystemTags.RM_MASTER), masterOnA);
      assertEquals(SystemTags.nodeId(pair.a.plant.getNamespaceIndex().intValue(), "@RM_MASTER"), masterOnA);

      assertEquals("A", read(onA, SystemTags.LOCAL_MACHINE_NAME).getValue().getValue());
      assertEquals("B", read(onB, SystemTags.LOCAL_MACHINE_NAME).getValue().getValue());
      assertEquals(1, read(onA, SystemTags.REDUNDANT_SERVER_STATE).getValue().getValue());
      assertEquals(2, read(onB, SystemTags.REDUNDANT_SERVER_STATE).getValue().getValue());
      assertEquals(1, read(onA, SystemTags.RM_MASTER).getValue().getValue());
      assertEquals(0, read(onB, SystemTags.RM_MASTER).getValue().getValue());
      assertEquals("A", read(onA, SystemTags.RM_MASTER_NAME).getValue().getValue());
      assertEquals("A", read(onB, SystemTags.RM_MASTER_NAME).getValue().getValue());
      assertEquals(1, read(onA, "@RM_UA_ONL_Recipes").getValue().getValue());
      assertEquals(0, read(onA, "@RM_UA_ONL_Batches").getValue().getValue());
      assertEquals(0, read(onB, "@RM_UA_ONL_Recipes").getValue().getValue());
      assertEquals("", read(onA, SystemTags.RM_OFFLINE_UA_NAME).getValue().getValue());
      assertEquals("Batches", read(onB, SystemTags.RM_OFFLINE_UA_NAME).getValue().getValue());

      // Objects → SystemTags → the tags
      ReferenceDescription folder =
          browse(onA, NodeIds.ObjectsFolder).stream()
              .filter(r -> r.getBrowseName().getName().equals(SystemTags.FOLDER_NAME))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no SystemTags folder under Objects"));
      List<String> names =
          browse(onA, folder.getNodeId().toNodeId(onA.getNamespaceTable()).orElseThrow()).stream()
              .map(r -> r.getBrowseName().getName())
              .toList();
      assertEquals(List.of("@LocalMachineName", "@RedundantServerState", "@RM_MASTER", "@RM_MASTER_NAME",
          "@RM_MAINTENANCE", "@RM_UA_ONL_Recipes", "@RM_UA_ONL_Batches", "@RM_Offline_UA_Name", "@RM_Heartbeat", "@RM_SyncPending",
          "@RM_SyncedUpTo", "@RM_LastSync", "@RM_PartnerClockOffsetMs"), names);
    } finally {
      pair.a.tags.showOnlineSyncPending("Recipes", false);
      pair.b.tags.showOfflineSyncArchive("");
      onA.disconnect();
      onB.disconnect();
    }
  }

  private static List<ReferenceDescription> browse(OpcUaClient client, NodeId node) throws Exception {
    var result = client.browse(new BrowseDescription(node, BrowseDirection.Forward, NodeIds.HierarchicalReferences,
        true, uint(NodeClass.Unspecified.getValue()), uint(BrowseResultMask.All.getValue())));
    return result.getReferences() == null ? List.of() : Arrays.asList(result.getReferences());
  }

  @Test
  void roleChangesReachASubscriberWithAFreshSourceTimestamp() throws Exception {
    OpcUaClient client = pair.anonymous(pair.b);
    try {
      BlockingQueue<DataValue> states = new LinkedBlockingQueue<>();
      var subscription = new OpcUaSubscription(client, 100.0);
      subscription.create();
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(tag(client, SystemTags.REDUNDANT_SERVER_STATE));
      item.setSamplingInterval(100.0);
      item.setDataValueListener((i, v) -> states.add(v));
      subscription.addMonitoredItem(item);
      subscription.synchronizeMonitoredItems();
      assertEquals(2, states.poll(5, TimeUnit.SECONDS).getValue().getValue());

      DateTime before = DateTime.now();
      pair.b.tags.show(RedundancyRole.MASTER, "B");
      DataValue master = states.poll(1, TimeUnit.SECONDS);
      assertEquals(1, master == null ? null : master.getValue().getValue(), "not delivered within 1 s");
      assertTrue(master.getSourceTime().getJavaTime() >= before.getJavaTime(), "source time " + master.getSourceTime());
      assertEquals("B", read(client, SystemTags.RM_MASTER_NAME).getValue().getValue());
      assertEquals(1, read(client, SystemTags.RM_MASTER).getValue().getValue());

      // showing the same role again is no change: no notification, the source time stays
      DataValue again = read(client, SystemTags.REDUNDANT_SERVER_STATE);
      pair.b.tags.show(RedundancyRole.MASTER, "B");
      assertEquals(again.getSourceTime(), read(client, SystemTags.REDUNDANT_SERVER_STATE).getSourceTime());

      pair.b.tags.show(RedundancyRole.FAULT, "A");
      assertEquals(3, states.poll(1, TimeUnit.SECONDS).getValue().getValue());
      assertEquals(0, read(client, SystemTags.RM_MASTER).getValue().getValue());
      subscription.delete();
    } finally {
      client.disconnect();
    }
  }

  @Test
  void engineerWriteOfRmMasterGoesToTheHandlerAndReturnsItsStatus() throws Exception {
    OpcUaClient erik = pair.connect(pair.b, PairFixture.login(PairFixture.ENGINEER));
    try {
      assertEquals(AccessLevel.READ_WRITE, userAccess(erik, SystemTags.RM_MASTER));

      assertEquals(StatusCode.GOOD, write(erik, SystemTags.RM_MASTER, 1));
      assertEquals(List.of(new PairFixture.SwitchCall("B", true)), pair.calls());
      // the value follows the role, not the write
      assertEquals(0, read(erik, SystemTags.RM_MASTER).getValue().getValue());

      pair.answer(new StatusCode(StatusCodes.Bad_InvalidState));
      assertEquals(StatusCodes.Bad_InvalidState, write(erik, SystemTags.RM_MASTER, 0).getValue());
      assertEquals(List.of(new PairFixture.SwitchCall("B", true), new PairFixture.SwitchCall("B", false)), pair.calls());

      // only 1 and 0, only Int32; the handler is not asked
      assertEquals(StatusCodes.Bad_OutOfRange, write(erik, SystemTags.RM_MASTER, 2).getValue());
      assertEquals(StatusCodes.Bad_TypeMismatch, write(erik, SystemTags.RM_MASTER, true).getValue());
      assertEquals(2, pair.calls().size());
    } finally {
      erik.disconnect();
    }
  }

  @Test
  void rmMasterWriteIsRefusedToOperatorViewerAnonymousAndPartner() throws Exception {
    List<OpcUaClient> clients = List.of(
        pair.connect(pair.a, PairFixture.login(PairFixture.OPERATOR)),
        pair.connect(pair.a, PairFixture.login(PairFixture.VIEWER)),
        pair.anonymous(pair.a),
        pair.partnerOnA());
    try {
      for (OpcUaClient client : clients) {
        assertEquals(AccessLevel.READ_ONLY, userAccess(client, SystemTags.RM_MASTER));
        for (int value : new int[] {0, 1}) {
          StatusCode status = write(client, SystemTags.RM_MASTER, value);
          assertEquals(StatusCodes.Bad_UserAccessDenied, status.getValue(), status.toString());
        }
      }
      assertEquals(List.of(), pair.calls(), "handler must not be called");
      assertEquals(1, pair.a.tags.value(SystemTags.RM_MASTER).orElseThrow().getValue().getValue());
    } finally {
      clients.forEach(OpcUaClient::disconnectAsync);
    }
  }

  @Test
  void maintenanceWriteGoesToItsHandlerForAnEngineerOnlyAndTheTagFollowsTheStation() throws Exception {
    OpcUaClient erik = pair.connect(pair.a, PairFixture.login(PairFixture.ENGINEER));
    OpcUaClient olga = pair.connect(pair.a, PairFixture.login(PairFixture.OPERATOR));
    try {
      assertEquals(StatusCodes.Bad_UserAccessDenied, write(olga, SystemTags.RM_MAINTENANCE, 1).getValue());
      assertEquals(List.of(), pair.calls(), "an operator's write must not reach the handler");

      assertEquals(StatusCode.GOOD, write(erik, SystemTags.RM_MAINTENANCE, 1));
      assertEquals(List.of(new PairFixture.SwitchCall("A " + SystemTags.RM_MAINTENANCE, true)), pair.calls());
      assertEquals(StatusCodes.Bad_OutOfRange, write(erik, SystemTags.RM_MAINTENANCE, 2).getValue());
      assertEquals(0, read(erik, SystemTags.RM_MAINTENANCE).getValue().getValue(), "the value follows the station, not the write");
      pair.a.tags.showMaintenance(true);
      assertEquals(1, read(olga, SystemTags.RM_MAINTENANCE).getValue().getValue());
    } finally {
      pair.a.tags.showMaintenance(false);
      erik.disconnect();
      olga.disconnect();
    }
  }

  @Test
  void noOtherSystemTagIsWritableEvenForAnEngineer() throws Exception {
    OpcUaClient erik = pair.connect(pair.a, PairFixture.login(PairFixture.ENGINEER));
    try {
      List<Object[]> attempts = List.of(
          new Object[] {SystemTags.LOCAL_MACHINE_NAME, "X"},
          new Object[] {SystemTags.REDUNDANT_SERVER_STATE, 2},
          new Object[] {SystemTags.RM_MASTER_NAME, "B"},
          new Object[] {"@RM_UA_ONL_Recipes", 1},
          new Object[] {SystemTags.RM_OFFLINE_UA_NAME, "Recipes"},
          new Object[] {SystemTags.RM_HEARTBEAT, ByteString.of(new byte[] {1, 2, 3})},
          new Object[] {SystemTags.RM_SYNC_PENDING, true},
          new Object[] {SystemTags.RM_SYNCED_UP_TO, DateTime.now()},
          new Object[] {SystemTags.RM_LAST_SYNC, "x"},
          new Object[] {SystemTags.RM_PARTNER_CLOCK_OFFSET_MS, 1.0});
      for (Object[] attempt : attempts) {
        String tag = (String) attempt[0];
        StatusCode status = write(erik, tag, attempt[1]);
        assertTrue(status.getValue() == StatusCodes.Bad_UserAccessDenied || status.getValue() == StatusCodes.Bad_NotWritable,
            tag + ": " + status);
        assertFalse(userAccess(erik, tag).contains(AccessLevel.CurrentWrite), tag);
      }
      assertEquals("A", read(erik, SystemTags.LOCAL_MACHINE_NAME).getValue().getValue());
      assertEquals(1, read(erik, SystemTags.REDUNDANT_SERVER_STATE).getValue().getValue());
      assertEquals(List.of(), pair.calls());
    } finally {
      erik.disconnect();
    }
  }

  @Test
  void heartbeatIsReadableByPartnerAndEngineerOnly() throws Exception {
    Heartbeat first = heartbeat(1);
    pair.a.tags.showHeartbeat(first);
    OpcUaClient viewer = pair.connect(pair.a, PairFixture.login(PairFixture.VIEWER));
    OpcUaClient anonymous = pair.anonymous(pair.a);
    OpcUaClient operator = pair.connect(pair.a, PairFixture.login(PairFixture.OPERATOR));
    OpcUaClient engineer = pair.connect(pair.a, PairFixture.login(PairFixture.ENGINEER));
    OpcUaClient partner = pair.partnerOnA();
    try {
      for (OpcUaClient refused : List.of(viewer, anonymous, operator)) {
        DataValue value = read(refused, SystemTags.RM_HEARTBEAT);
        assertEquals(StatusCodes.Bad_UserAccessDenied, value.getStatusCode().getValue(), value.toString());
        assertEquals(Optional.empty(), Optional.ofNullable(value.getValue().getValue()));
        assertEquals(AccessLevel.NONE, userAccess(refused, SystemTags.RM_HEARTBEAT));
      }
      // nor can a viewer subscribe to it
      var viewerSubscription = new OpcUaSubscription(viewer, 100.0);
      viewerSubscription.create();
      OpcUaMonitoredItem viewerItem = OpcUaMonitoredItem.newDataItem(tag(viewer, SystemTags.RM_HEARTBEAT));
      viewerSubscription.addMonitoredItem(viewerItem);
      try {
        viewerSubscription.synchronizeMonitoredItems();
      } catch (org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException expected) {
        // the item's own result says why
      }
      assertEquals(StatusCodes.Bad_UserAccessDenied,
          viewerItem.getCreateResult().orElseThrow().getValue());

      for (OpcUaClient allowed : List.of(engineer, partner)) {
        DataValue value = read(allowed, SystemTags.RM_HEARTBEAT);
        assertTrue(value.getStatusCode().isGood(), value.toString());
        byte[] frame = ((ByteString) value.getValue().getValue()).bytesOrEmpty();
        assertEquals(Optional.of(first), HeartbeatCodec.decode(frame));
      }

      // the partner link subscribes: every new heartbeat arrives
      BlockingQueue<Heartbeat> received = new LinkedBlockingQueue<>();
      var subscription = new OpcUaSubscription(partner, 100.0);
      subscription.create();
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(tag(partner, SystemTags.RM_HEARTBEAT));
      item.setSamplingInterval(100.0);
      item.setDataValueListener((i, v) ->
          HeartbeatCodec.decode(((ByteString) v.getValue().getValue()).bytesOrEmpty()).ifPresent(received::add));
      subscription.addMonitoredItem(item);
      subscription.synchronizeMonitoredItems();
      assertEquals(first, received.poll(5, TimeUnit.SECONDS));
      Heartbeat second = heartbeat(2);
      pair.a.tags.showHeartbeat(second);
      assertEquals(second, received.poll(1, TimeUnit.SECONDS));
      subscription.delete();
    } finally {
      List.of(viewer, anonymous, operator, engineer, partner).forEach(OpcUaClient::disconnectAsync);
    }
  }

  @Test
  void syncStateFollowsAGapSyncWithAPendingWindowUntilItIsFilled() throws Exception {
    Instant gapStart = Instant.parse("2026-01-01T00:00:00Z");
    GapLedger ledger = GapLedger.open(dir.resolve("sync-a"));
    ledger.put(GapWindow.open("down-1", Ticks.of(gapStart), Ticks.of(gapStart.plusSeconds(60)), "test outage",
        Set.of(SyncKind.VALUES), List.of()));
    OpcUaClient reader = pair.anonymous(pair.a);
    OpcUaClient partnerLink = pair.anonymous(pair.b);
    List<String> raised = new CopyOnWriteArrayList<>();
    try (ArchiveDatabase archive = ArchiveDatabase.open(dir.resolve("sync-a").resolve("twinua.db"), ArchiveSettings.defaults());
        GapSync sync = new GapSync("A", SyncSettings.DEFAULT, ledger, archive, List.of(), () -> true,
            new GapSync.Partner("B", PairTestStation.PLANT_URI, () -> Optional.of(partnerLink)),
            (m, detail) -> raised.add(m.number() + " " + detail), Clock.systemUTC(),
            new GapSync.Timing(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1_000, Duration.ofSeconds(1)))) {
      SyncStateTags.follow(sync, pair.a.tags);
      assertEquals(true, read(reader, SystemTags.RM_SYNC_PENDING).getValue().getValue());
      assertEquals(new DateTime(gapStart), read(reader, SystemTags.RM_SYNCED_UP_TO).getValue().getValue());
      assertEquals("", read(reader, SystemTags.RM_LAST_SYNC).getValue().getValue());

      sync.partnerUp(); // the partner is back: the window is filled (no tags, so nothing to copy)
      Await.until(WAIT, "the window filled and shown",
          () -> Boolean.FALSE.equals(readOrNull(reader, SystemTags.RM_SYNC_PENDING)));
      Instant before = Instant.now();
      DateTime upTo = (DateTime) read(reader, SystemTags.RM_SYNCED_UP_TO).getValue().getValue();
      // in sync: complete up to the present, whenever it is read
      assertFalse(upTo.getJavaInstant().isBefore(before.minusMillis(1)), upTo + " vs " + before);
      assertFalse(upTo.getJavaInstant().isAfter(Instant.now().plusMillis(1)), upTo.toString());
      String last = (String) read(reader, SystemTags.RM_LAST_SYNC).getValue().getValue();
      assertTrue(last.startsWith("down-1 ") && last.contains("0 values"), last);
      assertEquals(sync.lastReport().orElseThrow().toString(), last);
    } finally {
      pair.a.tags.showSyncState(Optional.empty());
      pair.a.tags.showLastSync("");
      reader.disconnect();
      partnerLink.disconnect();
    }
  }

  @Test
  void syncStateShowsTheBucketADigestCompareLeftDifferingWithNoGapPending() throws Exception {
    long current = ArchiveDigests.bucketStart(Ticks.now(Clock.systemUTC()));
    long differing = current - ArchiveDigests.BUCKET_TICKS;
    OpcUaClient reader = pair.anonymous(pair.a);
    List<String> raised = new CopyOnWriteArrayList<>();
    GapSync.Messages messages = (m, detail) -> raised.add(m.number() + " " + detail);
    try (ArchiveDatabase archive = ArchiveDatabase.open(dir.resolve("compare-a").resolve("twinua.db"),
            ArchiveSettings.defaults());
        GapSync sync = new GapSync("A", SyncSettings.DEFAULT, GapLedger.open(dir.resolve("compare-a")), archive,
            List.of("Plant.Counter"), () -> true, new GapSync.Partner("B", PairTestStation.PLANT_URI, Optional::empty),
            messages, Clock.systemUTC(), GapSync.Timing.DEFAULT);
        // the partner holds nothing in the compared hour: this station's cell is left for it to repair
        DigestCompare compare = new DigestCompare("A", archive.digests(), List.of("Plant.Counter"),
            (from, to) -> CompletableFuture.completedFuture(List.of()), sync, () -> true, messages,
            Clock.systemUTC(), new DigestCompare.Timing(Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO))) {
      archive.values().appendWaiting("Plant.Counter",
          new DataValue(new Variant(1), null, new DateTime(differing + 10_000_000L), DateTime.now()));
      archive.values().flush();
      SyncStateTags.follow(sync, pair.a.tags).follow(compare);
      assertEquals(false, read(reader, SystemTags.RM_SYNC_PENDING).getValue().getValue(), "no gap window pending");
      compare.start();
      compare.compareSoon();
      Await.until(WAIT, "the compare's finding shown",
          () -> Boolean.TRUE.equals(readOrNull(reader, SystemTags.RM_SYNC_PENDING)));
      assertEquals(new DateTime(Ticks.toInstant(differing)),
          read(reader, SystemTags.RM_SYNCED_UP_TO).getValue().getValue(), "in sync up to the differing bucket");
      assertEquals(compare.syncedUpTo(), compare.differsFrom());
    } finally {
      pair.a.tags.showSyncState(Optional.empty());
      reader.disconnect();
    }
  }

  @Test
  void partnerClockOffsetWaitsForTheFirstComparisonThenShowsMilliseconds() throws Exception {
    OpcUaClient reader = pair.anonymous(pair.b);
    try {
      assertEquals(StatusCodes.Bad_WaitingForInitialData,
          read(reader, SystemTags.RM_PARTNER_CLOCK_OFFSET_MS).getStatusCode().getValue());
      pair.b.tags.showPartnerClockOffset(Duration.ofMillis(-1500).plusNanos(250_000));
      DataValue offset = read(reader, SystemTags.RM_PARTNER_CLOCK_OFFSET_MS);
      assertTrue(offset.getStatusCode().isGood(), offset.toString());
      assertEquals(-1499.75, (Double) offset.getValue().getValue(), 1e-9);
    } finally {
      reader.disconnect();
    }
  }

  @Test
  void settersAndConstructorRejectWhatTheStationDoesNotHave() {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> pair.a.tags.showOnlineSyncPending("Nope", true));
    assertTrue(unknown.getMessage().contains("Nope"), unknown.getMessage());
    assertThrows(IllegalStateException.class, () -> pair.a.tags.install());
    var context = pair.a.plant.getNodeContext();
    var nodes = pair.a.plant.getNodeManager();
    int ns = pair.a.plant.getNamespaceIndex().intValue();
    MasterSwitchHandler refuse = (want, session) -> new StatusCode(StatusCodes.Bad_InvalidState);
    assertThrows(IllegalArgumentException.class,
        () -> new SystemTags(context, nodes, ns, "A", List.of("Recipes", "Recipes"), refuse, refuse::onWrite));
    assertThrows(IllegalArgumentException.class, () -> new SystemTags(context, nodes, ns, " ", List.of(), refuse, refuse::onWrite));
    // a second set of tags in the same namespace would collide with the installed one
    IllegalStateException taken =
        assertThrows(IllegalStateException.class, () -> new SystemTags(context, nodes, ns, "A", List.of(), refuse, refuse::onWrite).install());
    assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());
  }

  @Test
  void uninstallRemovesFolderAndTagsSoTheyCanBeInstalledAgain() throws Exception {
    var spare = new PairTestStation.PlantStandIn(pair.a.server, "urn:twinua:spare");
    spare.startup();
    try {
      var tags = new SystemTags(spare.getNodeContext(), spare.getNodeManager(), spare.getNamespaceIndex().intValue(),
          "A", List.of("Recipes"), (want, session) -> StatusCode.GOOD, (on, session) -> StatusCode.GOOD);
      tags.install();
      NodeId folder = tags.nodeId(SystemTags.FOLDER_ID);
      assertTrue(spare.getNodeManager().containsNode(folder));
      // folder, 12 tags, and the AllowNulls property of the 2 tags without a first value
      assertEquals(15, spare.getNodeManager().getNodes().size(), spare.getNodeManager().getNodes().toString());
      tags.uninstall();
      assertEquals(List.of(), spare.getNodeManager().getNodes());
      assertTrue(spare.getNodeManager().getReferences(NodeIds.ObjectsFolder).stream()
          .noneMatch(r -> r.getTargetNodeId().equals(folder.expanded())), "Objects still organizes the folder");
      assertEquals(Optional.empty(), tags.value(SystemTags.RM_MASTER));
      tags.install();
      assertEquals("A", tags.value(SystemTags.LOCAL_MACHINE_NAME).orElseThrow().getValue().getValue());
    } finally {
      spare.shutdown();
    }
  }

  private static java.util.Set<AccessLevel> userAccess(OpcUaClient client, String tag) throws Exception {
    DataValue value =
        client.read(0, TimestampsToReturn.Neither,
                List.of(new ReadValueId(tag(client, tag), AttributeId.UserAccessLevel.uid(), null, QualifiedName.NULL_VALUE)))
            .getResults()[0];
    return AccessLevel.fromValue((UByte) value.getValue().getValue());
  }
}
