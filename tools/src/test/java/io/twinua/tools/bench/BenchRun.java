package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.tools.Twinua;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs {@code twinua <args>} in this JVM and keeps what it printed on stdout. */
public record BenchRun(int exit, String out) {

  public static BenchRun of(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = new CommandLine(new Twinua()).execute(args);
    } finally {
      System.setOut(original);
    }
    return new BenchRun(exit, captured.toString(StandardCharsets.UTF_8));
  }

  /** The number in column {@code column} (0 = first after the label) of the line starting with {@code label}. */
  double figure(String label, int column) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s+(.*)$").matcher(out);
    assertTrue(m.find(), "no line '" + label + "' in:\n" + out);
    String[] cells = m.group(1).trim().split("\\s+");
    assertTrue(cells.length > column, "line '" + label + "' has no column " + column + ":\n" + out);
    return Double.parseDouble(cells[column].replace(",", ""));
  }

  double figure(String label) {
    return figure(label, 0);
  }
}
