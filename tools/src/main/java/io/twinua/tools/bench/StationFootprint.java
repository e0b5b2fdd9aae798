package io.twinua.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinua.tools.diag.StationDiagReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a station process holds, as its clients cannot see it: threads and resident memory (from
 * {@code /proc/<pid>/status}) and the OPC UA sessions and subscriptions its {@code @Diagnostics/Json}
 * counts; -1 where unknown.
 */
public record StationFootprint(int threads, long rssKb, int sessions, int subscriptions) {

  static StationFootprint of(long pid, StationDiagReader diagnostics) {
    return of(pid, diagnostics.read());
  }

  /** From the process {@code pid} and its diagnostics JSON (null: sessions and subscriptions unknown). */
  public static StationFootprint of(long pid, JsonNode diagnostics) {
    int threads = -1;
    long rss = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.substring("Threads:".length()).trim());
        } else if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.substring("VmRSS:".length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux or the process ended: unknown
    }
    JsonNode clients = diagnostics == null ? null : diagnostics.get("clients");
    return new StationFootprint(threads, rss, clients == null ? -1 : clients.path("sessions").asInt(-1),
        clients == null ? -1 : clients.path("subscriptions").asInt(-1));
  }

  double rssMb() {
    return rssKb < 0 ? Double.NaN : rssKb / 1024.0;
  }

  String text() {
    return threads + " threads, " + rssKb / 1024 + " MB RSS, " + sessions + " sessions, " + subscriptions
        + " subscriptions";
  }
}
