package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.tools.Twinua;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Smoke test of the command wiring with tiny numbers; the benchmark itself is not a test. */
class ArchiveBenchCommandTest {

  @TempDir Path dir;

  @Test
  void runsAllStepsAndPrintsTheTable() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit =
          new CommandLine(new Twinua())
              .execute(
                  "bench",
                  "archive",
                  "--values",
                  "2000",
                  "--tags",
                  "10",
                  "--read-values",
                  "2500",
                  "--page",
                  "1000",
                  "--dir",
                  dir.toString());
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, out);
    assertTrue(out.contains("raw sqlite-jdbc batch insert"), out);
    assertTrue(out.contains("ValueArchive append + flush"), out);
    assertTrue(out.contains("RawHistoryReader"), out);
    assertTrue(out.contains("ratio ValueArchive / raw"), out);
    assertTrue(Files.exists(dir.resolve("bench-archive.db")), "a given --dir keeps the files");

    assertEquals(
        2,
        new CommandLine(new Twinua())
            .execute("bench", "archive", "--values", "10", "--tags", "1", "--dir", dir.toString()),
        "refuses to reuse old bench files");
  }
}
