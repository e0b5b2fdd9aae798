package io.twinua.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A station running as its own OS process ({@code java <jvm options> -cp <this classpath>
 * io.twinua.tools.Twinua station --config <file>}), so its memory can be measured apart from the
 * bench and the PLC simulator. Its console goes to a file. Closing it sends SIGTERM (the station's
 * shutdown hook closes the archive cleanly) and kills it if it does not end within 30 s; a
 * shutdown hook of this JVM does the same if the bench itself is stopped.
 */
final class StationProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StationProcess.class);
  private static final long STOP_WAIT_SECONDS = 30;

  private final Process process;
  private final Path console;
  private final List<String> jvmOptions;
  private final Thread killOnExit;

  private StationProcess(Process process, Path console, List<String> jvmOptions) {
    this.process = process;
    this.console = console;
    this.jvmOptions = jvmOptions;
    this.killOnExit = new Thread(process::destroyForcibly, "bench-station-kill");
  }

  static StationProcess start(Path stationFile, List<String> jvmOptions, Path console) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.twinua.tools.Twinua");
    command.add("station");
    command.add("--config");
    command.add(stationFile.toAbsolutePath().toString());
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(console.toFile())
        .start();
    StationProcess station = new StationProcess(p, console, List.copyOf(jvmOptions));
    Runtime.getRuntime().addShutdownHook(station.killOnExit);
    LOG.info("station process started (pid {}, {}), console in {}", p.pid(), String.join(" ", jvmOptions), console);
    return station;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  List<String> jvmOptions() {
    return jvmOptions;
  }

  /** The last {@code n} lines of the station's console, to explain a failure. */
  String consoleTail(int n) {
    try {
      List<String> lines = Files.readAllLines(console);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + console + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("station pid {} did not stop within {} s, killing it", process.pid(), STOP_WAIT_SECONDS);
        process.destroyForcibly();
        process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // this JVM is already shutting down: the hook runs anyway and finds the process ended
    }
  }
}
