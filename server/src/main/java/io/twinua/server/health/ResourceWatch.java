package io.twinua.server.health;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-diagnosis of the station's resources (behaviour doc §6), once a second:
 * <ul>
 *   <li>free space on the data volume below {@code diskWarningMb}: the archiving is impaired (the
 *       health check reports it, ServiceLevel degraded) and clears by itself once space is freed;</li>
 *   <li>below {@code diskCriticalMb}: value archiving stops cleanly ({@code stopArchiving}) before
 *       SQLite meets a full disk, and the data volume counts as a dead part: Fault until restart.
 *       The archive also stops by itself when a write finds the volume full; either way the
 *       monitored condition is {@code writingStopped};</li>
 *   <li>heap in use after garbage collection above {@code memoryWarningPercent} and system load per
 *       core above {@code loadWarningPercent}: merely reported ({@code warn}, once per episode,
 *       logged when it clears). Neither is a fault of this station's data: a restart or a switch
 *       would not make the partner's machine less loaded, so roles and ServiceLevel stay.</li>
 * </ul>
 */
public final class ResourceWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceWatch.class);
  private static final long MB = 1024L * 1024L;
  /** An episode ends once the value is this share below its level, so a value at the level does not flap. */
  private static final double CLEAR_BELOW = 0.9;

  /** A volume the station writes to, named by a directory on it, and its free bytes. */
  record Volume(String path, LongSupplier freeBytes) {}

  /** The volume with the least free space in one reading. */
  private record Reading(Volume volume, long free) {}

  /** What the station gives the watch: the archive's side and where warnings go. */
  public record Hooks(
      Consumer<String> stopArchiving, Supplier<Optional<String>> writingStopped, BiConsumer<String, String> warn) {}

  private final SelfDiagnosisSettings settings;
  private final List<Volume> volumes;
  private final Supplier<OptionalDouble> heapPercent;
  private final Supplier<OptionalDouble> loadPercent;
  private final Hooks hooks;
  private boolean memoryHigh;
  private boolean loadHigh;
  private volatile ScheduledFuture<?> check;

  ResourceWatch(SelfDiagnosisSettings settings, List<Volume> volumes,
      Supplier<OptionalDouble> heapPercent, Supplier<OptionalDouble> loadPercent, Hooks hooks) {
    if (volumes.isEmpty()) {
      throw new IllegalArgumentException("no volume to watch");
    }
    this.settings = settings;
    this.volumes = List.copyOf(volumes);
    this.heapPercent = heapPercent;
    this.loadPercent = loadPercent;
    this.hooks = hooks;
  }

  /**
   * Watches the volumes that hold {@code dirs} (each volume once, named by the first of its
   * directories), this JVM's heap and the machine's load. The levels hold for the fullest volume:
   * an archive directory mounted on a volume of its own fills apart from the data directory's.
   */
  public static ResourceWatch of(SelfDiagnosisSettings settings, List<Path> dirs, Hooks hooks) throws IOException {
    Map<FileStore, Path> stores = new LinkedHashMap<>();
    for (Path dir : dirs) {
      stores.putIfAbsent(Files.getFileStore(dir), dir);
    }
    List<Volume> volumes = stores.entrySet().stream()
        .map(e -> new Volume(e.getValue().toAbsolutePath().toString(), () -> usable(e.getKey())))
        .toList();
    return new ResourceWatch(settings, volumes, ResourceWatch::heapPercentAfterGc, ResourceWatch::loadPercentPerCore,
        hooks);
  }

  private Reading fullest() {
    Reading fullest = null;
    for (Volume v : volumes) {
      long free = v.freeBytes().getAsLong();
      if (fullest == null || free < fullest.free()) {
        fullest = new Reading(v, free);
      }
    }
    return fullest;
  }

  /** Registers the data volume with the health check: impaired when low, dead once writing stopped. */
  public void register(ApplicationHealth health) {
    health.watch("data volume", () -> {
      Reading r = fullest();
      return r.free() < settings.diskWarningBytes() && r.free() >= settings.diskCriticalBytes()
          ? Optional.of(ApplicationHealth.Problem.failure(text(r) + ", below the warning level "
              + settings.diskWarningMb() + " MB: value archiving stops at " + settings.diskCriticalMb() + " MB"))
          : Optional.empty();
    });
    health.monitor("data volume", Duration.ZERO, () -> hooks.writingStopped().get()
        // a volume too full to write blocks the station: 1012351 names it
        .map(why -> ApplicationHealth.Problem.blockage("archive writing stopped: " + why)));
  }

  public void start(ScheduledExecutorService scheduler) {
    check = scheduler.scheduleWithFixedDelay(this::check, 0, 1, TimeUnit.SECONDS);
  }

  void check() {
    try {
      Reading r = fullest();
      if (r.free() < settings.diskCriticalBytes() && hooks.writingStopped().get().isEmpty()) {
        hooks.stopArchiving().accept(text(r) + ", below the critical level " + settings.diskCriticalMb() + " MB");
      }
      memoryHigh = episode("memory", memoryHigh, heapPercent.get(), settings.memoryWarningPercent(),
          p -> String.format("heap in use after garbage collection %.0f %% of the maximum, above %d %%",
              p, settings.memoryWarningPercent()));
      loadHigh = episode("system load", loadHigh, loadPercent.get(), settings.loadWarningPercent(),
          p -> String.format("system load %.0f %% per core, above %d %%: the station may answer late",
              p, settings.loadWarningPercent()));
    } catch (RuntimeException e) {
      LOG.warn("self-diagnosis check failed: {}", e.toString()); // the next round tries again
    }
  }

  private boolean episode(String what, boolean high, OptionalDouble value, int level,
      java.util.function.DoubleFunction<String> text) {
    if (value.isEmpty()) {
      return high;
    }
    double v = value.getAsDouble();
    if (!high && v > level) {
      hooks.warn().accept(what, text.apply(v));
      return true;
    }
    if (high && v < level * CLEAR_BELOW) {
      LOG.info("self-diagnosis: {} back to normal ({} %)", what, Math.round(v));
      return false;
    }
    return high;
  }

  private static String text(Reading r) {
    return "data volume " + r.volume().path() + " has " + r.free() / MB + " MB free";
  }

  private static long usable(FileStore store) {
    try {
      return store.getUsableSpace();
    } catch (IOException e) {
      throw new IllegalStateException("free space unknown: " + e.getMessage(), e);
    }
  }

  /** The fullest heap pool right after its last collection (G1 old gen in practice); empty before any. */
  static OptionalDouble heapPercentAfterGc() {
    double worst = -1;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (after != null && after.getMax() > 0 && after.getUsed() > 0) {
        worst = Math.max(worst, 100.0 * after.getUsed() / after.getMax());
      }
    }
    return worst < 0 ? OptionalDouble.empty() : OptionalDouble.of(worst);
  }

  static OptionalDouble loadPercentPerCore() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? OptionalDouble.empty()
        : OptionalDouble.of(100.0 * load / Runtime.getRuntime().availableProcessors());
  }

  @Override
  public void close() {
    if (check != null) {
      check.cancel(false);
    }
  }
}
