package io.twinua.server.redundancy.statuslink;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A null-modem cable made of two ptys: {@code socat pty,raw,echo=0,link=a pty,raw,echo=0,link=b}.
 * Killing it is pulling the cable; starting another with the same links plugs it back in.
 */
final class SocatPair implements AutoCloseable {

  final Path a;
  final Path b;
  private final Path log;
  private Process process;

  SocatPair(Path dir) {
    this.a = dir.resolve("a");
    this.b = dir.resolve("b");
    this.log = dir.resolve("socat.log");
  }

  /** Fails the test (no silent skip) when socat is not installed. */
  static void requireSocat() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "socat"))) {
        return;
      }
    }
    fail("socat is not installed (not on PATH " + path + "); the serial status link tests need it to make "
        + "pty pairs: apt-get install -y socat");
  }

  SocatPair start() throws IOException, InterruptedException {
    process = new ProcessBuilder("socat", "-d", "-d",
        "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!(Files.exists(a) && Files.exists(b))) {
      if (!process.isAlive()) {
        fail("socat exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        fail("socat made no pty links within 5 s: " + Files.readString(log));
      }
      Thread.sleep(10); // poll interval
    }
    return this;
  }

  /** SIGTERM, so socat removes its links as it would on a clean stop; the ptys hang up. */
  void kill() throws IOException, InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    process = null;
    Files.deleteIfExists(a);
    Files.deleteIfExists(b);
  }

  @Override
  public void close() throws Exception {
    kill();
  }
}
