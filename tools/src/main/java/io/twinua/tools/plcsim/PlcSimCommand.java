package io.twinua.tools.plcsim;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "plc-sim", mixinStandardHelpOptions = true, description = "PLC simulator: automation stations as OPC UA servers")
public final class PlcSimCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("plc-sim: not built yet");
    return 2;
  }
}
