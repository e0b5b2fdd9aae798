package io.twinua.tools.subscribe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinua.switcher.Sample;
import io.twinua.switcher.SwitchEvent;
import java.io.PrintWriter;
import java.lang.reflect.Array;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;

/**
 * What {@code twinua subscribe} prints: one JSON object per line (the format the issue fixes) or a
 * readable live view. Every line is flushed at once, so a script reading the pipe sees each
 * sample when it arrives.
 */
final class OutputLines {

  private static final DateTimeFormatter ISO_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK_MS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final PrintWriter out;
  private final boolean json;

  OutputLines(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** @param node the node as the user gave it */
  synchronized void value(String node, Sample s) {
    Object value = s.value().value() == null ? null : s.value().value().value();
    if (json) {
      ObjectNode o = NODES.objectNode();
      o.put("kind", "value");
      o.put("node", node);
      o.set("value", JSON.valueToTree(plain(value)));
      o.put("sourceTime", iso(s.sourceTime()));
      o.put("receivedAt", iso(s.receivedAt()));
      o.put("server", s.serverUri());
      o.put("backfill", s.backfill());
      line(o.toString());
    } else {
      line(String.format("%s  %-50s = %-14s source %s  %s%s", clock(s.receivedAt()), node, text(value),
          clock(s.sourceTime()), s.serverUri(), s.backfill() ? "  (history)" : ""));
    }
  }

  synchronized void switched(SwitchEvent e) {
    if (json) {
      ObjectNode o = NODES.objectNode();
      o.put("kind", "switch");
      o.put("from", e.from());
      o.put("to", e.to());
      o.put("reason", e.reason());
      o.put("automatic", e.automatic());
      o.put("at", iso(e.at()));
      line(o.toString());
    } else {
      line(String.format("%s  ==> %s %s -> %s: %s", clock(e.at()), e.automatic() ? "switch" : "manual switch",
          e.from() == null ? "(none)" : e.from(), e.to(), e.reason()));
    }
  }

  /** A readable note (the live view only; JSON output stays values and switches). */
  synchronized void note(String text) {
    if (!json) {
      line(text);
    }
  }

  private void line(String text) {
    out.println(text);
    out.flush();
  }

  private static String iso(Instant t) {
    return t == null ? null : ISO_MS.format(t);
  }

  private static String clock(Instant t) {
    return t == null ? "--:--:--.---" : CLOCK_MS.format(t);
  }

  /** OPC UA values as JSON: numbers, booleans, strings and arrays as such, other types as their text. */
  static Object plain(Object value) {
    if (value == null || value instanceof Number && !(value instanceof UNumber) || value instanceof Boolean
        || value instanceof String) {
      return value;
    }
    if (value instanceof ULong u) {
      return u.toBigInteger();
    }
    if (value instanceof UNumber u) {
      return u.longValue();
    }
    if (value instanceof LocalizedText t) {
      return t.text();
    }
    if (value.getClass().isArray()) {
      Object[] items = new Object[Array.getLength(value)];
      for (int i = 0; i < items.length; i++) {
        items[i] = plain(Array.get(value, i));
      }
      return items;
    }
    return value.toString();
  }

  private static String text(Object value) {
    Object p = plain(value);
    return p instanceof Object[] a ? java.util.Arrays.deepToString(a) : String.valueOf(p);
  }
}
