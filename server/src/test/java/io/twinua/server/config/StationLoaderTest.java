package io.twinua.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.nodeset.DemoPlant;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Station files: paths relative to the file, defaults, and errors naming file and key. */
class StationLoaderTest {

  @TempDir Path dir;

  private String valid() {
    return """
        name: STATION-A
        project: %s
        dataDir: data
        bindAddress: 127.0.0.1
        hostname: 127.0.0.1
        port: 4840
        """.formatted(DemoPlant.PROJECT.toAbsolutePath().normalize());
  }

  private Path write(String content) throws Exception {
    Path stations = dir.resolve("stations/station-a");
    Files.createDirectories(stations);
    Path file = stations.resolve("station.yaml");
    Files.writeString(file, content);
    return file;
  }

  private ConfigException failure(String from, String to) throws Exception {
    assertTrue(valid().contains(from), "test setup: '" + from + "' not in the valid station file");
    Path file = write(valid().replace(from, to));
    return assertThrows(ConfigException.class, () -> StationLoader.load(file));
  }

  private static void assertProblem(ConfigException e, String keyPath, String problem) {
    assertEquals(keyPath, e.keyPath(), e.getMessage());
    assertTrue(e.getMessage().contains("station.yaml: " + keyPath + ": "), e.getMessage());
    assertTrue(e.problem().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
  }

  @Test
  void loadsWithRelativePathsAndDefaultApplicationUri() throws Exception {
    Path projectDir = dir.resolve("nodeset/demo-plant");
    Path project = ProjectFiles.write(projectDir, ProjectFiles.VALID);
    Path file = write(valid().replace("project: " + DemoPlant.PROJECT.toAbsolutePath().normalize(), "project: ../../nodeset/demo-plant/project.yaml"));

    StationConfig station = StationLoader.load(file);
    assertEquals("STATION-A", station.name());
    assertEquals(project.toAbsolutePath().normalize(), station.projectFile());
    assertEquals(file.toAbsolutePath().getParent().resolve("data"), station.dataDir());
    assertEquals("127.0.0.1", station.bindAddress());
    assertEquals("127.0.0.1", station.hostname());
    assertEquals(4840, station.port());
    assertEquals("urn:twinua:station:STATION-A", station.applicationUri());
    assertEquals(file.toAbsolutePath().normalize(), station.sourceFile());
  }

  @Test
  void explicitApplicationUri() throws Exception {
    StationConfig station = StationLoader.load(write(valid() + "applicationUri: urn:example:scada:a\n"));
    assertEquals("urn:example:scada:a", station.applicationUri());
  }

  @Test
  void badPorts() throws Exception {
    assertProblem(failure("port: 4840", "port: 0"), "port", "bad port 0 (1..65535)");
    assertProblem(failure("port: 4840", "port: 70000"), "port", "bad port 70000");
    assertProblem(failure("port: 4840", "port: '4840'"), "port", "wrong type: expected a whole number");
    assertProblem(failure("port: 4840\n", ""), "port", "missing key");
  }

  @Test
  void unknownSectionsAreErrors() throws Exception {
    assertProblem(failure("port: 4840\n", "port: 4840\nredundancy:\n  partner: B\n"), "redundancy", "unknown key 'redundancy'");
  }

  @Test
  void badValues() throws Exception {
    assertProblem(failure("name: STATION-A", "name: STATION A"), "name", "bad name 'STATION A'");
    assertProblem(failure("hostname: 127.0.0.1", "hostname: opc.tcp://127.0.0.1:4840"), "hostname", "bad host");
    assertProblem(failure("dataDir: data", "dataDir: ''"), "dataDir", "must not be empty");
    assertProblem(failure("project: ", "project: missing/"), "project", "file not found");
  }
}
