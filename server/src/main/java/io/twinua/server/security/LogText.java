package io.twinua.server.security;

/** Makes client-supplied text (user names) safe to log: no control characters, bounded length. */
public final class LogText {

  private static final int MAX = 64;

  private LogText() {}

  public static String of(String text) {
    if (text == null) {
      return "<null>";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX + 3));
    for (int i = 0; i < text.length() && i < MAX; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (text.length() > MAX) {
      out.append("...");
    }
    return out.toString();
  }
}
