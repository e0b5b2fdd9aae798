package io.twinua.tools.pairlab;

import io.twinua.tools.launch.TwinuaJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A station as its own OS process ({@code twinua station --config FILE}, the station JVM under its
 * supervisor), as in production: it
 * can be killed with SIGKILL (power loss, crash), stopped with SIGTERM and started again. Its
 * console goes to a file next to the station file ({@code station-a.yaml} → {@code station-a.out}),
 * so a failing test or benchmark can show what the station said. A station still running when this
 * JVM ends (e.g. Ctrl-C during a benchmark) is killed with it.
 */
public final class StationProcess implements AutoCloseable {

  /**
   * A 256 MB heap for the supervisor JVM; the station JVM gets the memory limits of its station
   * file and project from the supervisor instead (launch.StationJvmOptions).
   */
  public static final List<String> DEFAULT_JVM = List.of("-Xmx256m");

  private final Path stationFile;
  private final Path console;
  private final List<String> launcher;
  private final List<String> jvmOptions;
  private Process process;
  private Thread killOnExit;

  /** A station with {@link #DEFAULT_JVM}, started directly. */
  public StationProcess(Path stationFile) {
    this(stationFile, List.of(), DEFAULT_JVM);
  }

  /**
   * @param launcher what runs the JVM, e.g. {@code ip netns exec NS} to start it inside a network
   *     namespace (it must exec the JVM, so signals reach the station); empty to start it directly
   * @param jvmOptions options of the supervisor's JVM, passed on to the station's JVM except memory
   *     options (the station's come from its station file and project)
   */
  public StationProcess(Path stationFile, List<String> launcher, List<String> jvmOptions) {
    this.stationFile = stationFile;
    this.console = stationFile.resolveSibling(stationFile.getFileName().toString().replace(".yaml", "") + ".out");
    this.launcher = List.copyOf(launcher);
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  public synchronized StationProcess start() throws IOException {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(TwinuaJvm.station(jvmOptions, stationFile));
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
        .start();
    Process started = process;
    killOnExit = new Thread(() -> {
      started.descendants().forEach(ProcessHandle::destroyForcibly);
      started.destroyForcibly();
    }, "station-kill-on-exit");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    return this;
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The station JVM's pid (the supervisor's child); the supervisor's before the station runs. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("station " + stationFile + " was never started");
    }
    return process.children().findFirst().map(ProcessHandle::pid).orElse(process.pid());
  }

  public List<String> jvmOptions() {
    return jvmOptions;
  }

  /**
   * SIGKILL: the station gets no chance to say goodbye (power loss, crash). The station JVM under
   * the supervisor goes with it: the whole computer fails, not just the supervisor.
   */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      // children first snapshot, then the supervisor (it cannot start a new one), then the children
      List<ProcessHandle> station = process.descendants().toList();
      process.destroyForcibly();
      station.forEach(ProcessHandle::destroyForcibly);
      process.waitFor(10, TimeUnit.SECONDS);
      for (ProcessHandle h : station) {
        try {
          h.onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException("station process " + h.pid() + " did not die", e);
        }
      }
      forgetKillOnExit();
    }
  }

  /** SIGTERM: a clean stop (the station's shutdown hook closes its archive); SIGKILL after 35 s. */
  public synchronized void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy(); // the supervisor stops the station JVM the same way, within 30 s
      if (!process.waitFor(35, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
    forgetKillOnExit();
  }

  /**
   * SIGSTOP of the station JVM: it keeps its sockets and memory but runs no instruction, as on a
   * machine too loaded to schedule it or in a long pause. {@link #thaw()} lets it run again.
   */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: the frozen station JVM runs again, with everything that arrived meanwhile waiting for it. */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    long pid = pid();
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
    }
  }

  private void forgetKillOnExit() {
    if (killOnExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException e) {
        // this JVM is already shutting down: the hook runs and finds the station ended
      }
      killOnExit = null;
    }
  }

  public String output() {
    try {
      return Files.exists(console) ? Files.readString(console) : "";
    } catch (IOException e) {
      return "(cannot read " + console + ": " + e.getMessage() + ")";
    }
  }

  /** The last {@code n} lines of the station's console, to explain a failure. */
  public String outputTail(int n) {
    List<String> lines = output().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
