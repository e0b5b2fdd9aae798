package io.twinua.tools.pairlab;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A station's archive directory on a small volume of its own (a tmpfs of fixed size: we run as
 * root), so that a fault can fill it to the last byte with a filler file and free it again. Only
 * the archive goes there: the station's logs stay on the big volume, so the role lines a run
 * checks are written throughout. Unmounted on close and by a shutdown hook if this JVM ends first.
 */
public final class ArchiveVolume implements AutoCloseable {

  private final Path dir;
  private final Path filler;
  private final Thread unmountOnExit;

  private ArchiveVolume(Path dir) {
    this.dir = dir;
    this.filler = dir.resolve("chaos-filler");
    this.unmountOnExit = new Thread(() -> {
      try {
        unmount(dir);
      } catch (IOException | InterruptedException e) {
        // the JVM is ending: nothing left to tell
      }
    }, "archive-volume-unmount");
  }

  /**
   * Mounts a tmpfs of {@code megabytes} on the archive directory of the station whose data dir is
   * {@code dataDir}; call before the station first starts (its archive file is then made on the volume).
   */
  public static ArchiveVolume mount(Path dataDir, int megabytes) throws IOException, InterruptedException {
    Path dir = dataDir.resolve("archive");
    Files.createDirectories(dir);
    run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()),
        "mount a " + megabytes + " MB tmpfs on " + dir + " (needs root)");
    ArchiveVolume volume = new ArchiveVolume(dir);
    Runtime.getRuntime().addShutdownHook(volume.unmountOnExit);
    return volume;
  }

  public Path dir() {
    return dir;
  }

  public long freeBytes() throws IOException {
    return Files.getFileStore(dir).getUsableSpace();
  }

  /** Writes the filler until the volume has no byte left; returns the filler's size. */
  public long fill() throws IOException {
    byte[] chunk = new byte[1 << 20];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(filler)) {
      // a short last chunk, then single blocks: whatever the station frees meanwhile is taken too
      while (true) {
        int n = written > 0 && freeBytes() < chunk.length ? 4096 : chunk.length;
        out.write(chunk, 0, n);
        written += n;
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    return Files.size(filler);
  }

  /** Removes the filler. */
  public void drain() throws IOException {
    Files.deleteIfExists(filler);
  }

  /** Unmounts the volume (lazily: a station still holding its files does not keep it). */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      Runtime.getRuntime().removeShutdownHook(unmountOnExit);
    } catch (IllegalStateException e) {
      // this JVM is already shutting down: the hook unmounts
    }
    drain();
    unmount(dir);
  }

  private static void unmount(Path dir) throws IOException, InterruptedException {
    run(List.of("umount", "-l", dir.toString()), "unmount " + dir);
  }

  private static void run(List<String> command, String what) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("cannot " + what + ": " + String.join(" ", command) + " did not end within 20 s");
    }
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (p.exitValue() != 0) {
      throw new IOException("cannot " + what + ": " + String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
    }
  }
}
