package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairArchives.SECOND;
import static io.twinua.tools.pair.PairArchives.archivedBefore;
import static io.twinua.tools.pair.PairArchives.now;
import static io.twinua.tools.pair.PairClients.MASTER;
import static io.twinua.tools.pair.PairClients.STANDBY;

import io.twinua.server.archive.Ticks;
import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.LoopbackPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;

/**
 * A started {@link LoopbackPair} with one anonymous HMI client per station, for pair tests that
 * kill and restart stations: the client of a killed station is dropped, a restarted station gets a
 * new one. Also reads the stations' gap resync reports from their redundancy logs.
 */
final class RunningPair implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(60);

  /** A filled window as its 1012209 reports it. */
  record Finished(String id, long fromTicks, long toTicks, long values, long messages) {}

  private static final Pattern FINISHED = Pattern.compile(
      "\\[1012209] Archive synchronisation finished: (\\S+) \\[([^,]+), ([^)]+)\\) [^\\n]*?: (\\d+) values, (\\d+) messages");

  final LoopbackPair pair;
  private final PairHmi hmi;
  private final Map<String, OpcUaClient> clients = new HashMap<>();
  private final long startedNanos = System.nanoTime();

  private RunningPair(LoopbackPair pair, PairHmi hmi) {
    this.pair = pair;
    this.hmi = hmi;
  }

  /**
   * Starts both stations and waits for one Master and one Standby, the terminal bus up both ways and
   * both stations archiving both ASes since {@code lead} ago.
   */
  static RunningPair start(PairHmi.Prepared prepared, Duration lead) throws Exception {
    return start(prepared, lead, WAIT);
  }

  /** As {@link #start(PairHmi.Prepared, Duration)}, each wait of the start bounded by {@code wait}. */
  static RunningPair start(PairHmi.Prepared prepared, Duration lead, Duration wait) throws Exception {
    RunningPair run = new RunningPair(prepared.pair(), prepared.hmi());
    LoopbackPair pair = run.pair;
    pair.startBoth();
    for (LoopbackPair.Station s : pair.stations()) {
      run.clients.put(s.name(), PairClients.whenUp(() -> run.hmi.anonymous(s), wait));
    }
    OpcUaClient a = run.client(pair.a());
    OpcUaClient b = run.client(pair.b());
    // usually A is Master; on a loaded machine B may start first and take the role: either way
    Await.until(wait, "one Master and one Standby", () -> (run.state(pair.a()) == MASTER && run.state(pair.b()) == STANDBY)
        || (run.state(pair.a()) == STANDBY && run.state(pair.b()) == MASTER));
    Await.until(wait, "terminal bus up both ways",
        () -> pair.a().stationLogText().contains("terminal bus to STATION-B: UP")
            && pair.b().stationLogText().contains("terminal bus to STATION-A: UP"));
    // values produced before a station subscribed are on neither station: checked windows open later
    Await.until(wait, "both stations archive both ASes", () -> {
      long before = now() - lead.toMillis() * 10_000L - SECOND;
      return archivedBefore(a, before) && archivedBefore(b, before);
    });
    run.phase("running");
    return run;
  }

  /** Prints how long the scenario has run when it reaches {@code what} (figures of the test's time). */
  void phase(String what) {
    System.out.printf("PHASE +%.1f s %s%n", (System.nanoTime() - startedNanos) / 1e9, what);
  }

  OpcUaClient client(LoopbackPair.Station s) {
    OpcUaClient c = clients.get(s.name());
    if (c == null) {
      throw new IllegalStateException(s.name() + " is not running");
    }
    return c;
  }

  int state(LoopbackPair.Station s) {
    return PairClients.state(client(s));
  }

  /** The station that is Master now. */
  LoopbackPair.Station master() {
    for (LoopbackPair.Station s : pair.stations()) {
      if (clients.containsKey(s.name()) && state(s) == MASTER) {
        return s;
      }
    }
    throw new AssertionError("no Master");
  }

  /** kill -9 of {@code s}. */
  void kill(LoopbackPair.Station s) throws InterruptedException {
    OpcUaClient c = clients.remove(s.name());
    if (c != null) {
      c.disconnectAsync();
    }
    s.process().kill();
  }

  void restart(LoopbackPair.Station s) throws Exception {
    s.process().start();
    clients.put(s.name(), PairClients.whenUp(() -> hmi.anonymous(s), WAIT));
  }

  /** Waits until the PLC has produced values for {@code duration} after {@code ticks}. */
  void awaitPlcValuesAfter(long ticks, Duration duration) throws InterruptedException {
    long until = ticks + duration.toMillis() * 10_000L;
    Await.until(WAIT.plus(duration), "PLC values until " + Ticks.toInstant(until),
        () -> PairArchives.newestTruth(pair) > until);
  }

  /** Waits until the PLC and every running station's archive hold values after {@code ticks}. */
  void awaitArchivedAfter(long ticks) throws InterruptedException {
    Await.until(WAIT, "truth and the archives past " + Ticks.toInstant(ticks), () -> PairArchives.newestTruth(pair) > ticks
        && clients.values().stream().allMatch(c -> PairArchives.archivedAfter(c, ticks)));
  }

  /** How often {@code text} occurs in {@code s}'s redundancy log. */
  static int count(LoopbackPair.Station s, String text) {
    String log = s.redundancyLogText();
    int n = 0;
    for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + text.length())) {
      n++;
    }
    return n;
  }

  /** Waits for more than {@code seen} occurrences of {@code text} in {@code s}'s redundancy log. */
  static void awaitLog(LoopbackPair.Station s, String text, int seen) throws InterruptedException {
    Await.until(WAIT, s.name() + " logs " + text + " (seen " + seen + ")", () -> count(s, text) > seen);
  }

  /** The last window of {@code s} whose id starts with {@code prefix} reported filled (1012209). */
  static Finished lastFinished(LoopbackPair.Station s, String prefix) {
    Matcher m = FINISHED.matcher(s.redundancyLogText());
    Finished last = null;
    while (m.find()) {
      if (m.group(1).startsWith(prefix)) {
        last = new Finished(m.group(1), Ticks.of(Instant.parse(m.group(2))), Ticks.of(Instant.parse(m.group(3))),
            Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
      }
    }
    if (last == null) {
      throw new AssertionError(s.name() + " reported no filled " + prefix + " window:\n" + s.redundancyLogText());
    }
    return last;
  }

  /** Adds both consoles to a failure. */
  AssertionError explained(Throwable e) {
    return new AssertionError(e.getMessage() + pair.diagnostics(80), e);
  }

  @Override
  public void close() {
    clients.values().forEach(OpcUaClient::disconnectAsync);
    clients.clear();
  }
}
