package io.twinua.tools.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks")
public final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("bench: not built yet");
    return 2;
  }
}
