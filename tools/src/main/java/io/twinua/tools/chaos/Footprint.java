package io.twinua.tools.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a station process holds: threads and resident memory (from {@code /proc/<pid>/status}),
 * OPC UA sessions and subscriptions (from its {@code @Diagnostics/Json}); -1 where unknown.
 */
record Footprint(long pid, int threads, long rssKb, int sessions, int subscriptions) {

  /** Above a baseline by this much after the cycles is a leak (clients reconnect, the partner link comes and goes). */
  static final int THREAD_SLACK = 25;
  static final int SESSION_SLACK = 3;
  static final int SUBSCRIPTION_SLACK = 3;
  /** Memory is a leak only when it doubled: a JVM's heap grows towards -Xmx without leaking. */
  static final double RSS_FACTOR = 2.0;

  static Footprint of(long pid, JsonNode diagnostics) {
    int threads = -1;
    long rss = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.substring(8).trim());
        } else if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux or the process ended: unknown
    }
    JsonNode clients = diagnostics == null ? null : diagnostics.get("clients");
    int sessions = clients == null ? -1 : clients.path("sessions").asInt(-1);
    int subscriptions = clients == null ? -1 : clients.path("subscriptions").asInt(-1);
    return new Footprint(pid, threads, rss, sessions, subscriptions);
  }

  /** What grew beyond its slack since {@code base} (same station), each as "STATION threads 60 -> 95". */
  List<String> growthSince(Footprint base, String station) {
    List<String> grown = new ArrayList<>();
    grew(grown, station, "threads", base.threads, threads, base.threads + THREAD_SLACK);
    grew(grown, station, "sessions", base.sessions, sessions, base.sessions + SESSION_SLACK);
    grew(grown, station, "subscriptions", base.subscriptions, subscriptions, base.subscriptions + SUBSCRIPTION_SLACK);
    grew(grown, station, "RSS kB", base.rssKb, rssKb, (long) (base.rssKb * RSS_FACTOR));
    return grown;
  }

  private static void grew(List<String> grown, String station, String what, long before, long now, long limit) {
    if (before >= 0 && now >= 0 && now > limit) {
      grown.add(station + " " + what + " " + before + " -> " + now);
    }
  }

  String text() {
    return "pid " + pid + ", " + threads + " threads, " + rssKb / 1024 + " MB RSS, " + sessions + " sessions, "
        + subscriptions + " subscriptions";
  }
}
