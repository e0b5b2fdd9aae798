package io.twinua.server.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small data volume for disk-full tests: a tmpfs of a few MB mounted on a directory (needs
 * root, as on the build machine; the test is skipped with the reason when mounting is impossible).
 * Unmounted again on close.
 */
public final class SmallVolume implements AutoCloseable {

  private final Path dir;

  private SmallVolume(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code megabytes} on {@code dir} (created if absent), or skips the test. */
  public static SmallVolume mount(Path dir, int megabytes) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String problem = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()));
    Assumptions.assumeTrue(problem == null, () -> "cannot mount a " + megabytes + " MB tmpfs on " + dir
        + " for the disk-full test (needs root and mount): " + problem);
    return new SmallVolume(dir);
  }

  public Path dir() {
    return dir;
  }

  public long freeBytes() throws IOException {
    return Files.getFileStore(dir).getUsableSpace();
  }

  /** Writes a filler file so that about {@code leaveBytes} stay free (never less than 0). */
  public Path fillLeaving(long leaveBytes) throws IOException {
    Path filler = dir.resolve("filler-" + System.nanoTime());
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      long toWrite = freeBytes() - leaveBytes;
      while (toWrite > 0) {
        int n = (int) Math.min(chunk.length, toWrite);
        out.write(chunk, 0, n);
        toWrite -= n;
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    return filler;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String problem = run(List.of("umount", "-l", dir.toString()));
    if (problem != null) {
      throw new IOException("cannot unmount the test volume " + dir + ": " + problem);
    }
  }

  /** @return null if the command succeeded, else its output */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", command) + " did not finish within 20 s";
    }
    String out = new String(p.getInputStream().readAllBytes()).trim();
    return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + out;
  }
}
