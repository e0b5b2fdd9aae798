package io.twinua.tools.bench;

import java.util.List;

/**
 * What one benchmark of {@code bench all} gave: its figures and the circumstances they were taken in.
 *
 * @param name the bench's subcommand name
 * @param title what it measures, in a few words
 * @param command the exact command line that runs it alone
 * @param exit its exit code (0: ran to the end)
 * @param seconds how long it ran
 * @param loadBefore the machine's load averages (1, 5, 15 min) before it
 * @param loadAfter and after it
 * @param figures what it measured
 */
record BenchSection(String name, String title, String command, int exit, double seconds, String loadBefore,
    String loadAfter, List<Figure> figures) {

  BenchSection {
    figures = List.copyOf(figures);
  }
}
