package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.process.AsConnectionStatus;
import io.twinua.server.station.Station;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The station notices a lost automation station, keeps the others, and reconnects by itself. */
class StationProcessConnectionTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static AsConnectionStatus status(Station station, String as) {
    return station.asConnections().stream().filter(s -> s.as().equals(as)).findFirst().orElseThrow();
  }

  @Test
  void lostAutomationStationIsDefectiveSinceItsLossAndComesBack() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 100, p -> p)) {
      Station station = plant.station();
      Await.until(WAIT, "both AS good", () -> status(station, "AS1").isGood() && status(station, "AS2").isGood());

      Instant cut = Instant.now();
      plant.plc.automationStation("AS1").stop();
      Await.until(WAIT, "AS1 defective", () -> status(station, "AS1").state() == AsConnectionStatus.State.DEFECTIVE);
      AsConnectionStatus lost = status(station, "AS1");
      assertTrue(!lost.since().isBefore(cut), "defective since the cut: " + lost);
      assertTrue(Duration.between(cut, lost.since()).toSeconds() < 10, "noticed within 10 s: " + lost);
      assertTrue(status(station, "AS2").isGood(), "the other AS is unaffected");

      long before = station.archive().values().count("Plant.Intake.Pump1.RunSeconds");
      plant.plc.automationStation("AS1").start();
      Await.until(WAIT, "AS1 good again", () -> status(station, "AS1").isGood());
      Await.until(WAIT, "AS1 values archived again", () -> {
        station.archive().values().flush();
        return station.archive().values().count("Plant.Intake.Pump1.RunSeconds") > before + 5;
      });
      assertEquals(AsConnectionStatus.State.GOOD, status(station, "AS1").state());
    }
  }
}
