package io.twinua.tools.plcsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running PLC simulator: several automation stations, each its own OPC UA server, driven by one
 * update clock, each writing a ground-truth log. Start with {@link #start(PlcSimConfig)}, stop
 * with {@link #stop()} (or try-with-resources).
 *
 * <p>Threads: one clock thread runs every update for all AS (catching up if it ran late, so no
 * update index is skipped); one control thread checks the {@code <AS>.down} files every
 * {@value #DOWN_FILE_CHECK_MS} ms and flushes the truth logs every {@value #FLUSH_MS} ms.
 */
public final class PlcSimulator implements AutoCloseable {

  static final long DOWN_FILE_CHECK_MS = 200;
  static final long FLUSH_MS = 500;

  private static final Logger log = LoggerFactory.getLogger(PlcSimulator.class);

  private final PlcSimConfig config;
  private final SimExecutors executors;
  private final UpdateClock clock;
  private final long clockStartNanos;
  private final Map<String, AutomationStation> stations;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private PlcSimulator(
      PlcSimConfig config,
      SimExecutors executors,
      UpdateClock clock,
      long clockStartNanos,
      Map<String, AutomationStation> stations) {
    this.config = config;
    this.executors = executors;
    this.clock = clock;
    this.clockStartNanos = clockStartNanos;
    this.stations = stations;
  }

  /**
   * Starts every AS whose {@code <AS>.down} file is absent and the update clock. Throws (after
   * undoing what was started) if the directory cannot be used or a port cannot be bound.
   */
  public static PlcSimulator start(PlcSimConfig config) {
    try {
      Files.createDirectories(config.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("plc-sim: cannot create directory " + config.dir(), e);
    }
    var executors = new SimExecutors();
    long startNanos = System.nanoTime();
    var clock = new UpdateClock(Instant.now(), config.periodMs());
    var stations = new LinkedHashMap<String, AutomationStation>();
    try {
      for (PlcSimConfig.StationSpec spec : config.stations()) {
        var truthLog = TruthLog.open(config.dir().resolve(spec.name() + ".truth.csv"));
        stations.put(
            spec.name(),
            new AutomationStation(
                spec.name(),
                config.bindAddress(),
                spec.port(),
                DemoPlant.tagsOf(spec.name(), config.generated()),
                clock,
                executors,
                truthLog,
                config.dir().resolve(spec.name() + ".down")));
      }
    } catch (RuntimeException e) {
      stations.values().forEach(AutomationStation::closeTruth);
      executors.close();
      throw e;
    }
    var simulator = new PlcSimulator(config, executors, clock, startNanos, stations);
    try {
      simulator.run();
    } catch (RuntimeException e) {
      try {
        simulator.stop();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return simulator;
  }

  private void run() {
    log.warn(
        "plc-sim: endpoints on {} use SecurityPolicy None with anonymous access: a PLC stand-in"
            + " for test and demo networks, not for production",
        config.bindAddress());
    // the clock runs from the start: an AS that is still starting skips updates, and one that
    // comes online publishes at the current update, so a slow server start delays nothing
    long periodNanos = TimeUnit.MILLISECONDS.toNanos(config.periodMs());
    long firstDelay = clockStartNanos + periodNanos - System.nanoTime();
    executors.clock.scheduleAtFixedRate(
        this::runDueUpdates, Math.max(0, firstDelay), periodNanos, TimeUnit.NANOSECONDS);
    executors.control.scheduleWithFixedDelay(
        this::flushTruth, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
    var watcher = new DownFileWatcher(List.copyOf(stations.values()));
    for (AutomationStation as : stations.values()) {
      if (watcher.isDown(as)) {
        log.info("AS {} starts offline: {} exists", as.name(), as.downFile());
      } else {
        as.start();
      }
    }
    executors.control.scheduleWithFixedDelay(
        watcher, DOWN_FILE_CHECK_MS, DOWN_FILE_CHECK_MS, TimeUnit.MILLISECONDS);
    log.info(
        "plc-sim: {} AS, update every {} ms, {} generated tags per AS, logs in {}",
        stations.size(), config.periodMs(), config.generated(), config.dir().toAbsolutePath());
  }

  /** Runs every update that is due by now; more than one if the clock thread ran late. */
  private void runDueUpdates() {
    long periodNanos = TimeUnit.MILLISECONDS.toNanos(config.periodMs());
    long due = (System.nanoTime() - clockStartNanos) / periodNanos;
    while (clock.current().n() < due && !Thread.currentThread().isInterrupted()) {
      UpdateClock.Tick tick = clock.advance();
      for (AutomationStation as : stations.values()) {
        try {
          as.onUpdate(tick);
        } catch (RuntimeException e) {
          // keep the clock alive: an exception would cancel the periodic task for good
          log.error("AS {}: update {} failed", as.name(), tick.n(), e);
        }
      }
    }
  }

  private void flushTruth() {
    stations.values().forEach(AutomationStation::flushTruth);
  }

  public PlcSimConfig config() {
    return config;
  }

  /** The update clock: maps a source timestamp back to its update index. */
  public UpdateClock clock() {
    return clock;
  }

  public List<AutomationStation> automationStations() {
    return List.copyOf(stations.values());
  }

  public AutomationStation automationStation(String name) {
    AutomationStation as = stations.get(name);
    if (as == null) {
      throw new IllegalArgumentException(
          "plc-sim: no AS " + name + " (configured: " + stations.keySet() + ")");
    }
    return as;
  }

  public String endpointUrl(String name) {
    return automationStation(name).endpointUrl();
  }

  /**
   * Stops the clock, every AS and the threads, and flushes and closes the truth logs. Throws
   * {@link UncheckedIOException} if a truth log could not be written completely. Idempotent.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    executors.stopTimers();
    var failures = new ArrayList<RuntimeException>();
    for (AutomationStation as : stations.values()) {
      try {
        as.stop();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    for (AutomationStation as : stations.values()) {
      try {
        as.closeTruth();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    executors.close();
    log.info("plc-sim stopped");
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
