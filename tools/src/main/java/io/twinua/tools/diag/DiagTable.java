package io.twinua.tools.diag;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The stations' diagnostics side by side, one column per station, one row per fact. */
final class DiagTable {

  private record Row(String label, Function<JsonNode, String> cell) {}

  private static final List<Row> ROWS = List.of(
      new Row("station", s -> text(s, "/name")),
      new Row("endpoint", s -> text(s, "/endpoint")),
      new Row("role (internal)", s -> text(s, "/role") + " (" + text(s, "/internalState") + ")"),
      new Row("epoch", s -> text(s, "/epoch")),
      new Row("ServiceLevel", s -> text(s, "/serviceLevel")),
      new Row("preference", s -> text(s, "/preference")),
      new Row("validation own/partner", s -> text(s, "/validation/local") + " / " + text(s, "/validation/partner")),
      new Row("runtime / maintenance", s -> (s.at("/runtimeRunning").asBoolean() ? "running" : "stopped")
          + " / " + (s.at("/maintenance").asBoolean() ? "MAINTENANCE" : "no")),
      new Row("partner", s -> text(s, "/partner/name") + " " + text(s, "/partner/state") + " as " + text(s, "/partner/role")),
      new Row("link to / from partner", s -> text(s, "/partner/linkToPartner") + " / " + text(s, "/partner/linkFromPartner")),
      new Row("clock difference", s -> s.at("/partner/clockDifferenceMs").isNumber()
          ? s.at("/partner/clockDifferenceMs").asLong() + " ms" : "-"),
      new Row("terminal bus", s -> text(s, "/links/terminalBus/state")),
      new Row("serial link", s -> statusLink(s.at("/links/serial"))),
      new Row("second LAN", s -> statusLink(s.at("/links/secondLan"))),
      new Row("AS own", s -> asList(s.at("/as/local"))),
      new Row("AS partner", s -> asList(s.at("/as/partner"))),
      new Row("clients sessions/subs", s -> text(s, "/clients/sessions") + " / " + text(s, "/clients/subscriptions")),
      new Row("health", DiagTable::health),
      new Row("sync", s -> (s.at("/sync/needsSync").asBoolean() ? "NEEDS SYNC" : "in sync")
          + " up to " + text(s, "/sync/inSyncUpTo") + (s.at("/sync/running").isTextual() ? ", filling " + text(s, "/sync/running") : "")),
      new Row("last sync", s -> text(s, "/sync/lastResult")),
      new Row("timers running", DiagTable::timers),
      new Row("last message", s -> s.at("/messages/0").isMissingNode() ? "-"
          : clock(text(s, "/messages/0/time")) + " [" + text(s, "/messages/0/number") + "] " + text(s, "/messages/0/text")
              + (s.at("/messages/0/detail").asText("").isEmpty() ? "" : ": " + text(s, "/messages/0/detail"))));

  private DiagTable() {}

  static String render(List<JsonNode> stations) {
    List<List<String>> columns = new ArrayList<>();
    for (JsonNode s : stations) {
      List<String> cells = new ArrayList<>();
      for (Row r : ROWS) {
        cells.add(s.has("error") && !r.label().equals("endpoint") ? (r.label().equals("station") ? "UNREACHABLE" : "")
            : r.cell().apply(s));
      }
      if (s.has("error")) {
        cells.set(2, text(s, "/error"));
      }
      columns.add(cells);
    }
    int labelWidth = ROWS.stream().mapToInt(r -> r.label().length()).max().orElse(0);
    List<Integer> widths = columns.stream().map(c -> Math.min(60, c.stream().mapToInt(String::length).max().orElse(0))).toList();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < ROWS.size(); i++) {
      out.append(pad(ROWS.get(i).label(), labelWidth));
      for (int c = 0; c < columns.size(); c++) {
        out.append(" | ").append(pad(clip(columns.get(c).get(i), widths.get(c)), widths.get(c)));
      }
      out.append(System.lineSeparator());
    }
    return out.toString();
  }

  private static String text(JsonNode s, String pointer) {
    JsonNode n = s.at(pointer);
    return n.isMissingNode() || n.isNull() ? "-" : n.asText();
  }

  private static String statusLink(JsonNode l) {
    String state = text(l, "/state");
    if (!l.has("framesSent")) {
      return state;
    }
    return state + (l.has("port") ? " " + text(l, "/port") : "") + " sent " + text(l, "/framesSent")
        + " recv " + text(l, "/framesReceived") + " err " + text(l, "/errors");
  }

  private static String asList(JsonNode list) {
    if (!list.isArray() || list.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    list.forEach(a -> parts.add(text(a, "/name") + " " + text(a, "/state")));
    return String.join(", ", parts);
  }

  private static String health(JsonNode s) {
    List<String> notAlive = new ArrayList<>();
    s.at("/health/parts").forEach(p -> {
      if (!"ALIVE".equals(p.at("/state").asText())) {
        notAlive.add(text(p, "/name") + " " + text(p, "/state"));
      }
    });
    return text(s, "/health/verdict") + (notAlive.isEmpty() ? "" : ": " + String.join(", ", notAlive));
  }

  private static String timers(JsonNode s) {
    List<String> running = new ArrayList<>();
    s.at("/stability").fields().forEachRemaining(e -> {
      long remaining = e.getValue().at("/remainingMs").asLong();
      if (remaining > 0) {
        running.add(e.getKey() + " " + remaining + "/" + e.getValue().at("/lengthMs").asLong() + " ms");
      }
    });
    return running.isEmpty() ? "-" : String.join(", ", running);
  }

  /** {@code 2026-12-02T01:02:03.456Z} as {@code 01:02:03} (UTC): the table has no room for the date. */
  private static String clock(String isoTime) {
    int t = isoTime.indexOf('T');
    return t < 0 || isoTime.length() < t + 9 ? isoTime : isoTime.substring(t + 1, t + 9);
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "~";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
