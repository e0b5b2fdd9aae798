package io.twinua.server.security;

import java.util.Arrays;

/**
 * Makes client- or operator-supplied text (written values, user names, reasons, application URIs)
 * safe to log: a newline cannot forge a log line, ESC and NUL cannot reach a terminal, and a
 * megabyte string costs a log line, not a megabyte. Control characters become escapes ({@code \n},
 * {@code \r}, {@code \t}, {@code \\}, otherwise {@code \}{@code uXXXX}); text longer than the bound
 * keeps its head and says how long it was: {@code "abc… (1048576 chars)"}.
 */
public final class LogText {

  /** Characters of a value that reach the log; the rest is counted, not written. */
  public static final int MAX_CHARS = 200;

  /** Bound for a whole message that quotes a client text (a system message with a reason). */
  public static final int MAX_LINE_CHARS = 1_000;

  private LogText() {}

  /** {@code value} escaped and cut to {@link #MAX_CHARS}; arrays show their elements. */
  public static String of(Object value) {
    return of(value, MAX_CHARS);
  }

  /** {@code value} escaped and cut to {@code maxChars} (for texts that are longer by nature). */
  public static String of(Object value, int maxChars) {
    if (value == null) {
      return "<null>";
    }
    String text = value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value);
    int keep = Math.min(text.length(), maxChars);
    if (keep < text.length() && keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--; // never cut a surrogate pair in half
    }
    StringBuilder out = new StringBuilder(keep + 24);
    for (int i = 0; i < keep; i++) {
      escape(text.charAt(i), out);
    }
    if (keep < text.length()) {
      out.append("… (").append(text.length()).append(" chars)");
    }
    return out.toString();
  }

  private static void escape(char c, StringBuilder out) {
    switch (c) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case '\\' -> out.append("\\\\");
      default -> {
        // ISO controls (NUL, ESC, DEL, C1) and the Unicode line/paragraph separators
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
  }
}
