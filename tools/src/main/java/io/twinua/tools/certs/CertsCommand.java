package io.twinua.tools.certs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "certs", mixinStandardHelpOptions = true, description = "Project CA and certificates for stations and clients")
public final class CertsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("certs: not built yet");
    return 2;
  }
}
