package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench all --quick} over the two fastest benches: the report holds every section, with numbers. */
@ExtendWith(RepositoryHome.class)
class BenchAllCommandTest {

  @TempDir Path dir;

  @Test
  void writesAReportWithMachineCommandAndEveryFigureAgainstItsBaseline() throws Exception {
    Path report = dir.resolve("docs").resolve("benchmarks.md");

    BenchRun run = BenchRun.of("bench", "all", "--quick", "--only", "archive,history", "--out", report.toString());

    assertEquals(0, run.exit(), run.out());
    String md = Files.readString(report);
    assertTrue(md.contains("Written by `tools/twinua bench all --quick --only archive,history --out " + report + "`"), md);
    assertTrue(Pattern.compile("(?m)^\\| CPU \\| .+, [1-9]\\d* cores \\|$").matcher(md).find(), md);
    assertTrue(Pattern.compile("(?m)^\\| memory \\| [\\d,]+ MB \\|$").matcher(md).find(), md);
    assertTrue(Pattern.compile("(?m)^\\| Java \\| 17").matcher(md).find(), md);
    for (String bench : List.of("archive", "history")) {
      // the summary: exit 0, seconds and both load averages as numbers
      Matcher summary = Pattern.compile("(?m)^\\| " + bench + " \\| 0 \\| ([\\d.]+) \\| ([\\d.]+ [\\d.]+ [\\d.]+) \\|"
          + " ([\\d.]+ [\\d.]+ [\\d.]+) \\|").matcher(md);
      assertTrue(summary.find(), bench + ":\n" + md);
      assertTrue(Double.parseDouble(summary.group(1)) > 0, md);
      assertTrue(md.contains("Command: `tools/twinua bench " + bench + " --values "), md);
    }

    List<String[]> archive = rows(md, "archive");
    String[] ingest = row(archive, "ingest: ValueArchive append + flush");
    double value = number(ingest[1]);
    double baseline = number(ingest[4]);
    assertTrue(value > 0 && baseline > 0, md);
    assertEquals(value / baseline, number(ingest[5]), 0.01 + value / baseline * 0.01, "ratio = value / baseline:\n" + md);
    assertEquals(RawSqliteInsert.LABEL, ingest[3], md);
    assertTrue(ingest[6].startsWith(">= 50,000 values/s"), md);
    assertTrue(ingest[7].equals("met") || ingest[7].equals("NOT met"), md);
    assertTrue(number(row(archive, "RawHistoryReader (encoded HistoryData), one tag")[1]) > 0, md);

    String[] history = row(rows(md, "history"), "HistoryRead over OPC UA (Milo client)");
    assertTrue(number(history[1]) > 0 && number(history[4]) > 0 && number(history[5]) > 0, md);

    assertEquals(2, BenchRun.of("bench", "all", "--only", "nothing", "--out", report.toString()).exit(),
        "refuses an unknown bench");
  }

  /** The cells of each figure row in the section of {@code bench}. */
  private static List<String[]> rows(String md, String bench) {
    int start = md.indexOf("\n## " + bench + ": ");
    assertTrue(start >= 0, "no section " + bench + ":\n" + md);
    int end = md.indexOf("\n## ", start + 1);
    String section = md.substring(start, end < 0 ? md.length() : end);
    List<String[]> rows = new ArrayList<>();
    boolean table = false;
    for (String line : section.split("\n")) {
      if (line.equals(BenchReport.TABLE_HEAD)) {
        table = true;
      } else if (table && line.startsWith("| ")) {
        String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
        assertEquals(8, cells.length, line);
        rows.add(cells);
      }
    }
    assertTrue(!rows.isEmpty(), "no figures in " + bench + ":\n" + section);
    return rows;
  }

  private static String[] row(List<String[]> rows, String figure) {
    return rows.stream().filter(r -> r[0].equals(figure)).findFirst()
        .orElseThrow(() -> new AssertionError("no figure '" + figure + "'"));
  }

  private static double number(String cell) {
    return Double.parseDouble(cell.replace(",", ""));
  }
}
