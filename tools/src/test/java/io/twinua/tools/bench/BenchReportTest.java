package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static final MachineInfo MACHINE =
      new MachineInfo(2, 24_105, "AMD EPYC", "Linux 6.1 amd64", "17.0.9 (OpenJDK 64-Bit Server VM)", "0123456789ab");

  @Test
  void writesMachineCommandAndOneRowPerFigureWithBaselineRatioAndGoal() {
    List<BenchSection> sections = List.of(
        new BenchSection("archive", "ingest", "tools/twinua bench archive --values 10", 0, 12.34, "0.50 0.40 0.30",
            "1.50 0.60 0.35", List.of(
                Figure.of("ingest", 60_000, "values/s").against("raw insert", 200_000).goal(">= 0.3x raw", true),
                Figure.of("read", 2.5, "values/s"))),
        new BenchSection("client-failover", "clients", "tools/twinua bench client-failover --trials 1", 1, 3, "2.00 1.00 0.50",
            "2.10 1.10 0.60", List.of(Figure.of("hot kill -9: worst delay p99", Double.NaN, "ms")
                .against("plain Milo client p99", 15_200).goal("<= 1000 ms", false))));

    String md = BenchReport.markdown(MACHINE, "tools/twinua bench all --quick", Instant.parse("2026-12-02T08:40:01.5Z"),
        true, List.of("scale"), sections);

    assertTrue(md.startsWith(BenchReport.TITLE + "\n"), md);
    assertTrue(md.contains("Written by `tools/twinua bench all --quick` on 2026-12-02T08:40:01Z, commit 0123456789ab."), md);
    assertTrue(md.contains("**quick** run"), md);
    assertTrue(md.contains("Left out of this run as too big for it: scale."), md);
    assertTrue(md.contains("| CPU | AMD EPYC, 2 cores |"), md);
    assertTrue(md.contains("| memory | 24,105 MB |"), md);
    assertTrue(md.contains("| OS | Linux 6.1 amd64 |"), md);
    assertTrue(md.contains("| Java | 17.0.9 (OpenJDK 64-Bit Server VM) |"), md);
    assertTrue(md.contains("| archive | 0 | 12.3 | 0.50 0.40 0.30 | 1.50 0.60 0.35 | 1 of 1 |"), md);
    assertTrue(md.contains("| client-failover | 1 | 3.0 | 2.00 1.00 0.50 | 2.10 1.10 0.60 | 0 of 1 |"), md);
    assertTrue(md.contains("## archive: ingest\n\nCommand: `tools/twinua bench archive --values 10`"), md);
    assertTrue(md.contains("| ingest | 60,000 | values/s | raw insert | 200,000 | 0.30 | >= 0.3x raw | met |"), md);
    assertTrue(md.contains("| read | 2.50 | values/s |  |  |  |  |  |"), md);
    assertTrue(md.contains("Exit 1 (FAILED"), md);
    // a thing that did not happen is 'none', and so is its ratio; a missed goal is loud
    assertTrue(md.contains("| hot kill -9: worst delay p99 | none | ms | plain Milo client p99 | 15,200 | none |"
        + " <= 1000 ms | NOT met |"), md);
  }

  @Test
  void aFullRunSaysSoAndATableCellCannotBreakTheTable() {
    String md = BenchReport.markdown(MACHINE, "tools/twinua bench all", Instant.EPOCH, false, List.of(), List.of(
        new BenchSection("x", "y", "c", 0, 1, "0 0 0", "0 0 0", List.of(Figure.of("a|b", 1, "ms")))));

    assertFalse(md.contains("**quick**"), md);
    assertFalse(md.contains("Left out"), md);
    assertTrue(md.contains("| a\\|b | 1 | ms |"), md);
  }

  @Test
  void numbersAreRoundedToWhatTheyAreWorth() {
    assertEquals("1,234,568", BenchReport.number(1_234_567.8));
    assertEquals("12.3", BenchReport.number(12.34));
    assertEquals("0.12", BenchReport.number(0.123));
    assertEquals("7", BenchReport.number(7));
    assertEquals("none", BenchReport.number(Double.NaN));
  }
}
