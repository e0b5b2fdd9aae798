package io.twinua.tools.pairlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A station's own wall clock on a machine whose clock both stations share: the station process
 * (supervisor and station JVM, which inherits the environment) runs under libfaketime, reading its
 * offset from a file that {@link #step} rewrites at run time. Checked on this machine (libfaketime
 * 0.9.10, Java 17): {@code System.currentTimeMillis()} follows the file; with
 * {@code FAKETIME_DONT_FAKE_MONOTONIC=1} {@code System.nanoTime()} keeps running unstepped, and with
 * {@code FAKETIME_FORCE_MONOTONIC_FIX=0} timed waits ({@code Object.wait(200)}) last their time
 * (with the fix on they returned at once). The file is read at most once per
 * {@link #CACHE_SECONDS}: a step takes effect within that.
 */
public final class StationClock {

  /** Where Debian's {@code libfaketime} package puts the library (multi-threaded variant). */
  static final List<Path> LIBRARIES = List.of(
      Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"),
      Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"),
      Path.of("/usr/lib/faketime/libfaketimeMT.so.1"));
  public static final int CACHE_SECONDS = 1;

  private final Path offsetFile;
  private final Path library;

  private StationClock(Path offsetFile, Path library) {
    this.offsetFile = offsetFile;
    this.library = library;
  }

  /** A clock at offset 0 whose file is {@code offsetFile}; fails if libfaketime is not installed. */
  public static StationClock create(Path offsetFile) throws IOException {
    Path library = LIBRARIES.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IOException(
        "libfaketime is not installed (Debian: apt-get install faketime); looked for " + LIBRARIES));
    StationClock clock = new StationClock(offsetFile, library);
    clock.step(0);
    return clock;
  }

  /** The launcher that starts a station process on this clock ({@code env ...}, which execs the JVM). */
  public List<String> launcher() {
    return List.of("env", "LD_PRELOAD=" + library, "FAKETIME_TIMESTAMP_FILE=" + offsetFile,
        "FAKETIME_CACHE_DURATION=" + CACHE_SECONDS, "FAKETIME_DONT_FAKE_MONOTONIC=1", "FAKETIME_FORCE_MONOTONIC_FIX=0");
  }

  /** Sets the clock {@code offsetMs} from the real time (0: back to it). */
  public void step(long offsetMs) throws IOException {
    Path next = offsetFile.resolveSibling(offsetFile.getFileName() + ".next");
    // libfaketime's relative form: "+2.5" is 2.5 s ahead; replaced whole so it never reads half a line
    Files.writeString(next, String.format("%+.3f%n", offsetMs / 1000.0));
    Files.move(next, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
