package io.twinua.tools.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The markdown report of {@code bench all}: the machine and the command first, then one section
 * per benchmark with one table row per figure (value, baseline, ratio, goal, result), so that a
 * reader sees at once what was measured against what, and a script can read the numbers back.
 */
final class BenchReport {

  static final String TITLE = "# TwinUA benchmarks";
  static final String TABLE_HEAD = "| figure | value | unit | baseline | baseline value | ratio | goal | result |";

  private BenchReport() {}

  /** @param left benches left out of this (quick) run as too big for it */
  static String markdown(MachineInfo machine, String command, Instant started, boolean quick, List<String> left,
      List<BenchSection> sections) {
    StringBuilder md = new StringBuilder();
    md.append(TITLE).append("\n\n");
    md.append("Written by `").append(command).append("` on ")
        .append(started.truncatedTo(ChronoUnit.SECONDS)).append(", commit ").append(machine.commit()).append(".\n");
    md.append(quick
        ? "This is a **quick** run (small trial counts): it shows the generator works; its figures are not results.\n"
        : "Each bench ran with the trial counts the project's issue 11 asks for.\n");
    if (!left.isEmpty()) {
      md.append("Left out of this run as too big for it: ").append(String.join(", ", left)).append(".\n");
    }
    md.append("Every ratio is value / baseline, both measured in this run on this machine.\n\n");

    md.append("## Machine\n\n| | |\n|---|---|\n");
    md.append("| CPU | ").append(machine.cpu()).append(", ").append(machine.cores()).append(" cores |\n");
    md.append("| memory | ").append(machine.memory()).append(" |\n");
    md.append("| OS | ").append(machine.os()).append(" |\n");
    md.append("| Java | ").append(machine.java()).append(" |\n\n");

    md.append("## Summary\n\n");
    md.append("| bench | exit | seconds | load average before (1, 5, 15 min) | after | goals met |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (BenchSection s : sections) {
      long goals = s.figures().stream().filter(Figure::hasGoal).count();
      long met = s.figures().stream().filter(f -> f.hasGoal() && f.met()).count();
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %s | %d of %d |%n", s.name(), s.exit(),
          s.seconds(), s.loadBefore(), s.loadAfter(), met, goals));
    }

    for (BenchSection s : sections) {
      md.append("\n## ").append(s.name()).append(": ").append(s.title()).append("\n\n");
      md.append("Command: `").append(s.command()).append("`  \n");
      md.append(String.format(Locale.ROOT, "Exit %d%s after %.1f s; load average before %s, after %s.%n%n", s.exit(),
          s.exit() == 0 ? "" : " (FAILED: the figures below are what it measured before it stopped, if any)",
          s.seconds(), s.loadBefore(), s.loadAfter()));
      if (s.figures().isEmpty()) {
        md.append("No figures.\n");
        continue;
      }
      md.append(TABLE_HEAD).append("\n|---|---:|---|---|---:|---:|---|---|\n");
      for (Figure f : s.figures()) {
        md.append("| ").append(cell(f.name()))
            .append(" | ").append(number(f.value()))
            .append(" | ").append(f.unit())
            .append(" | ").append(f.hasBaseline() ? cell(f.baselineName()) : "")
            .append(" | ").append(f.hasBaseline() ? number(f.baseline()) : "")
            .append(" | ").append(f.hasBaseline() ? ratio(f.ratio()) : "")
            .append(" | ").append(cell(f.goal()))
            .append(" | ").append(f.hasGoal() ? (f.met() ? "met" : "NOT met") : "")
            .append(" |\n");
      }
    }
    return md.toString();
  }

  /** A value as the report shows it: 'none' when it did not happen, else rounded to what it is worth. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "none";
    }
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a >= 1000 || v == Math.rint(v) ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f", v);
  }

  private static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r) ? "none" : String.format(Locale.ROOT, "%.2f", r);
  }

  /** Keeps a text from breaking the table. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
