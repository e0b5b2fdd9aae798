package io.twinua.tools.launch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OS processes a launcher started (PLC simulator, stations). Each runs the same program with
 * another subcommand, so each station really is its own process with its own data directory.
 * Stopping the launcher (Ctrl-C) stops them all, newest first.
 */
final class ChildProcesses implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcesses.class);

  private final List<Process> processes = new ArrayList<>();

  /** Starts another program (e.g. socat for the serial cable) as a child sharing this console. */
  synchronized Process startProgram(String name, List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    processes.add(p);
    LOG.info("started {} (pid {})", name, p.pid());
    return p;
  }

  /** Starts {@code twinua <args>} as a child sharing this console; it keeps its own log file too. */
  synchronized Process start(String name, List<String> args) throws IOException {
    String opts = System.getenv("TWINUA_CHILD_JAVA_OPTS");
    List<String> jvmOptions = opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    return startProgram(name, TwinuaJvm.command(jvmOptions, args));
  }

  synchronized List<Process> all() {
    return List.copyOf(processes);
  }

  @Override
  public synchronized void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy(); // SIGTERM: the child's shutdown hook closes archives cleanly
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          LOG.warn("pid {} did not stop within 10 s, killing it", p.pid());
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    processes.clear();
  }
}
