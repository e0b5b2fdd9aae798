package io.twinua.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.nodeset.DemoPlantFiles;
import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.server.nodeset.DemoPlantFiles;
import java.nio.file.Files;
import io.twinua.server.health.SelfDiagnosisSettings;
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
        """.formatted(DemoPlantFiles.PROJECT.toAbsolutePath().normalize());
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
    Path file = write(valid().replace("project: " + DemoPlantFiles.PROJECT.toAbsolutePath().normalize(), "project: ../../nodeset/demo-plant/project.yaml"));

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
  void statusPageIsOptionalAndItsPortChecked() throws Exception {
    assertTrue(StationLoader.load(write(valid())).statusPage().isEmpty());
    assertEquals(8840, StationLoader.load(write(valid() + "statusPage: {port: 8840}\n")).statusPage().orElseThrow().port());
    // 0: the OS chooses (tests); the station logs the port it got
    assertEquals(0, StationLoader.load(write(valid() + "statusPage: {port: 0}\n")).statusPage().orElseThrow().port());
    assertProblem(failure("port: 4840\n", "port: 4840\nstatusPage: {port: 70000}\n"), "statusPage.port", "70000 is out of range 0..65535");
    assertProblem(failure("port: 4840\n", "port: 4840\nstatusPage: {port: -1}\n"), "statusPage.port", "out of range");
    assertProblem(failure("port: 4840\n", "port: 4840\nstatusPage: {}\n"), "statusPage.port", "missing key");
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
    assertProblem(failure("port: 4840\n", "port: 4840\nhealth:\n  cpu: 90\n"), "health", "unknown key 'health'");
  }

  private static final String PAIR = """
      redundancy:
        defaultMaster: true
        partner:
          name: STATION-B
          endpointUrl: opc.tcp://10.0.0.2:4840
          applicationUri: urn:twinua:station:STATION-B
          certificate: partner.pem
        statusLinks:
          - udp: {local: 10.0.1.1:4870, partner: 10.0.1.2:4870}
          - serial: {port: /dev/ttyS1}
      asEndpoints:
        AS1: opc.tcp://10.0.2.1:4850
      """;

  @Test
  void faultInjectionIsOffUnlessTheStationFileSwitchesItOn() throws Exception {
    assertEquals(DiagnosticsConfig.OFF, StationLoader.load(write(valid())).diagnostics());
    assertTrue(StationLoader.load(write(valid() + "diagnostics:\n  faultInjection: true\n")).diagnostics().faultInjection());
    assertFalse(StationLoader.load(write(valid() + "diagnostics: {}\n")).diagnostics().faultInjection());
  }

  @Test
  void redundancySectionAndAsEndpointsAreRead() throws Exception {
    StationConfig c = StationLoader.load(write(valid() + PAIR));
    RedundancyConfig r = c.redundancy().orElseThrow();
    assertTrue(r.settings().redundancyEnabled() && r.settings().defaultMaster());
    assertEquals("STATION-B", r.partner().name());
    assertEquals(dir.resolve("stations/station-a/partner.pem").toAbsolutePath().normalize(), r.partner().certificate());
    assertEquals(1, r.udpLinks().size());
    assertEquals(4870, r.udpLinks().get(0).partner().getPort());
    assertEquals(115_200, r.serialLinks().get(0).baud());
    assertEquals(RedundancySettings.create(b -> b.defaultMaster(true)), r.settings());
    assertEquals("opc.tcp://10.0.2.1:4850", c.asEndpoints().get("AS1"));
  }

  @Test
  void badRedundancyValuesNameTheKey() throws Exception {
    ConfigException noPort = assertThrows(ConfigException.class,
        () -> StationLoader.load(write(valid() + PAIR.replace("local: 10.0.1.1:4870", "local: 10.0.1.1"))));
    assertProblem(noPort, "redundancy.statusLinks[0].udp.local", "expected host:port");
    ConfigException both = assertThrows(ConfigException.class,
        () -> StationLoader.load(write(valid() + PAIR.replace("- serial: {port: /dev/ttyS1}",
            "- {serial: {port: /dev/ttyS1}, udp: {local: 1.1.1.1:1, partner: 1.1.1.2:1}}"))));
    assertProblem(both, "redundancy.statusLinks[1]", "exactly one of");
    ConfigException url = assertThrows(ConfigException.class,
        () -> StationLoader.load(write(valid() + PAIR.replace("endpointUrl: opc.tcp://10.0.0.2:4840", "endpointUrl: http://x"))));
    assertProblem(url, "redundancy.partner.endpointUrl", "opc.tcp://");
  }

  @Test
  void redundancyTimingIsReadIntoTheOneSettingsRecord() throws Exception {
    String timing = PAIR.replace("  defaultMaster: true\n",
        "  defaultMaster: true\n  linkTimeoutMs: 800\n  startupWindowMs: 500\n  stabilityDelayMs: 0\n");
    RedundancyConfig r = StationLoader.load(write(valid() + timing)).redundancy().orElseThrow();
    // a start-up window shorter than one link timeout could not hear a running partner: raised
    assertEquals(new RedundancySettings(true, true, 800, 800, 0, 1000), r.settings());

    ConfigException low = assertThrows(ConfigException.class,
        () -> StationLoader.load(write(valid() + timing.replace("linkTimeoutMs: 800", "linkTimeoutMs: 300"))));
    assertProblem(low, "redundancy.linkTimeoutMs", "300 is out of range 400..60000");
    ConfigException slowSerial = assertThrows(ConfigException.class,
        () -> StationLoader.load(write(valid() + PAIR.replace("{port: /dev/ttyS1}", "{port: /dev/ttyS1, baud: 1200}"))));
    assertProblem(slowSerial, "redundancy.statusLinks[1].serial.baud", "1200 is out of range 9600..4000000");
  }

  @Test
  void clockToleranceIsReadAndCheckedWithFileAndKey() throws Exception {
    String tolerant = PAIR.replace("  defaultMaster: true\n", "  defaultMaster: true\n  clockToleranceMs: 250\n");
    assertEquals(250, StationLoader.load(write(valid() + tolerant)).redundancy().orElseThrow().settings()
        .clockToleranceMs());
    ConfigException tooTight = assertThrows(ConfigException.class,
        () -> StationLoader.load(write(valid() + tolerant.replace("clockToleranceMs: 250", "clockToleranceMs: 5"))));
    assertProblem(tooTight, "redundancy.clockToleranceMs", "5 is out of range 10..3600000");
  }

  @Test
  void selfDiagnosisDefaultsAndValuesWithFileAndKey() throws Exception {
    assertEquals(SelfDiagnosisSettings.DEFAULT, StationLoader.load(write(valid())).selfDiagnosis(),
        "no section: the documented defaults");
    assertEquals(false, SelfDiagnosisSettings.DEFAULT.isolateOnFault());
    String section = "selfDiagnosis:\n  diskWarningMb: 50\n  diskCriticalMb: 10\n  isolateOnFault: true\n";
    SelfDiagnosisSettings s = StationLoader.load(write(valid() + section)).selfDiagnosis();
    assertEquals(SelfDiagnosisSettings.create(b -> b.diskWarningMb(50).diskCriticalMb(10).isolateOnFault(true)), s);
    ConfigException inverted = assertThrows(ConfigException.class,
        () -> StationLoader.load(write(valid() + section.replace("diskWarningMb: 50", "diskWarningMb: 5"))));
    assertProblem(inverted, "selfDiagnosis.diskWarningMb", "5 is out of range 10..");
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> StationLoader.load(write(valid() + section + "  diskPanicMb: 1\n")));
    assertTrue(unknown.getMessage().contains("diskPanicMb"), unknown.getMessage());
  }

  @Test
  void badValues() throws Exception {
    assertProblem(failure("name: STATION-A", "name: STATION A"), "name", "bad name 'STATION A'");
    assertProblem(failure("hostname: 127.0.0.1", "hostname: opc.tcp://127.0.0.1:4840"), "hostname", "bad host");
    assertProblem(failure("dataDir: data", "dataDir: ''"), "dataDir", "must not be empty");
    assertProblem(failure("project: ", "project: missing/"), "project", "file not found");
  }

  @Test
  void restartSectionIsReadIntoItsSettingsRecordWithTheDocumentedDefaults() throws Exception {
    assertEquals(io.twinua.server.health.restart.RestartSettings.DEFAULT, StationLoader.load(write(valid())).restart());
    var r = StationLoader.load(write(valid() + "restart:\n  auto: true\n  minIntervalS: 60\n  windowS: 600\n"
        + "  maxRestarts: 2\n  delayS: 1\n")).restart();
    assertEquals(io.twinua.server.health.restart.RestartSettings.create(b -> b.auto(true)
        .minInterval(java.time.Duration.ofSeconds(60)).window(java.time.Duration.ofSeconds(600)).maxRestarts(2)
        .delay(java.time.Duration.ofSeconds(1))), r);
    Path shortWindow = write(valid() + "restart:\n  minIntervalS: 600\n  windowS: 60\n");
    assertProblem(assertThrows(ConfigException.class, () -> StationLoader.load(shortWindow)), "restart.windowS",
        "must not be shorter than minIntervalS");
    Path noDelay = write(valid() + "restart:\n  delayS: 0\n");
    assertProblem(assertThrows(ConfigException.class, () -> StationLoader.load(noDelay)), "restart.delayS", "");
  }

  @Test
  void memorySectionOverridesSingleLimitsAndTheRestFollowsTheProject() throws Exception {
    assertEquals(MemorySettings.FOLLOW_PROJECT, StationLoader.load(write(valid())).memory());
    MemorySettings m = StationLoader.load(write(valid() + "memory:\n  heapMb: 200\n  threadStackKb: 1024\n")).memory();
    assertEquals(new MemorySettings.Limits(200, MemorySettings.DEFAULT_METASPACE_MB,
        MemorySettings.BASE_DIRECT_MEMORY_MB + 40, 1024), m.limits(10_000));
    Path tiny = write(valid() + "memory:\n  heapMb: 8\n");
    assertProblem(assertThrows(ConfigException.class, () -> StationLoader.load(tiny)), "memory.heapMb",
        "out of range 32..65536");
    Path typo = write(valid() + "memory:\n  heap: 200\n");
    assertThrows(ConfigException.class, () -> StationLoader.load(typo));
  }
}
