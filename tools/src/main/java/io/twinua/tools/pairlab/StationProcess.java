package io.twinua.tools.pairlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A station as its own OS process ({@code twinua station --config FILE}), as in production: the
 * test can kill it with SIGKILL (power loss, crash) or stop it with SIGTERM. Output goes to a log
 * file next to the station file, so a failing test can show what the station said.
 */
public final class StationProcess implements AutoCloseable {

  private final Path stationFile;
  private final Path log;
  private Process process;

  public StationProcess(Path stationFile) {
    this.stationFile = stationFile;
    this.log = stationFile.resolveSibling(stationFile.getFileName().toString().replace(".yaml", "") + ".out");
  }

  public synchronized StationProcess start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.twinua.tools.Twinua");
    command.add("station");
    command.add("--config");
    command.add(stationFile.toString());
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return this;
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: the station gets no chance to say goodbye (power loss, crash). */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM: a clean stop. */
  public synchronized void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
