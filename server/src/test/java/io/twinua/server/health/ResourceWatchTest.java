package io.twinua.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.SmallVolume;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resource levels of the station file and what each leads to; the resources are fakes. */
class ResourceWatchTest {

  private static final long MB = 1024L * 1024L;

  private final SelfDiagnosisSettings settings = SelfDiagnosisSettings.create(b -> b
      .diskWarningMb(50).diskCriticalMb(10).memoryWarningPercent(80).loadWarningPercent(300));
  private final AtomicLong free = new AtomicLong(500 * MB);
  /** The archive directory on a volume of its own. */
  private final AtomicLong archiveFree = new AtomicLong(800 * MB);
  private final AtomicReference<OptionalDouble> heap = new AtomicReference<>(OptionalDouble.of(40));
  private final AtomicReference<OptionalDouble> load = new AtomicReference<>(OptionalDouble.empty());
  private final AtomicReference<String> stopped = new AtomicReference<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> dead = new ArrayList<>();
  private final List<String> impaired = new ArrayList<>();
  private final ResourceWatch watch = new ResourceWatch(settings,
      List.of(new ResourceWatch.Volume("/data", free::get), new ResourceWatch.Volume("/data/archive", archiveFree::get)),
      heap::get, load::get,
      new ResourceWatch.Hooks(stopped::set, () -> Optional.ofNullable(stopped.get()), (what, p) -> warnings.add(what + ": " + p)));
  private final ApplicationHealth health = new ApplicationHealth((a, p) -> dead.add(a + ": " + p),
      (a, p) -> impaired.add(a + ": " + p), Clock.systemUTC());

  @Test
  void lowSpaceImpairsCriticalSpaceStopsValueArchivingAndKills() {
    watch.register(health);
    round();
    assertEquals(ApplicationHealth.State.HEALTHY, health.verdict().state());

    free.set(30 * MB);
    round();
    assertEquals(ApplicationHealth.State.IMPAIRED, health.verdict().state());
    assertEquals(List.of("data volume: data volume /data has 30 MB free, below the warning level 50 MB:"
        + " value archiving stops at 10 MB"), impaired);
    assertEquals(null, stopped.get());

    free.set(40 * MB); // still low: reported once per episode
    round();
    assertEquals(1, impaired.size());

    free.set(9 * MB);
    round();
    assertEquals("data volume /data has 9 MB free, below the critical level 10 MB", stopped.get());
    assertEquals(ApplicationHealth.State.DEAD, health.verdict().state());
    assertEquals(List.of("data volume: archive writing stopped: data volume /data has 9 MB free, below the critical level 10 MB"), dead);

    free.set(500 * MB); // a freed volume does not restart archiving: only a restart does
    round();
    assertEquals(ApplicationHealth.State.DEAD, health.verdict().state());
  }

  @Test
  void anArchiveVolumeOfItsOwnFillsApartAndCounts() {
    watch.register(health);
    archiveFree.set(30 * MB);
    round();
    assertEquals(ApplicationHealth.State.IMPAIRED, health.verdict().state());
    assertEquals(List.of("data volume: data volume /data/archive has 30 MB free, below the warning level 50 MB:"
        + " value archiving stops at 10 MB"), impaired);

    archiveFree.set(0);
    round();
    assertEquals("data volume /data/archive has 0 MB free, below the critical level 10 MB", stopped.get());
    assertEquals(ApplicationHealth.State.DEAD, health.verdict().state());
  }

  @Test
  void watchesTheArchiveDirectorysOwnVolumeBesideTheDataDirectorys(@TempDir Path dir) throws Exception {
    try (SmallVolume archiveVolume = SmallVolume.mount(dir.resolve("archive"), 8)) {
      AtomicReference<String> stop = new AtomicReference<>();
      ResourceWatch real = ResourceWatch.of(settings, List.of(dir, archiveVolume.dir()),
          new ResourceWatch.Hooks(stop::set, () -> Optional.ofNullable(stop.get()), (what, p) -> warnings.add(what)));
      real.check();
      // the 8 MB volume is below the critical 10 MB; the data directory's volume has plenty
      assertTrue(String.valueOf(stop.get()).startsWith("data volume " + archiveVolume.dir().toAbsolutePath() + " has "),
          String.valueOf(stop.get()));
    }
  }

  @Test
  void memoryAndLoadAreReportedOncePerEpisodeOnly() {
    watch.register(health);
    heap.set(OptionalDouble.of(85));
    load.set(OptionalDouble.of(350));
    round();
    round();
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("memory: heap in use after garbage collection 85 % of the maximum, above 80 %"));
    assertTrue(warnings.get(1).startsWith("system load: system load 350 % per core, above 300 %"));
    assertEquals(ApplicationHealth.State.HEALTHY, health.verdict().state(), "merely reported");

    heap.set(OptionalDouble.of(70)); // below 90 % of the level: the episode ends
    round();
    heap.set(OptionalDouble.of(90));
    round();
    assertEquals(3, warnings.size(), warnings.toString());
    assertEquals(null, stopped.get());
  }

  private void round() {
    watch.check();
    health.check();
  }
}
