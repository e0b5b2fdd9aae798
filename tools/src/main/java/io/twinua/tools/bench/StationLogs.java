package io.twinua.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a station's log files ({@code logs/station.log}, {@code logs/redundancy.log}). Each line
 * starts with {@code yyyy-MM-dd HH:mm:ss.SSS} in this computer's time zone (the station's file
 * pattern), so its time compares with {@link System#currentTimeMillis()} of this process. The
 * files are appended across restarts: callers ask only about lines written since a given time.
 */
public final class StationLogs {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  private static final int STAMP_LENGTH = 23;

  private StationLogs() {}

  /** Epoch millis of the first line at or after {@code sinceMillis} that contains {@code text}. */
  static OptionalLong firstSince(Path log, String text, long sinceMillis) throws IOException {
    for (String line : lines(log)) {
      long t = millis(line);
      if (t >= sinceMillis && line.contains(text)) {
        return OptionalLong.of(t);
      }
    }
    return OptionalLong.empty();
  }

  /**
   * True if the last line at or after {@code sinceMillis} that contains {@code prefix} also
   * contains {@code state} (e.g. the last "terminal bus to STATION-B:" line says ": UP").
   */
  static boolean lastSinceSays(Path log, String prefix, String state, long sinceMillis) throws IOException {
    String last = null;
    for (String line : lines(log)) {
      if (line.contains(prefix) && millis(line) >= sinceMillis) {
        last = line;
      }
    }
    return last != null && last.contains(prefix + state);
  }

  private static List<String> lines(Path log) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** The line's time, or -1 for a line without one (a stack trace line). */
  public static long millis(String line) {
    if (line.length() < STAMP_LENGTH) {
      return -1;
    }
    try {
      return LocalDateTime.parse(line.substring(0, STAMP_LENGTH), STAMP)
          .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
