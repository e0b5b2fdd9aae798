package io.twinua.tools.launch;

import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import io.twinua.server.health.restart.RestartHistory;
import io.twinua.server.health.restart.RestartPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.MDC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua station --config station.yaml}: one station, run under its supervisor (a small
 * JVM that starts the station's JVM and starts it again when it asks or crashes, within the
 * station file's {@code restart:} bounds), until stopped. The station JVM gets the memory limits
 * of its station file and project ({@link StationJvmOptions}).
 */
@Command(name = "station", mixinStandardHelpOptions = true,
    description = "Run one station from its station file, under a supervisor that restarts it within the "
        + "station file's restart: bounds")
public final class StationCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "the station file (station.yaml)")
  Path stationFile;

  @Override
  public Integer call() throws Exception {
    // only the memory limits are read before the station JVM starts; a bad file gets the smallest
    // limits, and the station reports it itself (exit 2)
    StationSupervisor supervisor = new StationSupervisor(stationFile, () -> {
      StationConfig config = StationLoader.load(stationFile);
      MDC.put("station", config.name());
      Path logs = config.dataDir().resolve("logs");
      Files.createDirectories(logs);
      LogFiles.attach("ROOT", logs.resolve("supervisor.log"), config.logs());
      return new StationSupervisor.Bounds(new RestartPolicy(config.restart()), RestartHistory.in(config.dataDir()));
    }, () -> StationJvmOptions.forStation(stationFile), Clock.systemUTC());
    CountDownLatch ended = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      supervisor.stop();
      try {
        ended.await(); // the run loop has seen the stop: no new child after this JVM is gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "supervisor-shutdown"));
    try {
      return supervisor.run();
    } finally {
      ended.countDown();
    }
  }
}
