package io.twinua.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine's 1-minute load average, sampled during a benchmark run: latency figures from a
 * machine busy with other work are not comparable with a quiet run, so the report says which it was.
 */
public final class MachineLoad {

  private static final Path LOADAVG = Path.of("/proc/loadavg");
  private final List<Double> samples = new ArrayList<>();

  /** Takes one sample; silently none where the OS has no /proc/loadavg. */
  public void sample() {
    try {
      samples.add(Double.parseDouble(Files.readString(LOADAVG).trim().split("\\s+")[0]));
    } catch (IOException | RuntimeException e) {
      // not Linux: the report says the load is unknown
    }
  }

  /** The 1-, 5- and 15-minute load averages now, as /proc/loadavg gives them; "unknown" without it. */
  public static String averages() {
    try {
      String[] parts = Files.readString(LOADAVG).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** One line for the report: cores and the min / median / max of the samples. */
  public String summary() {
    int cores = Runtime.getRuntime().availableProcessors();
    if (samples.isEmpty()) {
      return String.format(Locale.ROOT, "machine: %d cores, load average unknown", cores);
    }
    List<Double> sorted = samples.stream().sorted().toList();
    return String.format(Locale.ROOT, "machine: %d cores, 1-min load average at trial starts: min %.1f, median %.1f,"
        + " max %.1f (%d samples)", cores, sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
        sorted.size());
  }
}
