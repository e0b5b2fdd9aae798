package io.twinua.tools.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.config.RedundancyConfig;
import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import io.twinua.tools.testing.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's station files, written by StationFileWriter, are what the station loader accepts. */
class DemoSetupTest {

  @TempDir Path dir;

  @Test
  void demoStationFilesLoadAsAPairWithBothStatusLinks() throws Exception {
    DemoSetup setup = DemoSetup.prepare(TestProject.DEMO_PROJECT, dir, true);
    assertEquals(2, setup.stationFiles().size());
    StationConfig a = StationLoader.load(setup.stationFiles().get(0));
    StationConfig b = StationLoader.load(setup.stationFiles().get(1));
    assertEquals("STATION-A", a.name());
    assertEquals(4841, b.port());
    RedundancyConfig ra = a.redundancy().orElseThrow();
    RedundancyConfig rb = b.redundancy().orElseThrow();
    assertTrue(ra.defaultMaster());
    assertFalse(rb.defaultMaster());
    assertEquals("opc.tcp://127.0.0.1:4841", ra.partner().endpointUrl());
    assertEquals(StationFileWriter.applicationUri("STATION-B"), ra.partner().applicationUri());
    assertEquals(1, ra.udpLinks().size());
    assertEquals(dir.resolve("serial-a").toString(), ra.serialLinks().get(0).port());
  }
}
