package io.twinua.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.nodeset.NodeSetLoader;
import io.twinua.server.nodeset.NodeSetModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cross-checks against the NodeSet name the project file and key. */
class ProjectValidatorTest {

  @TempDir Path dir;

  private ConfigException failure(String from, String to) throws Exception {
    assertTrue(ProjectFiles.VALID.contains(from), "test setup: '" + from + "' not in the valid project");
    Path file = ProjectFiles.write(dir, ProjectFiles.VALID.replace(from, to));
    ProjectConfig project = ProjectLoader.load(file);
    NodeSetModel model = NodeSetLoader.load(project.nodeSetFile());
    return assertThrows(ConfigException.class, () -> ProjectValidator.validate(project, model));
  }

  private void assertProblem(ConfigException e, String keyPath, String problem) {
    assertEquals(dir.resolve("project.yaml").toAbsolutePath(), e.file());
    assertEquals(keyPath, e.keyPath(), e.getMessage());
    assertTrue(e.getMessage().contains(": " + keyPath + ": "), e.getMessage());
    assertTrue(e.problem().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
  }

  @Test
  void theValidProjectValidates() throws Exception {
    ProjectConfig project = ProjectLoader.load(ProjectFiles.write(dir, ProjectFiles.VALID));
    ProjectValidator.validate(project, NodeSetLoader.load(project.nodeSetFile()));
  }

  @Test
  void tagNodeMissingFromTheNodeSet() throws Exception {
    assertProblem(failure("  - node: Plant.Storage.Tank2.Level\n", "  - node: Plant.Storage.Tank9.Level\n"),
        "tags[2].node", "no node 'Plant.Storage.Tank9.Level' in namespace urn:twinua:demo-plant");
  }

  @Test
  void tagNodeThatIsNotAVariable() throws Exception {
    assertProblem(failure("  - node: Plant.Storage.Tank2.Level\n", "  - node: Plant.Storage.Tank2\n"),
        "tags[2].node", "'Plant.Storage.Tank2' is a Object in the NodeSet, not a variable");
  }

  @Test
  void internalTagThatIsNotWritable() throws Exception {
    assertProblem(failure("  - node: Plant.Treatment.Tank1.LevelSetpoint\n", "  - node: Plant.Treatment.Tank1.Capacity\n"),
        "internalTags[0].node", "is not writable in the NodeSet (AccessLevel 1 lacks CurrentWrite)");
  }

  @Test
  void setpointWhoseVariableIsNotWritable() throws Exception {
    ConfigException e = failure("    address: ns=2;s=Storage.Tank2.Level\n",
        "    address: ns=2;s=Storage.Tank2.Level\n    writable: true\n");
    assertProblem(e, "tags[2].writable", "'Plant.Storage.Tank2.Level' is not writable in the NodeSet");
    assertTrue(e.problem().contains("plant.xml"), "names the NodeSet file: " + e.getMessage());
    assertTrue(e.problem().contains("AccessLevel 5 lacks CurrentWrite"), e.getMessage());
  }

  @Test
  void alarmOnANonNumericSource() throws Exception {
    assertProblem(failure("    source: Plant.Treatment.Tank1.Level", "    source: Plant.Treatment.BatchId"),
        "alarms[0].source", "'Plant.Treatment.BatchId' is not a numeric scalar (DataType String, ValueRank -1)");
  }

  @Test
  void namespaceMissingFromTheNodeSet() throws Exception {
    assertProblem(failure("namespaceUri: urn:twinua:demo-plant", "namespaceUri: urn:twinua:other-plant"),
        "namespaceUri", "namespace 'urn:twinua:other-plant' is not in the NodeSet");
  }
}
