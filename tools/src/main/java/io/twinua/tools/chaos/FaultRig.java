package io.twinua.tools.chaos;

import io.twinua.server.health.SelfDiagnosisSettings;
import io.twinua.tools.pairlab.ArchiveVolume;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.PairLayout.Side;
import io.twinua.tools.pairlab.StationClock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a plan's faults need beyond the pair's proxies, made only for the kinds the plan holds:
 * each station's archive on a small volume of its own ({@link FaultKind#DISK_FULL}), each station
 * process on a clock of its own ({@link FaultKind#CLOCK_STEP}), a serial status link
 * ({@link FaultKind#SERIAL_CUT}). Made before the pair (volumes are mounted before the stations
 * first start); closed after it, which unmounts the volumes.
 */
final class FaultRig implements AutoCloseable {

  /**
   * Room for a long run's archive (about 1 MB a minute here) above the station's default disk
   * warning level (500 MB free), which the station applies to its archive's own volume too: a
   * smaller volume would count as low on space from the start. A tmpfs takes memory only as it is
   * filled, so each full-volume fault borrows about this much memory for its seconds.
   */
  static final int ARCHIVE_VOLUME_MB = 2 * SelfDiagnosisSettings.DEFAULT_DISK_WARNING_MB;

  private final Map<Side, ArchiveVolume> volumes = new EnumMap<>(Side.class);
  private final Map<Side, StationClock> clocks = new EnumMap<>(Side.class);
  private final boolean serial;

  private FaultRig(boolean serial) {
    this.serial = serial;
  }

  /** The rig for {@code plan} in the pair's directory {@code dir}. */
  static FaultRig forPlan(List<Fault> plan, Path dir) throws IOException, InterruptedException {
    FaultRig rig = new FaultRig(plan.stream().anyMatch(f -> f.kind() == FaultKind.SERIAL_CUT));
    try {
      for (Side side : Side.values()) {
        if (plan.stream().anyMatch(f -> f.kind() == FaultKind.DISK_FULL)) {
          rig.volumes.put(side, ArchiveVolume.mount(dir.resolve(side.dataDir()), ARCHIVE_VOLUME_MB));
        }
        if (plan.stream().anyMatch(f -> f.kind() == FaultKind.CLOCK_STEP)) {
          rig.clocks.put(side, StationClock.create(dir.resolve(side.dataDir() + ".clock")));
        }
      }
      return rig;
    } catch (IOException | InterruptedException | RuntimeException e) {
      rig.close();
      throw e;
    }
  }

  /** The pair's options this rig needs. */
  Consumer<LoopbackPair.Options> pairOptions() {
    return o -> {
      clocks.forEach((side, clock) -> o.launcher(side, clock.launcher()));
      if (serial) {
        o.serialCable();
      }
    };
  }

  ArchiveVolume volume(String station) {
    return volumes.get(Side.valueOf(station));
  }

  StationClock clock(String station) {
    return clocks.get(Side.valueOf(station));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    IOException first = null;
    for (ArchiveVolume v : volumes.values()) {
      try {
        v.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
