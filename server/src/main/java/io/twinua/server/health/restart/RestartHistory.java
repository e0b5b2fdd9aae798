package io.twinua.server.health.restart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * When the station was restarted, one ISO instant per line in {@code <dataDir>/restarts}: the
 * limits hold across restarts of the station and of its supervisor (a restart loop would otherwise
 * forget its own count). Written by whoever decides a restart (the station, or the supervisor
 * after a crash), never by both for the same restart.
 */
public final class RestartHistory {

  /** Only the newest lines matter: the window never needs more than maxRestarts of them. */
  private static final int KEEP = 100;

  private final Path file;

  private RestartHistory(Path file) {
    this.file = file;
  }

  public static RestartHistory in(Path dataDir) {
    return new RestartHistory(dataDir.resolve("restarts"));
  }

  public Path file() {
    return file;
  }

  /** Every recorded restart, oldest first; unreadable lines are skipped (a torn last write). */
  public synchronized List<Instant> times() {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Instant> times = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          times.add(Instant.parse(line.strip()));
        } catch (DateTimeParseException e) {
          // skipped: see above
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return times;
  }

  /** Records a restart decided at {@code at}, before it happens. */
  public synchronized void record(Instant at) {
    List<Instant> times = new ArrayList<>(times());
    times.add(at);
    List<String> lines = times.subList(Math.max(0, times.size() - KEEP), times.size()).stream()
        .map(Instant::toString).toList();
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.SYNC);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
