package io.twinua.tools.launch;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.twinua.server.config.ConfigException;
import io.twinua.server.config.MemorySettings;
import io.twinua.server.config.ProjectConfig;
import io.twinua.server.config.ProjectLoader;
import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The memory options of a station JVM, from its station file's {@code memory:} section and the
 * size of its project ({@link MemorySettings#limits(int)}): the one place that turns limits into
 * JVM options. Read again before each start of the station JVM, so a project with more tags gets
 * more heap after its restart.
 */
public final class StationJvmOptions {

  /**
   * Options a station JVM never inherits from the JVM that starts it: they size that JVM (a
   * supervisor, a test runner), not the station. {@code -XX:+Use*GC} would clash with ours.
   */
  private static final List<String> MEMORY_PREFIXES = List.of(
      "-Xmx", "-Xms", "-Xss", "-Xmn", "-XX:MaxHeapSize=", "-XX:InitialHeapSize=", "-XX:MaxMetaspaceSize=",
      "-XX:MaxDirectMemorySize=", "-XX:ThreadStackSize=", "-XX:MaxRAM", "-XX:InitialRAMPercentage=",
      "-XX:MinRAMPercentage=", "-Dio.netty.allocator.num");
  private static final Pattern COLLECTOR = Pattern.compile("-XX:\\+Use\\w*GC");

  /** Heap the station JVM starts with; the serial collector grows it as needed up to -Xmx. */
  private static final int INITIAL_HEAP_MB = 32;
  /**
   * Netty sizes its buffer pools by the core count (two arenas per core, each with 4 MB chunks): a
   * fixed pair keeps a 32-core server at the size of a 2-core one.
   */
  private static final int NETTY_ARENAS = 2;

  /** How often freed native memory goes back to the OS (malloc_trim; JDK 17.0.9 and later). */
  private static final int TRIM_INTERVAL_MS = 5000;
  private static final boolean TRIM_KNOWN = trimKnown();

  private StationJvmOptions() {}

  /**
   * The options for the station of {@code stationFile}. A file that cannot be read gets the limits
   * of a project without tags: the station reports the bad file itself and ends.
   */
  public static List<String> forStation(Path stationFile) {
    MemorySettings.Limits limits;
    try {
      StationConfig station = StationLoader.load(stationFile);
      limits = station.memory().limits(tags(ProjectLoader.load(station.projectFile())));
    } catch (ConfigException e) {
      limits = MemorySettings.FOLLOW_PROJECT.limits(0);
    }
    return of(limits);
  }

  /** Mapped and internal tags: each has a node, values and an archive queue in the station. */
  static int tags(ProjectConfig project) {
    return project.tags().size() + project.internalTags().size();
  }

  /**
   * -XX:+UseSerialGC: one collector thread and the least overhead per heap. C1 only
   * (-XX:TieredStopAtLevel=1) and native heap trimming: with both, the demo station's RSS went from
   * 237 to 203 MB after start although its heap grew from 65 to 97 MB (C2's compiler arenas and
   * code cache), and the 10,000-tag bench still archived every value; the station's work is I/O,
   * not hot loops. A station out of heap ends (-XX:+ExitOnOutOfMemoryError, exit 3) instead of
   * running on with dead threads: its supervisor treats that as a crash and its partner carries the
   * clients.
   */
  public static List<String> of(MemorySettings.Limits limits) {
    List<String> options = new ArrayList<>(List.of(
        "-Xms" + Math.min(INITIAL_HEAP_MB, limits.heapMb()) + "m",
        "-Xmx" + limits.heapMb() + "m",
        "-XX:MaxMetaspaceSize=" + limits.metaspaceMb() + "m",
        "-XX:MaxDirectMemorySize=" + limits.directMemoryMb() + "m",
        "-Xss" + limits.threadStackKb() + "k",
        "-XX:+UseSerialGC",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:TieredStopAtLevel=1",
        "-Dio.netty.allocator.numDirectArenas=" + NETTY_ARENAS,
        "-Dio.netty.allocator.numHeapArenas=" + NETTY_ARENAS));
    if (TRIM_KNOWN) {
      options.add("-XX:TrimNativeHeapInterval=" + TRIM_INTERVAL_MS);
    }
    return List.copyOf(options);
  }

  /**
   * Whether this JVM knows -XX:TrimNativeHeapInterval (17.0.9 and later, not 18 to 20); the station
   * JVM is the same java, and an unknown -XX option would stop it from starting.
   */
  private static boolean trimKnown() {
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("TrimNativeHeapInterval");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code inherited} without its memory options, then {@code own}: the station's limits win. */
  public static List<String> replacingMemory(List<String> inherited, List<String> own) {
    List<String> options = new ArrayList<>();
    for (String o : inherited) {
      if (MEMORY_PREFIXES.stream().noneMatch(o::startsWith) && !COLLECTOR.matcher(o).matches()) {
        options.add(o);
      }
    }
    options.addAll(own);
    return options;
  }

  /**
   * glibc keeps up to 8 malloc arenas per core, each growing on its own: two are enough for the
   * station's native memory (SQLite, Netty, the JIT) and keep it from following the core count.
   */
  public static void limitNativeArenas(Map<String, String> environment) {
    environment.putIfAbsent("MALLOC_ARENA_MAX", "2");
  }
}
