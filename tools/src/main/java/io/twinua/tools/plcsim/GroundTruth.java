package io.twinua.tools.plcsim;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The ground-truth log of one automation station: every value it produced, so a test can prove a
 * station archived all of them.
 *
 * <p>File {@code <dir>/<AS>.truth.csv}, UTF-8, no header, one line per produced value:
 * {@code tag,sourceTicks,value}. The value is the rest of the line after the second comma, as
 * {@link #format(Variant)} writes it. The simulator appends (a new run adds to an existing file).
 */
public final class GroundTruth {

  private GroundTruth() {}

  /** All entries of a truth file by tag, each tag's list in file (= production) order. */
  public static Map<String, List<TruthValue>> read(Path csv) throws IOException {
    var byTag = new LinkedHashMap<String, List<TruthValue>>();
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isEmpty()) {
          continue;
        }
        int first = line.indexOf(',');
        int second = first < 0 ? -1 : line.indexOf(',', first + 1);
        if (first <= 0 || second < 0) {
          throw new IOException(csv + " line " + lineNo + ": expected tag,sourceTicks,value");
        }
        long ticks;
        try {
          ticks = Long.parseLong(line.substring(first + 1, second));
        } catch (NumberFormatException e) {
          throw new IOException(csv + " line " + lineNo + ": sourceTicks is not a number", e);
        }
        byTag
            .computeIfAbsent(line.substring(0, first), t -> new ArrayList<>())
            .add(new TruthValue(ticks, line.substring(second + 1)));
      }
    }
    return byTag;
  }

  /**
   * A value as text: numbers and booleans by Java's {@code toString} (Float stays Float, so a
   * Float read back compares equal), unsigned types as their number, arrays as {@code [a;b;c]},
   * a null value as {@code null}. Backslash, CR and LF in strings are escaped as \\, \r, \n so
   * one value stays one line.
   */
  public static String format(Variant variant) {
    return formatValue(variant == null ? null : variant.value());
  }

  static String formatValue(Object value) {
    if (value == null) {
      return "null";
    }
    if (value.getClass().isArray()) {
      var text = new StringBuilder("[");
      int length = Array.getLength(value);
      for (int i = 0; i < length; i++) {
        if (i > 0) {
          text.append(';');
        }
        text.append(formatValue(Array.get(value, i)));
      }
      return text.append(']').toString();
    }
    if (value instanceof Variant nested) {
      return formatValue(nested.value());
    }
    if (value instanceof String text) {
      return escape(text);
    }
    return escape(value.toString());
  }

  private static String escape(String text) {
    if (text.indexOf('\\') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return text;
    }
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }
}
