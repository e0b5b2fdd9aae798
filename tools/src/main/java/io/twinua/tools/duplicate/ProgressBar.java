package io.twinua.tools.duplicate;

import java.io.PrintWriter;

/** A one-line progress bar on stderr ({@code [#####.....] 3/6 copying plant.xml}), redrawn in place. */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final int total;
  private int done;

  ProgressBar(PrintWriter err, int total) {
    this.err = err;
    this.total = Math.max(1, total);
  }

  void step(String what) {
    done = Math.min(total, done + 1);
    int filled = WIDTH * done / total;
    err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + what
        + " ".repeat(Math.max(0, 40 - what.length())));
    if (done == total) {
      err.println();
    }
    err.flush();
  }
}
