package io.twinua.server.nodeset;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo plant installed into a real Milo server, checked with a real Milo client. */
class NodeSetInstallerTest {

  private static TestPlantServer plant;
  private static OpcUaClient client;

  @BeforeAll
  static void startServerAndClient() throws Exception {
    plant = TestPlantServer.start(NodeSetLoader.load(DemoPlantFiles.NODESET));
    client = OpcUaClient.create(plant.endpointUrl());
    client.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.disconnectAsync().get(10, TimeUnit.SECONDS);
    }
    if (plant != null) {
      plant.close();
    }
  }

  private static ReferenceDescription child(NodeId parent, String browseName) throws Exception {
    BrowseResult result =
        client.browse(
            new BrowseDescription(
                parent,
                BrowseDirection.Forward,
                NodeIds.HierarchicalReferences,
                true,
                uint(0),
                uint(BrowseResultMask.All.getValue())));
    assertTrue(result.getStatusCode().isGood(), "browse " + parent + ": " + result.getStatusCode());
    ReferenceDescription[] references = Objects.requireNonNullElse(result.getReferences(), new ReferenceDescription[0]);
    List<ReferenceDescription> matches =
        Arrays.stream(references).filter(r -> browseName.equals(r.getBrowseName().name())).toList();
    assertEquals(
        1,
        matches.size(),
        "exactly one '" + browseName + "' under " + parent + " in "
            + Arrays.stream(references).map(r -> r.getBrowseName().name()).toList());
    return matches.get(0);
  }

  private static NodeId nodeId(ReferenceDescription reference) {
    return reference.getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow();
  }

  private static DataValue read(NodeId nodeId, AttributeId attribute) throws Exception {
    return client
        .read(0.0, TimestampsToReturn.Both, List.of(new ReadValueId(nodeId, attribute.uid(), null, QualifiedName.NULL_VALUE)))
        .getResults()[0];
  }

  @Test
  void clientBrowsesFromTheObjectsFolderToATankLevel() throws Exception {
    NodeId plantFolder = nodeId(child(NodeIds.ObjectsFolder, "Plant"));
    NodeId treatment = nodeId(child(plantFolder, "Treatment"));
    NodeId tank1 = nodeId(child(treatment, "Tank1"));
    ReferenceDescription level = child(tank1, "Level");

    int plantNamespace = client.getNamespaceTable().getIndex(DemoPlantFiles.NAMESPACE_URI).intValue();
    assertNotEquals(1, plantNamespace, "the server index differs from the file's, so mapping is exercised");
    assertEquals(new NodeId(plantNamespace, "Plant.Treatment.Tank1.Level"), nodeId(level));
    assertEquals(NodeIds.BaseDataVariableType, level.getTypeDefinition().toNodeId(client.getNamespaceTable()).orElseThrow());

    NodeId levelId = nodeId(level);
    assertEquals(NodeIds.Double, read(levelId, AttributeId.DataType).value().getValue());
    assertEquals(UByte.valueOf(5), read(levelId, AttributeId.AccessLevel).value().getValue());
    assertEquals(true, read(levelId, AttributeId.Historizing).value().getValue());
    DataValue value = read(levelId, AttributeId.Value);
    assertEquals(StatusCodes.Bad_WaitingForInitialData, value.statusCode().value(), "no value until the AS delivers one");
  }

  @Test
  void clientReadsInitialValuesAndArrayAttributes() throws Exception {
    NodeId tank1 = nodeId(child(nodeId(child(nodeId(child(NodeIds.ObjectsFolder, "Plant")), "Treatment")), "Tank1"));
    NodeId capacity = nodeId(child(tank1, "Capacity"));
    DataValue capacityValue = read(capacity, AttributeId.Value);
    assertTrue(capacityValue.statusCode().isGood());
    assertEquals(120.0, capacityValue.value().getValue());
    assertEquals(NodeIds.PropertyType, child(tank1, "Capacity").getTypeDefinition().toNodeId(client.getNamespaceTable()).orElseThrow());

    NodeId profile = plant.installed().nodeId("Plant.Treatment.PhProfile").orElseThrow();
    assertEquals(1, read(profile, AttributeId.ValueRank).value().getValue());
    assertArrayEquals(new UInteger[] {uint(4)}, (UInteger[]) read(profile, AttributeId.ArrayDimensions).value().getValue());

    NodeId commissioned = plant.installed().nodeId("Plant.Info.Commissioned").orElseThrow();
    assertEquals(NodeIds.DateTime, read(commissioned, AttributeId.DataType).value().getValue());
  }

  @Test
  void writableInternalTagAcceptsAWriteAndAnAsTagRefusesIt() throws Exception {
    NodeId setpoint = plant.installed().nodeId("Plant.Treatment.Tank1.LevelSetpoint").orElseThrow();
    NodeId level = plant.installed().nodeId("Plant.Treatment.Tank1.Level").orElseThrow();
    List<StatusCode> results =
        client.writeValues(
            List.of(setpoint, level),
            List.of(new DataValue(Variant.ofDouble(62.5), StatusCode.GOOD, null, null),
                new DataValue(Variant.ofDouble(1.0), StatusCode.GOOD, null, null)));
    assertTrue(results.get(0).isGood(), "setpoint write: " + results.get(0));
    // Milo 1.1.2 checks the UserAccessLevel first: 5 (CurrentRead|HistoryRead) has no CurrentWrite
    assertEquals(StatusCodes.Bad_UserAccessDenied, results.get(1).value());
    assertEquals(62.5, plant.installed().variable(setpoint).getValue().value().getValue());
  }

  @Test
  void installedNodeSetLooksUpFileStyleIds() {
    InstalledNodeSet installed = plant.installed();
    int ns = installed.primaryNamespaceIndex();
    NodeId level = new NodeId(ns, "Plant.Treatment.Tank1.Level");
    assertEquals(level, installed.nodeId("Plant.Treatment.Tank1.Level").orElseThrow());
    assertEquals(level, installed.nodeId("ns=1;s=Plant.Treatment.Tank1.Level").orElseThrow());
    assertEquals(level, installed.toServerNodeId(new NodeId(1, "Plant.Treatment.Tank1.Level")));
    assertTrue(installed.nodeId("Plant.NoSuchThing").isEmpty());

    UaVariableNode node = installed.variable(level);
    assertEquals(NodeIds.Double, node.getDataType());
    assertEquals(installed.variable("Plant.Treatment.Tank1.Level"), node);
    assertThrows(IllegalArgumentException.class, () -> installed.variable("Plant.Treatment.Tank1"));

    long plantVariables = installed.variables().stream()
        .filter(v -> v.getNodeId().getIdentifier() instanceof String s && s.startsWith("Plant")).count();
    assertTrue(plantVariables >= 50, "variables: " + plantVariables);
    assertTrue(installed.objects().stream().anyMatch(o -> o.getBrowseName().name().equals("Tank1")));
  }

  @Test
  void referencesAreStoredOnceInBothDirections() {
    InstalledNodeSet installed = plant.installed();
    NodeId tank1 = installed.nodeId("Plant.Treatment.Tank1").orElseThrow();
    NodeId tankType = installed.toServerNodeId(new NodeId(1, 1001));
    NodeId tankTypeLevel = installed.toServerNodeId(new NodeId(1, 1002));
    var nodeManager = plant.namespace().getNodeManager();
    // the file states TankType --HasComponent--> Level in both nodes; it must exist once
    long forward = nodeManager.getReferences(tankType).stream()
        .filter(r -> r.isForward() && r.getReferenceTypeId().equals(NodeIds.HasComponent)
            && r.getTargetNodeId().equals(tankTypeLevel.expanded()))
        .count();
    assertEquals(1, forward);
    assertTrue(nodeManager.getReferences(tank1).stream()
        .anyMatch(r -> r.isForward() && r.getReferenceTypeId().equals(NodeIds.HasTypeDefinition)
            && r.getTargetNodeId().equals(tankType.expanded())));
  }

  @Test
  void unknownNamespaceZeroTargetAndReinstallAreRefused(@TempDir Path dir) throws Exception {
    NodeSetModel model =
        NodeSetLoader.load(NodeSetXml.write(dir, NodeSetXml.plant(
            "<UAVariable NodeId=\"ns=1;s=Plant.X\" BrowseName=\"1:X\" DataType=\"Double\"><References>"
                + "<Reference ReferenceType=\"HasTypeDefinition\">i=99999</Reference>"
                + "<Reference ReferenceType=\"HasComponent\" IsForward=\"false\">ns=1;s=Plant</Reference>"
                + "</References></UAVariable>\n")));
    ManagedNamespaceWithLifecycle scratch = new ManagedNamespaceWithLifecycle(plant.server(), "urn:test") {
      @Override public void onDataItemsCreated(List<DataItem> items) {}
      @Override public void onDataItemsModified(List<DataItem> items) {}
      @Override public void onDataItemsDeleted(List<DataItem> items) {}
      @Override public void onMonitoringModeChanged(List<MonitoredItem> items) {}
    };
    NodeSetException e =
        assertThrows(NodeSetException.class, () -> NodeSetInstaller.install(model, scratch.getNodeContext(), scratch.getNodeManager()));
    assertTrue(e.getMessage().contains("reference target i=99999 is not a node of this server"), e.getMessage());
    assertTrue(scratch.getNodeManager().getNodes().isEmpty(), "nothing installed after a refusal");

    NodeSetException again =
        assertThrows(NodeSetException.class,
            () -> NodeSetInstaller.install(plant.installed().model(), plant.namespace().getNodeContext(), plant.namespace().getNodeManager()));
    assertTrue(again.getMessage().contains("already exists in the server"), again.getMessage());
  }
}
