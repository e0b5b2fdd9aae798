package io.twinua.tools.bench;

import java.util.List;
import java.util.concurrent.Callable;

/** A benchmark command that hands back what it measured, for {@code bench all}, besides printing it. */
interface FigureSource extends Callable<Integer> {

  /** The figures of the last run, in report order; empty before a run or when it failed early. */
  List<Figure> figures();
}
