package io.twinua.tools.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs a {@code twinua} subcommand with this JVM's java and
 * class path: each station and PLC simulator really is its own OS process. The one place that
 * knows how such a child is started (demo, benchmarks, pair lab, tests).
 */
public final class TwinuaJvm {

  private TwinuaJvm() {}

  /** {@code java <jvmOptions> -cp <this class path> io.twinua.tools.Twinua <args>}. */
  public static List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.twinua.tools.Twinua");
    command.addAll(args);
    return command;
  }

  /** {@code twinua station --config <file>}. */
  public static List<String> station(List<String> jvmOptions, Path stationFile) {
    return command(jvmOptions, List.of("station", "--config", stationFile.toAbsolutePath().toString()));
  }
}
