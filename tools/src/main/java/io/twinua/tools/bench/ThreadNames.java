package io.twinua.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A process's threads counted by name pattern, read from {@code /proc/<pid>/task/<tid>/comm} (Linux;
 * no jstack, no agent in the station). The kernel keeps the first 15 characters of a Java thread's
 * name; a pool's numbered threads fall into one pattern by their trailing number, so
 * {@code STATION-A-ua-17} counts as {@code STATION-A-ua-*}.
 */
public record ThreadNames(Map<String, Integer> counts) {

  public ThreadNames {
    counts = Map.copyOf(counts);
  }

  /** The threads of {@code pid} by pattern; none where unknown (not Linux or the process ended). */
  public static ThreadNames of(long pid) {
    Map<String, Integer> counts = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          counts.merge(pattern(Files.readString(task.resolve("comm")).strip()), 1, Integer::sum);
        } catch (NoSuchFileException e) {
          // that thread ended while we listed
        }
      }
    } catch (IOException | RuntimeException e) {
      return new ThreadNames(Map.of());
    }
    return new ThreadNames(counts);
  }

  /** A thread name with its trailing number as {@code *}. */
  static String pattern(String name) {
    return name.replaceFirst("\\d+$", "*");
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Patterns with more threads here than in {@code base}, with how many more, most first. */
  public List<Map.Entry<String, Integer>> moreThan(ThreadNames base) {
    List<Map.Entry<String, Integer>> more = new ArrayList<>();
    new TreeMap<>(counts).forEach((name, n) -> {
      int extra = n - base.counts.getOrDefault(name, 0);
      if (extra > 0) {
        more.add(Map.entry(name, extra));
      }
    });
    more.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    return more;
  }

  /** E.g. {@code +28 STATION-A-ua-*, +2 STATION-A-archi}; "none" when nothing grew. */
  public String growthSince(ThreadNames base) {
    List<String> parts = moreThan(base).stream().map(e -> "+" + e.getValue() + " " + e.getKey()).toList();
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }
}
