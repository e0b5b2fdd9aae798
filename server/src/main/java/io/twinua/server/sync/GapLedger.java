package io.twinua.server.sync;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gap windows this station still has to fill, with their progress, in {@code
 * <dataDir>/sync/gaps.json}: they survive a restart (or a kill) so an interrupted or never-started
 * resync resumes, and a station that was down does not need its partner to remember. Each change
 * replaces the file atomically (write a temporary file, then rename).
 */
public final class GapLedger {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final TypeReference<List<GapWindow>> WINDOWS = new TypeReference<>() {};

  private final Path file;
  private final List<GapWindow> windows = new ArrayList<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  private GapLedger(Path file) {
    this.file = file;
  }

  /**
   * Opens the ledger of a data dir, creating {@code sync/} if needed.
   *
   * @throws UncheckedIOException if the file exists but cannot be read, naming the file
   */
  public static GapLedger open(Path dataDir) {
    Path file = dataDir.resolve("sync").resolve("gaps.json");
    GapLedger ledger = new GapLedger(file);
    try {
      Files.createDirectories(file.getParent());
      if (Files.exists(file)) {
        ledger.windows.addAll(JSON.readValue(file.toFile(), WINDOWS));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read the gap ledger: " + e.getMessage(), e);
    }
    return ledger;
  }

  public Path file() {
    return file;
  }

  /** Windows still to fill, oldest first. */
  public synchronized List<GapWindow> windows() {
    return List.copyOf(windows);
  }

  public synchronized Optional<GapWindow> window(String id) {
    return windows.stream().filter(w -> w.id().equals(id)).findFirst();
  }

  /**
   * Tells {@code listener} after each change (on the changing thread, outside the ledger's lock,
   * so it may read the ledger).
   */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Adds a window or replaces the one with the same id (progress), and saves. */
  public void put(GapWindow window) {
    synchronized (this) {
      windows.removeIf(w -> w.id().equals(window.id()));
      windows.add(window);
      windows.sort((a, b) -> Long.compare(a.fromTicks(), b.fromTicks()));
      save();
    }
    changed();
  }

  /** The window is filled: forgets it, and saves. */
  public void remove(String id) {
    synchronized (this) {
      if (!windows.removeIf(w -> w.id().equals(id))) {
        return;
      }
      save();
    }
    changed();
  }

  private void changed() {
    listeners.forEach(Runnable::run);
  }

  private void save() {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), windows);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot save the gap ledger: " + e.getMessage(), e);
    }
  }
}
