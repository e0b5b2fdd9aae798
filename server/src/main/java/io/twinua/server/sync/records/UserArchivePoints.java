package io.twinua.server.sync.records;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per user archive, in {@code <dataDir>/sync/user-archives.json}: up to where the partner's
 * changes were pulled (in the partner's clock), and since when this station has local changes the
 * partner has not confirmed. Both survive a restart, so a return sync pulls only what is new and
 * a change made while the partner was away is still pushed (and still shown as pending) after our
 * own restart. Each change replaces the file atomically.
 */
final class UserArchivePoints {

  /**
   * @param pulledFrom the next pull asks for the partner's changes from here (0: everything)
   * @param pushFrom oldest local change not yet confirmed by the partner; null: none
   */
  record Marks(long pulledFrom, Long pushFrom) {
    static final Marks NONE = new Marks(0, null);
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final TypeReference<TreeMap<String, Marks>> MARKS = new TypeReference<>() {};

  private final Path file;
  private final Map<String, Marks> marks;

  private UserArchivePoints(Path file, Map<String, Marks> marks) {
    this.file = file;
    this.marks = marks;
  }

  /**
   * @throws UncheckedIOException naming the file if it exists but cannot be read
   */
  static UserArchivePoints open(Path dataDir) {
    Path file = dataDir.resolve("sync").resolve("user-archives.json");
    try {
      Files.createDirectories(file.getParent());
      Map<String, Marks> marks = Files.exists(file) ? JSON.readValue(file.toFile(), MARKS) : new TreeMap<>();
      return new UserArchivePoints(file, marks);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read the user archive sync points: " + e.getMessage(), e);
    }
  }

  synchronized Marks of(String archive) {
    return marks.getOrDefault(archive, Marks.NONE);
  }

  synchronized Optional<Long> pushFrom(String archive) {
    return Optional.ofNullable(of(archive).pushFrom());
  }

  synchronized void pulled(String archive, long from) {
    put(archive, new Marks(from, of(archive).pushFrom()));
  }

  synchronized void pushFrom(String archive, Long from) {
    put(archive, new Marks(of(archive).pulledFrom(), from));
  }

  private void put(String archive, Marks m) {
    if (m.equals(marks.put(archive, m))) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), marks);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot save the user archive sync points: " + e.getMessage(), e);
    }
  }
}
