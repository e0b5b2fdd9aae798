package io.twinua.server.nodeset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo plant NodeSet loads and holds what the demo-tags contract and the brief promise. */
class NodeSetLoaderTest {

  private static NodeSetModel model;

  @BeforeAll
  static void load() throws NodeSetException {
    model = NodeSetLoader.load(DemoPlantFiles.NODESET);
  }

  private static VariableDefinition variable(String identifier) {
    Optional<NodeDefinition> node = model.node(DemoPlantFiles.NAMESPACE_URI, identifier);
    assertTrue(node.isPresent(), "missing " + identifier);
    return assertInstanceOf(VariableDefinition.class, node.get(), identifier);
  }

  @Test
  void demoPlantDeclaresItsNamespaceAsTheModel() {
    assertEquals(List.of(NodeSetModel.OPC_UA_NAMESPACE, DemoPlantFiles.NAMESPACE_URI), model.namespaceUris());
    assertEquals(1, model.primaryNamespaceIndex());
    assertEquals(new NodeId(0, 11), model.aliases().get("Double"));
  }

  @Test
  void everyAsTagIsAHistorizedVariableOfItsDataTypeReadOnlyUnlessASetpoint() {
    for (Map.Entry<String, String> tag : DemoPlantFiles.allAsTags().entrySet()) {
      VariableDefinition v = variable("Plant." + tag.getKey());
      assertEquals(tag.getValue(), DataTypes.name(v.dataType()), tag.getKey());
      if (tag.getKey().endsWith("Setpoint")) {
        assertEquals(0x07, v.accessLevel(), tag.getKey() + " AccessLevel CurrentRead|CurrentWrite|HistoryRead");
      } else {
        assertEquals(0x05, v.accessLevel(), tag.getKey() + " AccessLevel CurrentRead|HistoryRead");
      }
      assertTrue(v.historizing(), tag.getKey());
      assertTrue(v.value().isEmpty(), tag.getKey() + " gets its value from the AS, not the file");
    }
    VariableDefinition ph = variable("Plant.Treatment.PhProfile");
    assertEquals(1, ph.valueRank());
    assertEquals(List.of(UInteger.valueOf(4)), ph.arrayDimensions());
    assertEquals(-1, variable("Plant.Treatment.Tank1.Level").valueRank());
  }

  @Test
  void internalTagsAreWritableWithTheirDataTypesAndInitialValues() {
    for (Map.Entry<String, String> tag : DemoPlantFiles.INTERNAL_TAGS.entrySet()) {
      VariableDefinition v = variable(tag.getKey());
      assertEquals(tag.getValue(), DataTypes.name(v.dataType()), tag.getKey());
      assertTrue(v.isWritable(), tag.getKey());
      assertEquals(0x03, v.accessLevel() & 0x03, tag.getKey());
      assertTrue(v.value().isPresent(), tag.getKey() + " has an initial value");
    }
    assertEquals(50.0, variable("Plant.Treatment.Tank1.LevelSetpoint").value().orElseThrow().scalar());
    assertEquals(UInteger.valueOf(0), variable("Plant.ShiftCounter").value().orElseThrow().scalar());
  }

  @Test
  void staticPropertiesCarryValues() {
    assertEquals(120.0, variable("Plant.Treatment.Tank1.Capacity").value().orElseThrow().scalar());
    assertEquals(22.0, variable("Plant.Storage.Pump2.RatedPower").value().orElseThrow().scalar());
    assertEquals("°C", variable("Plant.Treatment.Tank1.Temperature.Unit").value().orElseThrow().scalar());
    assertEquals(
        "TwinUA demo water plant", variable("Plant.Info.SiteName").value().orElseThrow().scalar());
    DateTime commissioned = (DateTime) variable("Plant.Info.Commissioned").value().orElseThrow().scalar();
    assertEquals("2024-03-01T08:00:00Z", commissioned.getJavaInstant().toString());
    assertTrue(variable("Plant.Info.Commissioned").references().stream()
        .anyMatch(r -> r.referenceType().equals(NodeIds.HasTypeDefinition) && r.target().equals(NodeIds.PropertyType)));
  }

  @Test
  void plantHasAtLeastFiftyVariablesOfSeveralDataTypes() {
    List<VariableDefinition> plantVariables =
        model.variables().stream()
            .filter(v -> v.nodeId().getIdentifier() instanceof String s && s.startsWith("Plant"))
            .toList();
    assertTrue(plantVariables.size() >= 50, "plant variables: " + plantVariables.size());
    long dataTypes = plantVariables.stream().map(VariableDefinition::dataType).distinct().count();
    assertTrue(dataTypes >= 8, "distinct data types: " + dataTypes);
  }

  @Test
  void plantIsOrganizedFromTheObjectsFolderAndInstancesHaveTheirTypes() {
    NodeDefinition plant = model.node(DemoPlantFiles.NAMESPACE_URI, "Plant").orElseThrow();
    assertTrue(plant.references().stream()
        .anyMatch(r -> !r.forward() && r.referenceType().equals(NodeIds.Organizes) && r.target().equals(NodeIds.ObjectsFolder)));
    assertEquals(Optional.of(NodeIds.FolderType), plant.typeDefinition());

    NodeDefinition tank1 = model.node(DemoPlantFiles.NAMESPACE_URI, "Plant.Treatment.Tank1").orElseThrow();
    NodeDefinition tankType = model.node(tank1.typeDefinition().orElseThrow()).orElseThrow();
    assertInstanceOf(ObjectTypeDefinition.class, tankType);
    assertEquals("TankType", tankType.browseName().name());
    for (String area : List.of("Intake", "Treatment", "Storage", "Distribution")) {
      NodeDefinition folder = model.node(DemoPlantFiles.NAMESPACE_URI, "Plant." + area).orElseThrow();
      assertEquals(Optional.of(NodeIds.FolderType), folder.typeDefinition(), area);
    }
  }

  @Test
  void typeMembersCarryModellingRules() {
    List<String> types = List.of("TankType", "PumpType", "ValveType", "DosingUnitType");
    for (String typeName : types) {
      ObjectTypeDefinition type =
          model.nodes().stream()
              .filter(ObjectTypeDefinition.class::isInstance)
              .map(ObjectTypeDefinition.class::cast)
              .filter(t -> t.browseName().name().equals(typeName))
              .findFirst()
              .orElseThrow(() -> new AssertionError("missing " + typeName));
      List<NodeId> members =
          type.references().stream()
              .filter(r -> r.forward() && (r.referenceType().equals(NodeIds.HasComponent) || r.referenceType().equals(NodeIds.HasProperty)))
              .map(ReferenceDefinition::target)
              .toList();
      assertFalse(members.isEmpty(), typeName);
      long mandatory =
          members.stream()
              .map(id -> model.node(id).orElseThrow())
              .filter(m -> m.references().stream()
                  .anyMatch(r -> r.referenceType().equals(NodeIds.HasModellingRule) && r.target().equals(NodeIds.ModellingRule_Mandatory)))
              .count();
      assertTrue(mandatory >= 1, typeName + " has mandatory members");
    }
  }
}
