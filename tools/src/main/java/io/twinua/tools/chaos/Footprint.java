package io.twinua.tools.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinua.tools.bench.StationFootprint;
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
    StationFootprint f = StationFootprint.of(pid, diagnostics);
    return new Footprint(pid, f.threads(), f.rssKb(), f.sessions(), f.subscriptions());
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
