package io.twinua.tools.launch;

import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import io.twinua.server.station.Station;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua station-process --config station.yaml}: the station itself in this JVM, as its
 * supervisor ({@code twinua station}) starts it. Exits with {@link StationSupervisor#RESTART_EXIT}
 * once the station decided to restart; under a supervisor it also ends when the supervisor is gone.
 */
@Command(name = "station-process", hidden = true, description = "Run one station in this JVM (started by 'station')")
public final class StationProcessCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(StationProcessCommand.class);

  @Option(names = "--config", required = true, description = "the station file (station.yaml)")
  Path stationFile;

  @Option(names = "--supervised", description = "a supervisor starts this station again when it exits for a restart")
  boolean supervised;

  @Override
  public Integer call() throws Exception {
    Station station;
    try {
      StationConfig config = StationLoader.load(stationFile);
      MDC.put("station", config.name());
      Path logs = config.dataDir().resolve("logs");
      Files.createDirectories(logs);
      LogFiles.attach("ROOT", logs.resolve("station.log"), config.logs());
      LogFiles.attach("twinua.redundancy", logs.resolve("redundancy.log"), config.logs());
      station = Station.start(config, supervised);
    } catch (Exception e) {
      System.err.println("station: " + e.getMessage());
      return StationSupervisor.START_FAILED_EXIT;
    }
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close = () -> {
      if (closed.compareAndSet(false, true)) {
        station.close();
      }
    };
    CompletableFuture<Integer> end = new CompletableFuture<>();
    Runtime.getRuntime().addShutdownHook(new Thread(close, "station-shutdown"));
    station.restartRequested().thenAccept(announcement -> end.complete(StationSupervisor.RESTART_EXIT));
    if (supervised) {
      // kill -9 of the supervisor: nobody would stop this station, and a new one could not bind
      ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
        LOG.warn("supervisor process {} is gone: stopping the station", parent.pid());
        end.complete(0);
      }));
    }
    int code = end.join();
    if (code == StationSupervisor.RESTART_EXIT) {
      LOG.info("station stops for its announced restart");
    }
    close.run();
    return code;
  }
}
