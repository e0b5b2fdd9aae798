package io.twinua.tools.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The demo's null-modem cable: a socat pty pair whose two ends appear as files in the run directory. */
final class SerialCable {

  private SerialCable() {}

  static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "socat"))) {
        return true;
      }
    }
    return false;
  }

  static void start(ChildProcesses children, Path endA, Path endB) throws IOException {
    Files.deleteIfExists(endA);
    Files.deleteIfExists(endB);
    children.startProgram("serial cable (socat)", List.of("socat",
        "pty,raw,echo=0,link=" + endA, "pty,raw,echo=0,link=" + endB));
  }
}
