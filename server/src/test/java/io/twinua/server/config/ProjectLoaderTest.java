package io.twinua.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.nodeset.DemoPlantFiles;
import io.twinua.server.nodeset.NodeSetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped projects load and validate against the demo NodeSet. */
class ProjectLoaderTest {

  /** A 100,000-tag project is about 8 MB of YAML; SnakeYAML's default limit of 3 MB refused it. */
  @Test
  void aProjectFileOfMoreThanThreeMillionCharactersIsRead(@TempDir Path dir) throws Exception {
    StringBuilder yaml = new StringBuilder("name: Big\nnamespaceUri: urn:big\nnodeSet: big.xml\ninternalTags:\n");
    int tags = 0;
    while (yaml.length() < 4_000_000) {
      yaml.append("  - {node: Big.Tag.").append(tags++).append(", archive: true}\n");
    }
    Path file = dir.resolve("project.yaml");
    Files.writeString(file, yaml);

    assertEquals(tags, YamlFiles.read(file, ProjectFile.class).internalTags().size());
  }

  @Test
  void demoProjectLoadsAndValidates() throws Exception {
    ProjectConfig project = ProjectLoader.load(DemoPlantFiles.PROJECT);
    ProjectValidator.validate(project, NodeSetLoader.load(project.nodeSetFile()));

    assertEquals("DemoWaterPlant", project.name());
    assertEquals(DemoPlantFiles.NAMESPACE_URI, project.namespaceUri());
    assertEquals(DemoPlantFiles.NODESET.toAbsolutePath().normalize(), project.nodeSetFile());
    assertTrue(Files.isRegularFile(project.usersFile()));
    assertEquals(new SecuritySettings(true, true), project.security(), "the demo relaxes security");
    assertEquals(ArchiveSettings.of(100, 5000), project.archive());
    assertEquals(
        List.of(
            new AutomationStationConfig("AS1", "opc.tcp://127.0.0.1:4850", 100),
            new AutomationStationConfig("AS2", "opc.tcp://127.0.0.1:4851", 100)),
        project.automationStations());
    assertEquals(DemoPlantFiles.PROJECT.toAbsolutePath().normalize(), project.sourceFile());
  }

  @Test
  void demoProjectMapsEveryAsTagWithArchiving() throws Exception {
    ProjectConfig project = ProjectLoader.load(DemoPlantFiles.PROJECT);
    for (Map.Entry<String, Map<String, String>> as :
        Map.of("AS1", DemoPlantFiles.AS1_TAGS, "AS2", DemoPlantFiles.AS2_TAGS).entrySet()) {
      Set<String> mapped =
          project.tagsOf(as.getKey()).stream().map(TagMapping::address).collect(Collectors.toSet());
      for (String tag : as.getValue().keySet()) {
        assertTrue(mapped.contains("ns=2;s=" + tag), as.getKey() + " " + tag);
        TagMapping mapping = project.tag("Plant." + tag).orElseThrow();
        assertEquals(as.getKey(), mapping.as());
        assertTrue(mapping.archive(), tag);
      }
    }
    assertEquals(DemoPlantFiles.allAsTags().size(), project.tags().size());
  }

  @Test
  void demoProjectAlarmsInternalTagsAndRecipes() throws Exception {
    ProjectConfig project = ProjectLoader.load(DemoPlantFiles.PROJECT);
    assertEquals(
        new LimitAlarmConfig("Tank1Level", "Plant.Treatment.Tank1.Level", 95.0, 85.0, 15.0, 5.0, 1.0, 700),
        project.alarm("Tank1Level").orElseThrow());
    assertEquals(
        Set.of("Plant.Treatment.Tank1.Level", "Plant.Storage.Tank2.Level", "Plant.Storage.Tank3.Level", "Plant.Distribution.Pressure"),
        project.alarms().stream().map(LimitAlarmConfig::source).collect(Collectors.toSet()));

    assertEquals(DemoPlantFiles.INTERNAL_TAGS.keySet(),
        project.internalTags().stream().map(InternalTagConfig::node).collect(Collectors.toSet()));
    assertFalse(project.internalTag("Plant.OperatorNote").orElseThrow().archive());

    UserArchiveConfig recipes = project.userArchive("Recipes").orElseThrow();
    assertEquals(
        List.of(
            new FieldConfig("Product", FieldType.STRING),
            new FieldConfig("TargetLevel", FieldType.DOUBLE),
            new FieldConfig("DosingRate", FieldType.DOUBLE),
            new FieldConfig("MixerMode", FieldType.INT32),
            new FieldConfig("Active", FieldType.BOOLEAN)),
        recipes.fields());
  }

  @Test
  void productionTemplateIsSecureAndValid() throws Exception {
    ProjectConfig project = ProjectLoader.load(DemoPlantFiles.PRODUCTION_PROJECT);
    ProjectValidator.validate(project, NodeSetLoader.load(project.nodeSetFile()));
    assertEquals(SecuritySettings.SECURE, project.security());
    assertEquals(DemoPlantFiles.NODESET.toAbsolutePath().normalize(), project.nodeSetFile());
  }

  @Test
  void omittedOptionalSectionsGetSecureDefaults(@TempDir Path dir) throws Exception {
    String minimal = "name: M\nnamespaceUri: urn:twinua:demo-plant\nnodeSet: plant.xml\nusers: users.yaml\n";
    ProjectConfig project = ProjectLoader.load(ProjectFiles.write(dir, minimal));
    assertEquals(SecuritySettings.SECURE, project.security());
    // the defaults nodeset/README.md documents are the ones the archive runs with
    assertEquals(100, project.archive().flushIntervalMs());
    assertEquals(5000, project.archive().batchSize());
    assertEquals(ArchiveSettings.defaults(), project.archive());
    assertTrue(project.tags().isEmpty());
    assertTrue(project.automationStations().isEmpty());
  }
}
