package io.twinua.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Resident memory of a process as Linux reports it in {@code /proc/<pid>/status}: VmRSS (now)
 * and VmHWM (the peak since the process started), both in KiB.
 */
record MemorySample(long rssKb, long hwmKb) {

  /**
   * @throws IOException if the process is gone or this is not Linux (no /proc)
   */
  static MemorySample of(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    List<String> lines;
    try {
      lines = Files.readAllLines(status);
    } catch (NoSuchFileException e) {
      throw new IOException(status + " does not exist: process " + pid + " has ended, or this is not Linux", e);
    }
    return new MemorySample(field(lines, "VmRSS:", status), field(lines, "VmHWM:", status));
  }

  double rssMb() {
    return rssKb / 1024.0;
  }

  double hwmMb() {
    return hwmKb / 1024.0;
  }

  /** Parses a line such as {@code VmRSS:	  123456 kB}. */
  private static long field(List<String> lines, String key, Path file) throws IOException {
    for (String line : lines) {
      if (line.startsWith(key)) {
        String[] parts = line.substring(key.length()).trim().split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB")) {
          try {
            return Long.parseLong(parts[0]);
          } catch (NumberFormatException e) {
            break;
          }
        }
        break;
      }
    }
    throw new IOException(file + ": no readable '" + key + " <n> kB' line");
  }
}
