package io.twinua.tools.launch;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "station", mixinStandardHelpOptions = true, description = "Run one station from its station file")
public final class StationCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("station: not built yet");
    return 2;
  }
}
