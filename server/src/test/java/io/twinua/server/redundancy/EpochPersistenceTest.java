package io.twinua.server.redundancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.ManualClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The epoch survives a restart, also a kill -9: a restarted station never uses an epoch again. */
class EpochPersistenceTest {

  @TempDir Path dataDir;

  @Test
  void everyRestartBecomesMasterWithANewEpoch() {
    List<Long> used = new ArrayList<>();
    for (int restart = 0; restart < 3; restart++) {
      ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
      RoleMachine m = alone(EpochFile.inDataDir(dataDir), clock);
      long announced = m.nextHeartbeat(clock.instant()).epoch();
      assertEquals(RedundancyRole.MASTER, m.role());
      assertTrue(used.stream().allMatch(e -> e < announced), "epoch " + announced + " after " + used);
      used.add(announced);
    }
    assertEquals(List.of(1L, 2L, 3L), used);
  }

  @Test
  void anEpochAdoptedFromThePartnerIsNotUsedAgainAfterARestart() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    RoleMachine standby = new RoleMachine("A", "", RedundancySettings.DEFAULT, EnumSet.of(LinkId.TERMINAL_BUS),
        EpochFile.inDataDir(dataDir), clock);
    standby.onHeartbeat(LinkId.TERMINAL_BUS, new Heartbeat("B", RedundancyRole.MASTER, 7, 1, 0, 3, false, true,
        false, Heartbeat.Request.NONE, "", 1, clock.millis()), clock.instant());
    assertEquals(RedundancyRole.STANDBY, standby.role());
    assertEquals(7, standby.epoch());

    RoleMachine restarted = alone(EpochFile.inDataDir(dataDir), clock);
    assertEquals(8, restarted.epoch(), "above the partner's epoch it knew before the restart");
  }

  @Test
  void aFileThatIsNoEpochStopsTheStationInsteadOfGuessing() throws Exception {
    Path file = dataDir.resolve("logs").resolve("redundancy.epoch");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "seven\n");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> EpochFile.inDataDir(dataDir));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  /**
   * A child JVM becomes Master and prints the epoch of the heartbeat it would send; it is killed
   * with SIGKILL right after, and restarted on the same data dir, three times.
   */
  @Test
  void aKilledStationNeverUsesAnEpochAgain() throws Exception {
    List<Long> announced = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), EpochChild.class.getName(), dataDir.toString())
          .redirectErrorStream(true).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line = readAnnounced(out);
        assertNotNull(line, "the child announced no epoch");
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no orderly close
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        announced.add(Long.parseLong(line.substring(EpochChild.ANNOUNCED.length())));
      } finally {
        child.destroyForcibly();
      }
    }
    assertEquals(List.of(1L, 2L, 3L), announced);
  }

  private static String readAnnounced(BufferedReader out) throws Exception {
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(EpochChild.ANNOUNCED)) {
        return line;
      }
    }
    return null;
  }

  /** A station started alone: Master once the start-up window has passed. */
  static RoleMachine alone(EpochStore epochs, ManualClock clock) {
    RoleMachine m = new RoleMachine("A", "", RedundancySettings.DEFAULT, EnumSet.of(LinkId.TERMINAL_BUS), epochs,
        clock);
    clock.advance(Duration.ofMillis(RedundancySettings.DEFAULT.startupWindowMs()));
    m.tick(clock.instant());
    return m;
  }
}
