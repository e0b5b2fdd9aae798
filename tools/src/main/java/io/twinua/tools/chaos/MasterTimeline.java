package io.twinua.tools.chaos;

import io.twinua.tools.bench.StationLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a station was Master, from its log's role lines ({@code Redundancy role X -> Y}, time
 * stamped) and the times the harness killed it (a killed station writes no last line). Two
 * stations' timelines overlapping is two Masters.
 */
final class MasterTimeline {

  private static final Pattern ROLE = Pattern.compile("Redundancy role (\\w+) -> (\\w+) \\(station [^,]+, epoch (\\d+)");

  /** One stretch as Master, {@code [from, to)} epoch millis; {@code to} is Long.MAX_VALUE while it lasts. */
  record Stretch(long from, long to, long epoch) {}

  private MasterTimeline() {}

  /**
   * A clock step of a station: its log lines {@code [fromLine, toLine)} (0-based) were written
   * from just before the step ({@code stepping}) until its clock was seen back ({@code back}). Within
   * them, the leading lines stamped inside {@code stepping} were written before the station's clock
   * took the step, the trailing ones stamped inside {@code back} after it came back; the lines
   * between carry the stepped time, which the timeline takes back. Lines, not times alone, mark the
   * stretch: a step back makes the same logged time occur twice.
   */
  record ClockShift(int fromLine, int toLine, long offsetMs, Window stepping, Window back) {}

  /** Real time {@code [from, to]}, epoch millis. */
  record Window(long from, long to) {
    boolean holds(long t) {
      return t >= from && t <= to;
    }
  }

  static List<Stretch> of(Path stationLog, List<Long> killedAt) throws IOException {
    return of(stationLog, killedAt, List.of());
  }

  static List<Stretch> of(Path stationLog, List<Long> killedAt, List<ClockShift> shifts) throws IOException {
    List<String> lines = Files.exists(stationLog) ? Files.readAllLines(stationLog) : List.of();
    List<long[]> events = new ArrayList<>(); // {time, 1 master / 0 not, epoch}
    long[] times = lines.stream().mapToLong(StationLogs::millis).toArray();
    for (ClockShift shift : shifts) {
      int from = Math.min(shift.fromLine(), times.length);
      int to = Math.min(shift.toLine(), times.length);
      while (from < to && (times[from] < 0 || shift.stepping().holds(times[from]))) {
        from++;
      }
      while (to > from && (times[to - 1] < 0 || shift.back().holds(times[to - 1]))) {
        to--;
      }
      for (int i = from; i < to; i++) {
        times[i] = times[i] < 0 ? times[i] : times[i] - shift.offsetMs();
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = ROLE.matcher(lines.get(i));
      long t = times[i];
      if (m.find() && t >= 0) {
        events.add(new long[] {t, "MASTER".equals(m.group(2)) ? 1 : 0, Long.parseLong(m.group(3))});
      }
    }
    killedAt.forEach(t -> events.add(new long[] {t, 0, -1}));
    events.sort((x, y) -> Long.compare(x[0], y[0]));
    List<Stretch> stretches = new ArrayList<>();
    long since = -1;
    long epoch = -1;
    for (long[] e : events) {
      if (e[1] == 1 && since < 0) {
        since = e[0];
        epoch = e[2];
      } else if (e[1] == 0 && since >= 0) {
        stretches.add(new Stretch(since, e[0], epoch));
        since = -1;
      }
    }
    if (since >= 0) {
      stretches.add(new Stretch(since, Long.MAX_VALUE, epoch));
    }
    return stretches;
  }

  /** Every overlap of a stretch of {@code a} with one of {@code b} longer than {@code toleranceMs}. */
  static List<Stretch> overlaps(List<Stretch> a, List<Stretch> b, long toleranceMs) {
    List<Stretch> both = new ArrayList<>();
    for (Stretch x : a) {
      for (Stretch y : b) {
        long from = Math.max(x.from(), y.from());
        long to = Math.min(x.to(), y.to());
        if (to - from > toleranceMs) {
          both.add(new Stretch(from, to, Math.max(x.epoch(), y.epoch())));
        }
      }
    }
    return both;
  }
}
