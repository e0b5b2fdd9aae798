package io.twinua.tools.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What every bench command has: its working directory option, its printout and the figures it measured. */
abstract class MeasuringCommand implements FigureSource {

  @Option(names = "--dir", description = "directory for the bench's files (default: a temp dir, deleted afterwards)")
  Path dir;

  final PrintStream out = System.out;
  /** What the last run measured, in report order. */
  final List<Figure> figures = new ArrayList<>();

  @Override
  public final List<Figure> figures() {
    return List.copyOf(figures);
  }

  /** This installation's root directory ({@code twinua.home}, set by the launcher). */
  static Path home() {
    return Path.of(System.getProperty("twinua.home", "."));
  }

  /** The demo project of this installation. */
  static Path demoProject() {
    return home().resolve("nodeset").resolve("demo-plant");
  }
}
