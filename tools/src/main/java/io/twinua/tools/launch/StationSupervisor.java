package io.twinua.tools.launch;

import io.twinua.server.health.restart.RestartHistory;
import io.twinua.server.health.restart.RestartPolicy;
import io.twinua.server.health.restart.RestartPolicy.Cause;
import io.twinua.server.health.restart.RestartPolicy.Decision;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one station as a child JVM ({@code twinua station-process}) and starts it again when it
 * exits asking for it ({@link #RESTART_EXIT}: the station decided, reported and recorded the
 * restart itself) or when it crashes (then the supervisor decides, under the same bounds and
 * history, and logs the decision: a dead station can raise no message). Why a separate process:
 * only a new JVM really starts over after a hung thread, a leak or a project change.
 * {@link #stop()} (Ctrl-C, SIGTERM) stops the child cleanly; a station started under a supervisor
 * also stops by itself when its supervisor disappears, so no orphan keeps the ports.
 */
final class StationSupervisor {

  /** The station asks for a restart (EX_TEMPFAIL of sysexits.h: "try again"). */
  static final int RESTART_EXIT = 75;
  /** The station did not start (bad file, port in use): starting it again would fail the same way. */
  static final int START_FAILED_EXIT = 2;

  private static final int SIGINT_EXIT = 130;
  private static final int SIGTERM_EXIT = 143;

  private static final Logger LOG = LoggerFactory.getLogger(StationSupervisor.class);

  /** The restart bounds of the station file and the station's restart history. */
  record Bounds(RestartPolicy policy, RestartHistory history) {}

  /** Reads the station file; called once the first station JVM runs. */
  @FunctionalInterface
  interface BoundsLoader {
    Bounds load() throws Exception;
  }

  private final Path stationFile;
  private final BoundsLoader loader;
  private final Supplier<List<String>> stationOptions;
  private final Clock clock;
  private Bounds bounds;
  private Process child;
  private boolean stopping;

  /**
   * @param stationOptions the station JVM's own options (its memory limits), asked before each
   *     start: a restarted station runs with the limits of its current station file and project
   */
  StationSupervisor(Path stationFile, BoundsLoader loader, Supplier<List<String>> stationOptions, Clock clock) {
    this.stationFile = stationFile;
    this.loader = loader;
    this.stationOptions = stationOptions;
    this.clock = clock;
  }

  /** Runs the station until it ends for good; returns the exit code for this process. */
  int run() throws IOException, InterruptedException {
    while (true) {
      Process p = startChild();
      if (p == null) {
        return 0; // stopped before the start
      }
      if (bounds == null) {
        try {
          bounds = loader.load();
        } catch (Exception e) {
          LOG.error("supervisor: cannot read {}: {}", stationFile, e.getMessage());
          int failed = p.waitFor(); // the station reports the same problem and ends
          return failed == 0 ? START_FAILED_EXIT : failed;
        }
      }
      int code = p.waitFor();
      synchronized (this) {
        if (stopping) {
          LOG.info("station process {} stopped (exit {})", p.pid(), code);
          return 0;
        }
      }
      if (code == RESTART_EXIT) {
        LOG.info("station process {} exited for a restart it announced (1012362): starting it again", p.pid());
        continue;
      }
      if (code == 0 || code == START_FAILED_EXIT || code == SIGINT_EXIT || code == SIGTERM_EXIT) {
        // ended on purpose (or cannot start): a restart would undo an operator's stop or fail again
        LOG.info("station process {} ended with exit {}: not starting it again", p.pid(), code);
        return code;
      }
      RestartPolicy policy = bounds.policy();
      RestartHistory history = bounds.history();
      Decision d = policy.decide(Cause.CRASH, "station process " + p.pid() + " died with exit " + code,
          clock.instant(), history.times(), RestartPolicy.Situation.CRASHED);
      if (!d.restart()) {
        LOG.error("supervisor: {}", d.text());
        return code;
      }
      history.record(clock.instant());
      LOG.warn("supervisor: {}", d.text());
      synchronized (this) {
        wait(policy.settings().delay().toMillis() + 1); // stop() wakes it
      }
    }
  }

  private synchronized Process startChild() throws IOException {
    if (stopping) {
      return null;
    }
    List<String> args = List.of("station-process", "--supervised", "--config", stationFile.toAbsolutePath().toString());
    List<String> jvmOptions = StationJvmOptions.replacingMemory(childJvmOptions(), stationOptions.get());
    ProcessBuilder builder = new ProcessBuilder(TwinuaJvm.command(jvmOptions, args)).inheritIO();
    StationJvmOptions.limitNativeArenas(builder.environment());
    child = builder.start();
    LOG.info("station process {} started for {} with {}", child.pid(), stationFile, String.join(" ", jvmOptions));
    return child;
  }

  /** SIGTERM to the station (its shutdown hook closes the archive), SIGKILL after 30 s. */
  void stop() {
    Process p;
    synchronized (this) {
      stopping = true;
      notifyAll();
      p = child;
    }
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        LOG.warn("station process {} did not stop within 30 s, killing it", p.pid());
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  /**
   * The station runs with the JVM options this supervisor was given (-D, JIT), not a debugger's;
   * its memory options are its own ({@link StationJvmOptions}).
   */
  private static List<String> childJvmOptions() {
    List<String> options = new ArrayList<>();
    for (String o : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!o.startsWith("-agentlib:jdwp") && !o.startsWith("-Xrunjdwp")) {
        options.add(o);
      }
    }
    return options;
  }
}
