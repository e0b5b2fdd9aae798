package io.twinua.tools.bench;

import java.io.IOException;
import io.twinua.tools.pairlab.PairLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The directory a benchmark works in: the given {@code --dir} (kept) or a temp dir (deleted). */
public final class BenchDir implements AutoCloseable {

  private final Path path;
  private final boolean temporary;

  private BenchDir(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
  }

  public static BenchDir of(Path given) throws IOException {
    if (given == null) {
      return new BenchDir(Files.createTempDirectory("twinua-bench-"), true);
    }
    Files.createDirectories(given);
    return new BenchDir(given.toAbsolutePath().normalize(), false);
  }

  /** True if {@code dir} is given and already holds a bench project (its station file, or a pair's station-a.yaml). */
  static boolean holdsBench(Path dir) {
    return dir != null && (Files.exists(dir.resolve(BenchProject.STATION_FILE))
        || Files.exists(PairLayout.Side.A.stationFile(dir)));
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    if (!temporary) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
