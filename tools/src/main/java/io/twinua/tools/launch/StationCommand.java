package io.twinua.tools.launch;

import io.twinua.server.config.StationConfig;
import io.twinua.server.config.StationLoader;
import io.twinua.server.station.Station;
import io.twinua.server.station.StationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.MDC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code twinua station --config station.yaml}: one station in this process, until stopped. */
@Command(name = "station", mixinStandardHelpOptions = true, description = "Run one station from its station file")
public final class StationCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "the station file (station.yaml)")
  Path stationFile;

  @Override
  public Integer call() throws Exception {
    StationConfig config;
    Station station;
    try {
      config = StationLoader.load(stationFile);
      MDC.put("station", config.name());
      Path logs = config.dataDir().resolve("logs");
      Files.createDirectories(logs);
      LogFiles.attach("ROOT", logs.resolve("station.log"));
      LogFiles.attach("twinua.redundancy", logs.resolve("redundancy.log"));
      station = Station.start(config);
    } catch (StationException e) {
      System.err.println("station: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("station: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      station.close();
      stopped.countDown();
    }, "station-shutdown"));
    stopped.await();
    return 0;
  }
}
