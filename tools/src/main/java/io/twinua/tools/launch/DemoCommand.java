package io.twinua.tools.launch;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the demo plant")
public final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("demo: not built yet");
    return 2;
  }
}
