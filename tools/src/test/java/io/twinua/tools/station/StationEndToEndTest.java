package io.twinua.tools.station;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.tools.plcsim.GroundTruth;
import io.twinua.tools.plcsim.TruthValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilterElement;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A real station and PLC simulator on loopback, used by real Milo clients as an HMI would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StationEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path dir;
  private TestPlant plant;
  private final List<OpcUaClient> clients = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    plant = TestPlant.start(dir, 50);
  }

  @AfterAll
  void stop() {
    for (OpcUaClient c : clients) {
      c.disconnectAsync();
    }
    if (plant != null) {
      plant.close();
    }
  }

  private OpcUaClient keep(OpcUaClient c) {
    clients.add(c);
    return c;
  }

  private NodeId plantNode(OpcUaClient client, String id) {
    int ns = client.getNamespaceTable().getIndex(TestPlant.NS).intValue();
    return new NodeId(ns, id);
  }

  @Test
  void anonymousViewerBrowsesThePlantDownToATankLevel() throws Exception {
    OpcUaClient client = keep(plant.anonymous());
    NodeId plantFolder = child(client, NodeIds.ObjectsFolder, "Plant");
    NodeId treatment = child(client, plantFolder, "Treatment");
    NodeId tank = child(client, treatment, "Tank1");
    NodeId level = child(client, tank, "Level");
    assertEquals(plantNode(client, "Plant.Treatment.Tank1.Level"), level);
  }

  private static NodeId child(OpcUaClient client, NodeId parent, String browseName) throws Exception {
    BrowseResult r = client.browse(new BrowseDescription(parent, BrowseDirection.Forward, NodeIds.HierarchicalReferences,
        true, uint(0), uint(BrowseResultMask.All.getValue())));
    for (ReferenceDescription d : r.getReferences()) {
      if (d.getBrowseName().name().equals(browseName)) {
        return d.getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow();
      }
    }
    throw new AssertionError(browseName + " not found under " + parent);
  }

  @Test
  void readsLiveProcessValuesWithTheirPlantDataTypes() throws Exception {
    OpcUaClient client = keep(plant.anonymous());
    NodeId level = plantNode(client, "Plant.Treatment.Tank1.Level");
    Await.until(WAIT, "Tank1 level from AS1", () -> read(client, level).statusCode().isGood()
        && read(client, level).value().value() instanceof Double);
    DataValue batch = read(client, plantNode(client, "Plant.Treatment.BatchId"));
    assertInstanceOf(String.class, batch.value().value());
    assertTrue(((String) batch.value().value()).startsWith("B"));
    DataValue profile = read(client, plantNode(client, "Plant.Treatment.PhProfile"));
    assertEquals(4, ((Double[]) profile.value().value()).length);
  }

  private static DataValue read(OpcUaClient client, NodeId node) {
    try {
      return client.readValue(0, TimestampsToReturn.Both, node);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void subscriptionDeliversEveryChangeOfAnAsCounter() throws Exception {
    OpcUaClient client = keep(plant.anonymous());
    var subscription = new OpcUaSubscription(client, 100.0);
    subscription.create();
    var item = OpcUaMonitoredItem.newDataItem(plantNode(client, "Plant.Intake.Pump1.RunSeconds"));
    item.setSamplingInterval(0.0);
    item.setQueueSize(uint(100));
    List<Long> seen = new CopyOnWriteArrayList<>();
    item.setDataValueListener((i, v) -> seen.add(((Number) v.value().value()).longValue()));
    subscription.addMonitoredItem(item);
    subscription.synchronizeMonitoredItems();
    Await.until(WAIT, "10 counter changes", () -> seen.size() >= 10);
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) > seen.get(i - 1), "counter increases: " + seen);
    }
    subscription.delete();
  }

  @Test
  void operatorWritesInternalTagViewerAndAnonymousAreRefused() throws Exception {
    OpcUaClient operator = keep(plant.login(Role.OPERATOR));
    OpcUaClient viewer = keep(plant.login(Role.VIEWER));
    OpcUaClient anonymous = keep(plant.anonymous());
    NodeId setpoint = plantNode(operator, "Plant.Treatment.Tank1.LevelSetpoint");

    assertEquals(StatusCodes.Bad_UserAccessDenied, write(viewer, setpoint, new Variant(55.0)).getValue());
    assertEquals(StatusCodes.Bad_UserAccessDenied, write(anonymous, setpoint, new Variant(56.0)).getValue());
    assertEquals(StatusCode.GOOD, write(operator, setpoint, new Variant(57.5)));
    assertEquals(57.5, read(viewer, setpoint).value().value());
    // process tags come from the PLC: not writable from the HMI in the demo project
    assertFalse(write(operator, plantNode(operator, "Plant.Treatment.Tank1.Level"), new Variant(1.0)).isGood());
  }

  @Test
  void writeOfTheWrongTypeIsRefusedAndTheValueKept() throws Exception {
    OpcUaClient operator = keep(plant.login(Role.OPERATOR));
    NodeId setpoint = plantNode(operator, "Plant.Distribution.PressureSetpoint");
    assertEquals(StatusCode.GOOD, write(operator, setpoint, new Variant(4.2)));
    assertEquals(StatusCodes.Bad_TypeMismatch, write(operator, setpoint, new Variant("high")).getValue());
    assertEquals(StatusCodes.Bad_TypeMismatch, write(operator, setpoint, new Variant(new Double[] {1.0, 2.0})).getValue());
    assertEquals(4.2, read(operator, setpoint).value().value());
  }

  private static StatusCode write(OpcUaClient client, NodeId node, Variant value) throws Exception {
    return client.writeValues(List.of(node), List.of(DataValue.valueOnly(value))).get(0);
  }

  @Test
  void historyReadEqualsThePlcGroundTruthForAWindow() throws Exception {
    OpcUaClient client = keep(plant.anonymous());
    String[] tags = {"Intake.Pump1.RunSeconds", "Intake.Flow", "Treatment.BatchId"};
    Path truthFile = plant.plc.automationStation("AS1").truthFile();
    // a window that starts after the station subscribed (5 s of values) and ends in the past
    Await.until(WAIT, "5 s of archived values",
        () -> plant.station().archive().values().count("Plant.Intake.Pump1.RunSeconds") > 100);
    long now = DateTime.now().getUtcTime();
    long start = now - 40_000_000L;
    long end = now - 5_000_000L;
    // the PLC logs and the station archives in batches: wait until both have passed the window's end
    Await.until(WAIT, "truth log and archive past the window", () -> {
      plant.station().archive().values().flush();
      try {
        Map<String, List<TruthValue>> t = GroundTruth.read(truthFile);
        return t.get("Intake.Pump1.RunSeconds").stream().anyMatch(v -> v.sourceTicks() >= end)
            && plant.station().archive().values().count("Plant.Intake.Pump1.RunSeconds", end, Long.MAX_VALUE) > 0;
      } catch (Exception e) {
        return false;
      }
    });
    Map<String, List<TruthValue>> truth = GroundTruth.read(truthFile);
    for (String tag : tags) {
      List<String> expected = truth.get(tag).stream()
          .filter(t -> t.sourceTicks() >= start && t.sourceTicks() < end)
          .map(t -> t.sourceTicks() + "=" + t.valueText()).toList();
      List<String> actual = new ArrayList<>();
      for (DataValue v : historyRaw(client, plantNode(client, "Plant." + tag), start, end)) {
        actual.add(v.sourceTime().getUtcTime() + "=" + GroundTruth.format(v.value()));
      }
      assertFalse(expected.isEmpty(), tag + " produced values in the window");
      assertEquals(expected, actual, tag);
    }
  }

  static List<DataValue> historyRaw(OpcUaClient client, NodeId node, long startTicks, long endTicks) throws Exception {
    List<DataValue> all = new ArrayList<>();
    ByteString cp = null;
    do {
      var details = new ReadRawModifiedDetails(false, new DateTime(startTicks), new DateTime(endTicks), uint(500), false);
      HistoryReadResult r = client.historyRead(details, TimestampsToReturn.Both, false,
          List.of(new HistoryReadValueId(node, null, QualifiedName.NULL_VALUE, cp))).getResults()[0];
      assertTrue(r.getStatusCode().isGood(), "history read " + node + ": " + r.getStatusCode());
      HistoryData data = (HistoryData) r.getHistoryData().decode(client.getStaticEncodingContext());
      if (data.getDataValues() != null) {
        all.addAll(List.of(data.getDataValues()));
      }
      cp = r.getContinuationPoint();
    } while (cp != null && cp.isNotNull());
    return all;
  }

  @Test
  void untrustedClientCertificateIsRefusedAndQuarantined() throws Exception {
    var keys = org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    var cert = new org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder(keys)
        .setCommonName("rogue HMI").setApplicationUri("urn:twinua:test:hmi").build();
    assertThrows(Exception.class, () -> plant.connect(SecurityPolicy.Basic256Sha256,
        MessageSecurityMode.SignAndEncrypt, new AnonymousProvider(), cert, keys));
    Path rejected = plant.stationDataDir().resolve("pki").resolve("rejected").resolve("certs");
    Await.until(WAIT, "certificate in rejected/", () -> {
      try (var files = Files.list(rejected)) {
        return files.findAny().isPresent();
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  void recipesCanBeAddedReadListedAndDeletedByAnOperatorOnly() throws Exception {
    OpcUaClient operator = keep(plant.login(Role.OPERATOR));
    OpcUaClient viewer = keep(plant.login(Role.VIEWER));
    NodeId recipes = plantNode(operator, "UserArchives.Recipes");
    Variant[] fields = {new Variant("Summer"),
        new Variant(new String[] {"Product", "TargetLevel", "MixerMode", "Active"}),
        new Variant(new Variant[] {new Variant("Drinking water"), new Variant(72.5), new Variant(2), new Variant(true)})};

    assertEquals(StatusCodes.Bad_UserAccessDenied, call(viewer, recipes, "AddRecord", fields).getStatusCode().getValue());
    assertEquals(StatusCode.GOOD, call(operator, recipes, "AddRecord", fields).getStatusCode());
    assertEquals(StatusCodes.Bad_EntryExists, call(operator, recipes, "AddRecord", fields).getStatusCode().getValue());

    CallMethodResult list = call(viewer, recipes, "ListRecords");
    assertEquals(List.of("Summer"), List.of((String[]) list.getOutputArguments()[0].value()));
    CallMethodResult read = call(viewer, recipes, "ReadRecord", new Variant("Summer"));
    assertTrue(read.getStatusCode().isGood(), read.getStatusCode().toString());
    List<String> names = List.of((String[]) read.getOutputArguments()[0].value());
    Object[] values = (Object[]) read.getOutputArguments()[1].value();
    assertEquals(72.5, unwrap(values[names.indexOf("TargetLevel")]));
    assertEquals("Drinking water", unwrap(values[names.indexOf("Product")]));

    Variant[] wrongType = {new Variant("Winter"), new Variant(new String[] {"TargetLevel"}),
        new Variant(new Variant[] {new Variant("high")})};
    assertEquals(StatusCodes.Bad_InvalidArgument, call(operator, recipes, "AddRecord", wrongType).getStatusCode().getValue());

    assertEquals(StatusCode.GOOD, call(operator, recipes, "DeleteRecord", new Variant("Summer")).getStatusCode());
    assertEquals(0, ((String[]) call(viewer, recipes, "ListRecords").getOutputArguments()[0].value()).length);
  }

  private static Object unwrap(Object o) {
    return o instanceof Variant v ? v.value() : o;
  }

  private static CallMethodResult call(OpcUaClient client, NodeId object, String method, Variant... args) throws Exception {
    NodeId methodId = new NodeId(object.getNamespaceIndex(), object.getIdentifier() + "." + method);
    return client.call(List.of(new CallMethodRequest(object, methodId, args))).getResults()[0];
  }

  @Test
  void levelAlarmIsRaisedAcknowledgedByOperatorAndArchived() throws Exception {
    OpcUaClient operator = keep(plant.login(Role.OPERATOR));
    OpcUaClient viewer = keep(plant.login(Role.VIEWER));
    var subscription = new OpcUaSubscription(operator, 100.0);
    subscription.create();
    SimpleAttributeOperand[] select = {
        field(NodeIds.BaseEventType, "EventId"),
        field(NodeIds.ConditionType, "ConditionName"),
        field(NodeIds.AlarmConditionType, "ActiveState", "Id"),
        field(NodeIds.AcknowledgeableConditionType, "AckedState", "Id"),
        new SimpleAttributeOperand(NodeIds.ConditionType, new QualifiedName[0], AttributeId.NodeId.uid(), null)};
    var item = OpcUaMonitoredItem.newEventItem(NodeIds.Server, new EventFilter(select, new ContentFilter(new ContentFilterElement[0])));
    item.setQueueSize(uint(1000));
    BlockingQueue<Variant[]> events = new LinkedBlockingQueue<>();
    item.setEventValueListener((i, values) -> events.add(values));
    subscription.addMonitoredItem(item);
    subscription.synchronizeMonitoredItems();

    Variant[] raised = null;
    long deadline = System.nanoTime() + WAIT.toNanos() * 2;
    while (raised == null && System.nanoTime() < deadline) {
      Variant[] e = events.poll(1, TimeUnit.SECONDS);
      if (e != null && "Tank1Level".equals(e[1].value()) && Boolean.TRUE.equals(e[2].value()) && Boolean.FALSE.equals(e[3].value())) {
        raised = e;
      }
    }
    assertTrue(raised != null, "Tank1 level alarm raised (the PLC's level crosses 85 %)");
    NodeId condition = (NodeId) raised[4].value();
    Variant[] ack = {raised[0], new Variant(LocalizedText.english("seen"))};
    assertEquals(StatusCodes.Bad_UserAccessDenied,
        viewer.call(List.of(new CallMethodRequest(condition, NodeIds.AcknowledgeableConditionType_Acknowledge, ack)))
            .getResults()[0].getStatusCode().getValue());
    StatusCode acked = operator.call(List.of(new CallMethodRequest(condition, NodeIds.AcknowledgeableConditionType_Acknowledge, ack)))
        .getResults()[0].getStatusCode();
    // the level may have moved to another limit meanwhile (new event id): then the ack is refused as stale
    assertTrue(acked.isGood() || acked.getValue() == StatusCodes.Bad_EventIdUnknown, acked.toString());
    var messages = plant.station().archive().messages();
    ByteString eventId = (ByteString) raised[0].value();
    Await.until(WAIT, "alarm in the message archive", () -> {
      messages.flush();
      return messages.find(eventId).isPresent();
    });
    subscription.delete();
  }

  static SimpleAttributeOperand field(NodeId type, String... path) {
    QualifiedName[] names = new QualifiedName[path.length];
    for (int i = 0; i < path.length; i++) {
      names[i] = new QualifiedName(0, path[i]);
    }
    return new SimpleAttributeOperand(type, names, AttributeId.Value.uid(), null);
  }
}
