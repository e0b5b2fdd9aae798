package io.twinua.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The machine a benchmark report was measured on: figures from another machine, or from another
 * build, are not comparable, so the report names both.
 *
 * @param cores processors the JVM sees
 * @param memoryMb physical memory (MemTotal), 0 when unknown
 * @param cpu the CPU model, "unknown" when the OS does not say
 * @param os name, version and architecture
 * @param java version and VM
 * @param commit the git commit of the installation, "+ local changes" when its tree differs; "unknown" outside git
 */
record MachineInfo(int cores, long memoryMb, String cpu, String os, String java, String commit) {

  static MachineInfo of(Path home) {
    return new MachineInfo(Runtime.getRuntime().availableProcessors(), readMemoryMb(), readCpu(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")", commit(home));
  }

  private static long readMemoryMb() {
    for (String line : lines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
        try {
          return Long.parseLong(parts[0]) / 1024;
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static String readCpu() {
    for (String line : lines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      return List.of(); // not Linux: the report says unknown
    }
  }

  private static String commit(Path home) {
    String head = git(home, "rev-parse", "--short=12", "HEAD");
    if (head.isEmpty()) {
      return "unknown";
    }
    return git(home, "status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + " + local changes";
  }

  /** The trimmed output of a git command in {@code dir}; empty when git is absent or fails. */
  private static String git(Path dir, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return "";
      }
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  String memory() {
    return memoryMb == 0 ? "unknown" : String.format(Locale.ROOT, "%,d MB", memoryMb);
  }
}
