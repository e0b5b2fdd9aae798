package io.twinua.tools.launch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import io.twinua.server.config.LogSettings;
import io.twinua.server.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Issue 12 item 3: a station log rolls by size and its files together stay within the cap. */
class LogFilesTest {

  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void floodRollsTheLogAndKeepsItsFilesWithinTheCap() throws Exception {
    LogSettings settings = new LogSettings(1, LogSettings.DEFAULT_MAX_HISTORY_DAYS, 3);
    Path file = dir.resolve("station.log");
    String name = "twinua.test.flood";
    Logger logger = (Logger) LoggerFactory.getLogger(name);
    logger.setAdditive(false); // the flood goes to the file only, not to the test's console
    LogFiles.attach(name, file, settings);
    try {
      String line = "x".repeat(1_000);
      for (int i = 0; i < 10 * 1_024; i++) { // 10 MB of lines
        logger.info("{} {}", i, line);
      }
      long cap = settings.totalSizeCapMb() * MB;
      // logback removes the oldest rolled files after a roll, on a thread of its own
      Await.until(Duration.ofSeconds(10), "files within the cap", () -> total(logFiles()) <= cap + settings.maxFileSizeMb() * MB);
      List<Path> files = logFiles();
      assertTrue(files.size() >= 3, "rolled files: " + files);
      assertTrue(files.stream().allMatch(f -> size(f) <= settings.maxFileSizeMb() * MB + 4_096), "file sizes: " + files);
    } finally {
      logger.detachAndStopAllAppenders();
    }
  }

  private List<Path> logFiles() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("station")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long total(List<Path> files) {
    return files.stream().mapToLong(LogFilesTest::size).sum();
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0; // removed while listed
    }
  }
}
