package io.twinua.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.sync.SyncKind;
import io.twinua.server.sync.SyncSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad project file is refused with a message naming the file and the key. */
class ProjectLoaderErrorsTest {

  @TempDir Path dir;

  /** Loads VALID with {@code from} replaced by {@code to}, expecting a failure. */
  private ConfigException failure(String from, String to) throws IOException {
    assertTrue(ProjectFiles.VALID.contains(from), "test setup: '" + from + "' not in the valid project");
    return failure(ProjectFiles.VALID.replace(from, to));
  }

  private ConfigException failure(String project) throws IOException {
    Path file = ProjectFiles.write(dir, project);
    return assertThrows(ConfigException.class, () -> ProjectLoader.load(file));
  }

  private void assertProblem(ConfigException e, String keyPath, String problem) {
    Path file = dir.resolve("project.yaml");
    assertEquals(file, e.file());
    assertEquals(keyPath, e.keyPath(), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ": " + keyPath + ": "), e.getMessage());
    assertTrue(e.problem().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
  }

  @Test
  void theValidProjectIsValid() throws Exception {
    ProjectConfig project = ProjectLoader.load(ProjectFiles.write(dir, ProjectFiles.VALID));
    assertEquals(4, project.tags().size());
    assertEquals(100, project.automationStation("AS2").orElseThrow().publishingIntervalMs(), "default interval");
  }

  @Test
  void unknownKeys() throws IOException {
    assertProblem(failure("name: Small\n", "name: Small\nredundancy: {}\n"), "redundancy", "unknown key 'redundancy'");
    ConfigException e = failure("    address: ns=2;s=Storage.Tank2.Level\n", "    address: ns=2;s=Storage.Tank2.Level\n    archiv: true\n");
    assertProblem(e, "tags[2].archiv", "unknown key 'archiv' (known keys: address, archive, as, node, writable)");
  }

  @Test
  void missingKeys() throws IOException {
    assertProblem(failure("name: Small\n", ""), "name", "missing key");
    assertProblem(failure("    as: AS2\n    address: ns=2;s=Distribution.Pressure\n", "    address: ns=2;s=Distribution.Pressure\n"),
        "tags[3].as", "missing key");
    assertProblem(failure("      - {name: TargetLevel, type: Double}\n", "      - {name: TargetLevel}\n"),
        "userArchives[0].fields[1].type", "missing key");
  }

  @Test
  void wrongTypes() throws IOException {
    assertProblem(failure("  batchSize: 5000", "  batchSize: lots"), "archive.batchSize", "wrong type: expected a whole number");
    assertProblem(failure("  batchSize: 5000", "  batchSize: 50.5"), "archive.batchSize", "wrong type: expected a whole number");
    assertProblem(failure("  allowAnonymous: false", "  allowAnonymous: 0"), "security.allowAnonymous", "wrong type: expected true or false");
    assertProblem(failure("name: Small", "name: [a, b]"), "name", "wrong type: expected a string");
    assertProblem(failure("name: Small", "name: 1234"), "name", "wrong type: expected a string");
    assertProblem(failure("    highHigh: 95\n", "    highHigh: '95'\n"), "alarms[0].highHigh", "wrong type: expected a number");
    assertProblem(failure("security:\n", "security: on\n"), "security", "wrong type");
  }

  @Test
  void synchronisedInternalTagsAreAcceptedButNeverASystemTag() throws Exception {
    ProjectConfig synced = ProjectLoader.load(ProjectFiles.write(dir,
        ProjectFiles.VALID.replace("    synchronise: false\n", "    synchronise: true\n")));
    assertTrue(synced.internalTags().get(0).synchronise());
    ProjectConfig withoutKey = ProjectLoader.load(ProjectFiles.write(dir, ProjectFiles.VALID.replace("    synchronise: false\n", "")));
    assertFalse(withoutKey.internalTags().get(0).synchronise(), "false is the default");
    assertProblem(failure(ProjectFiles.VALID.replace("  - node: Plant.Treatment.Tank1.LevelSetpoint\n    synchronise: false\n",
            "  - node: \"@RM_MASTER\"\n    synchronise: true\n")),
        "internalTags[0].synchronise", "system tags are never synchronised");
  }

  /** The valid project with a {@code sync} section appended. */
  private String withSync(String section) {
    return ProjectFiles.VALID + "sync:\n" + section;
  }

  @Test
  void syncSectionIsReadWithItsDefaults() throws Exception {
    ProjectConfig none = ProjectLoader.load(ProjectFiles.write(dir, ProjectFiles.VALID));
    assertEquals(SyncSettings.DEFAULT, none.sync(), "without a section: all four kinds, whole gap");
    assertTrue(none.sync().synchronises("Recipes"), "every user archive by default");
    ProjectConfig lastDay = ProjectLoader.load(ProjectFiles.write(dir,
        withSync("  window: {lastHours: 24}\n  kinds: [messages]\n")));
    assertEquals(new SyncSettings(EnumSet.of(SyncKind.MESSAGES), 24), lastDay.sync());
    assertEquals(10, lastDay.sync().compareMinutes(), "digests compared every 10 min by default");
    ProjectConfig hourly = ProjectLoader.load(ProjectFiles.write(dir, withSync("  compareMinutes: 60\n")));
    assertEquals(60, hourly.sync().compareMinutes());
    ProjectConfig recipesOnly = ProjectLoader.load(ProjectFiles.write(dir,
        withSync("  kinds: [userArchives, internalTags]\n  userArchives: []\n")));
    assertEquals(EnumSet.of(SyncKind.USER_ARCHIVES, SyncKind.INTERNAL_TAGS), recipesOnly.sync().kinds());
    assertFalse(recipesOnly.sync().synchronises("Recipes"), "an empty list selects no user archive");
    ProjectConfig recipes = ProjectLoader.load(ProjectFiles.write(dir, withSync("  userArchives: [Recipes]\n")));
    assertTrue(recipes.sync().synchronises("Recipes"));
    ProjectConfig off = ProjectLoader.load(ProjectFiles.write(dir, withSync("  window: all\n  kinds: []\n")));
    assertTrue(off.sync().kinds().isEmpty(), "an empty list switches the resync off");
  }

  @Test
  void badSyncSettingsAreRefusedWithTheirKey() throws Exception {
    assertProblem(failure(withSync("  userArchives: [Recipes, Batches]\n")), "sync.userArchives[1]",
        "unknown user archive 'Batches'");
    assertProblem(failure(withSync("  userArchives: [Recipes, Recipes]\n")), "sync.userArchives[1]", "duplicate");
    assertProblem(failure(withSync("  kinds: [values, alarms]\n")), "sync.kinds[1]", "unknown kind 'alarms'");
    assertProblem(failure(withSync("  kinds: [values, values]\n")), "sync.kinds[1]", "duplicate kind");
    assertProblem(failure(withSync("  window: everything\n")), "sync.window", "not a sync window");
    assertProblem(failure(withSync("  window: {lastHours: 0}\n")), "sync.window.lastHours", "out of range");
    assertProblem(failure(withSync("  window: {lastHours: two}\n")), "sync.window.lastHours", "whole number");
    assertProblem(failure(withSync("  window: {lastDays: 2}\n")), "sync.window.lastDays", "unknown key");
    assertProblem(failure(withSync("  compareMinutes: 0\n")), "sync.compareMinutes", "out of range");
    assertProblem(failure(withSync("  compareMinutes: 1441\n")), "sync.compareMinutes", "out of range");
  }

  @Test
  void unknownAutomationStation() throws IOException {
    assertProblem(failure("    as: AS2\n    address: ns=2;s=Distribution.Pressure", "    as: AS9\n    address: ns=2;s=Distribution.Pressure"),
        "tags[3].as", "unknown automation station 'AS9' (known: AS1, AS2)");
  }

  @Test
  void duplicates() throws IOException {
    assertProblem(failure("  - node: Plant.Treatment.BatchId\n", "  - node: Plant.Treatment.Tank1.Level\n"),
        "tags[1].node", "duplicate node 'Plant.Treatment.Tank1.Level' (also tags[0])");
    assertProblem(failure("  - name: AS2\n", "  - name: AS1\n"), "automationStations[1].name", "duplicate automation station 'AS1'");
    assertProblem(failure("      - {name: TargetLevel, type: Double}\n", "      - {name: Product, type: Double}\n"),
        "userArchives[0].fields[1].name", "duplicate field 'Product'");
    assertProblem(failure("  - node: Plant.Treatment.Tank1.LevelSetpoint\n", "  - node: Plant.Treatment.BatchId\n"),
        "internalTags[0].node", "is also an AS tag");
    ConfigException e = failure("name: Small\n", "name: Small\nname: Other\n");
    assertTrue(e.getMessage().contains("duplicate key 'name'"), e.getMessage());
  }

  @Test
  void badEndpointPort() throws IOException {
    assertProblem(failure("opc.tcp://127.0.0.1:4851", "opc.tcp://127.0.0.1:70000"), "automationStations[1].endpointUrl", "bad port");
    assertProblem(failure("opc.tcp://127.0.0.1:4851", "opc.tcp://127.0.0.1"), "automationStations[1].endpointUrl", "bad port");
    assertProblem(failure("opc.tcp://127.0.0.1:4851", "http://127.0.0.1:4851"), "automationStations[1].endpointUrl", "is not an opc.tcp://host:port URL");
  }

  @Test
  void badValues() throws IOException {
    assertProblem(failure("address: ns=2;s=Treatment.BatchId", "address: Treatment.BatchId"), "tags[1].address", "bad NodeId 'Treatment.BatchId'");
    assertProblem(failure("    low: 15\n", "    low: 90\n"), "alarms[0].high", "high 85.0 must be above low 90.0");
    assertProblem(failure("    severity: 700", "    severity: 1001"), "alarms[0].severity", "out of range 1..1000");
    assertProblem(failure("    source: Plant.Treatment.Tank1.Level", "    source: Plant.Storage.Tank3.Level"), "alarms[0].source", "neither in tags nor in internalTags");
    assertProblem(failure("type: Double}", "type: Float}"), "userArchives[0].fields[1].type", "unknown type 'Float' (known: String, Double, Int32, Boolean)");
    assertProblem(failure("  flushIntervalMs: 100", "  flushIntervalMs: 0"), "archive.flushIntervalMs", "out of range 1..60000");
    assertProblem(failure("namespaceUri: urn:twinua:demo-plant", "namespaceUri: demo plant"), "namespaceUri", "is not a URI");
  }

  /** Issue 12 item 5: the request limits and the select-clause cap are checked where they are written. */
  @Test
  void requestLimitsOutOfRange() throws Exception {
    assertProblem(failure("name: Small\n", "name: Small\nrequests:\n  maxMessageSizeBytes: 65536\n"),
        "requests.maxMessageSizeBytes", "out of range 524288..67108864");
    assertProblem(failure("name: Small\n", "name: Small\nrequests:\n  maxNodesPerRead: 0\n"),
        "requests.maxNodesPerRead", "out of range 1..100000");
    assertProblem(failure("name: Small\n", "name: Small\nhistory:\n  maxSelectClauses: 2000\n"),
        "history.maxSelectClauses", "out of range 1..1000");
    ProjectConfig defaults = ProjectLoader.load(ProjectFiles.write(dir, ProjectFiles.VALID));
    assertEquals(RequestSettings.DEFAULT, defaults.requests(), "the defaults nodeset/README.md documents");
    assertEquals(64, defaults.history().maxSelectClauses());
  }

  @Test
  void missingFiles() throws IOException {
    assertProblem(failure("nodeSet: plant.xml", "nodeSet: planet.xml"), "nodeSet", "file not found: " + dir.toAbsolutePath().resolve("planet.xml"));
    assertProblem(failure("users: users.yaml", "users: ../users.yaml"), "users", "file not found");
    Path absent = dir.resolve("absent.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> ProjectLoader.load(absent));
    assertEquals(absent + ": file not found", e.getMessage());
  }

  @Test
  void notYamlOrEmpty() throws IOException {
    ConfigException e = failure("name: Small\nnamespaceUri: \"unterminated\nnodeSet: x\n");
    assertTrue(e.getMessage().startsWith(dir.resolve("project.yaml") + ": "), e.getMessage());
    assertTrue(e.problem().contains("not valid YAML") && e.problem().contains("(line"), e.getMessage());
    ConfigException empty = failure("# nothing here\n");
    assertEquals(dir.resolve("project.yaml") + ": file is empty", empty.getMessage());
    Files.writeString(dir.resolve("project.yaml"), "- a\n- b\n");
    ConfigException list = assertThrows(ConfigException.class, () -> ProjectLoader.load(dir.resolve("project.yaml")));
    assertTrue(list.problem().contains("wrong type: expected a mapping"), list.getMessage());
  }
}
