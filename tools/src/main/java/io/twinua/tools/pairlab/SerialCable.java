package io.twinua.tools.pairlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The serial status link's null-modem cable between the two stations: a socat pty pair whose ends
 * are symlinks each station's station file names. Cutting it kills socat (the ptys vanish, as when
 * a cable or adapter is pulled; each station's link reopens its port by itself); restoring starts
 * socat anew, which links the same names to new ptys.
 */
public final class SerialCable implements AutoCloseable {

  private final Path endA;
  private final Path endB;
  private Process socat;

  SerialCable(Path endA, Path endB) {
    this.endA = endA;
    this.endB = endB;
  }

  public Path endA() {
    return endA;
  }

  public Path endB() {
    return endB;
  }

  /** Plugs the cable in (starts socat) and returns once both ends exist. */
  public synchronized void restore() throws IOException, InterruptedException {
    if (socat != null && socat.isAlive()) {
      return;
    }
    Files.deleteIfExists(endA);
    Files.deleteIfExists(endB);
    socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + endA, "pty,raw,echo=0,link=" + endB)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(endA) && Files.exists(endB))) {
      if (!socat.isAlive() || System.nanoTime() - deadline > 0) {
        throw new IOException("socat made no pty pair " + endA + ", " + endB + " within 10 s");
      }
      Thread.sleep(20); // polling for socat's links, bounded above
    }
  }

  /** Pulls the cable: socat dies and both ptys with it. */
  public synchronized void cut() throws InterruptedException {
    if (socat != null) {
      socat.destroyForcibly();
      socat.waitFor(10, TimeUnit.SECONDS);
      socat = null;
    }
  }

  static boolean socatAvailable() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "socat"))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws InterruptedException {
    cut();
  }
}
