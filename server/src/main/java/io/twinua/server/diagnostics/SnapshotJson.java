package io.twinua.server.diagnostics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The snapshot as the JSON object that {@code twinua diag --json} and the status page read (the
 * contract in tools/README.md): times ISO-8601 UTC strings, durations in ms, unknown facts null.
 */
public final class SnapshotJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SnapshotJson() {}

  /** One line, no line breaks. */
  public static String text(StationSnapshot s) {
    return tree(s).toString();
  }

  public static ObjectNode tree(StationSnapshot s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", s.name());
    o.put("uri", s.uri());
    o.put("time", time(s.time()));
    o.put("role", s.role());
    o.put("internalState", s.internalState());
    o.put("epoch", s.epoch());
    o.put("serviceLevel", s.serviceLevel());
    o.put("preference", s.preference());
    o.put("runtimeRunning", s.runtimeRunning());
    o.put("maintenance", s.maintenance());
    ObjectNode validation = o.putObject("validation");
    validation.put("local", s.validation().local());
    validation.put("partner", s.validation().partner());
    ObjectNode stability = o.putObject("stability");
    s.stability().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> {
      ObjectNode t = stability.putObject(e.getKey());
      t.put("remainingMs", e.getValue().remainingMs());
      t.put("lengthMs", e.getValue().lengthMs());
    });
    partner(o.putObject("partner"), s.partner());
    ObjectNode links = o.putObject("links");
    link(links.putObject("terminalBus"), s.links().terminalBus());
    link(links.putObject("serial"), s.links().serial());
    link(links.putObject("secondLan"), s.links().secondLan());
    ObjectNode as = o.putObject("as");
    asList(as.putArray("local"), s.as().local());
    asList(as.putArray("partner"), s.as().partner());
    ObjectNode clients = o.putObject("clients");
    clients.put("sessions", s.clients().sessions());
    clients.put("subscriptions", s.clients().subscriptions());
    ObjectNode health = o.putObject("health");
    health.put("verdict", s.health().verdict());
    ArrayNode parts = health.putArray("parts");
    for (StationSnapshot.Part p : s.health().parts()) {
      ObjectNode n = parts.addObject();
      n.put("name", p.name());
      n.put("state", p.state());
      n.put("lastSignOfLife", time(p.lastSignOfLife()));
      n.put("problem", p.problem());
    }
    ObjectNode sync = o.putObject("sync");
    sync.put("needsSync", s.sync().needsSync());
    sync.put("inSyncUpTo", time(s.sync().inSyncUpTo()));
    sync.put("running", s.sync().running());
    sync.put("lastResult", s.sync().lastResult());
    ArrayNode messages = o.putArray("messages");
    for (StationSnapshot.Message m : s.messages()) {
      ObjectNode n = messages.addObject();
      n.put("time", time(m.time()));
      n.put("number", m.number());
      n.put("text", m.text());
      n.put("detail", m.detail());
    }
    return o;
  }

  private static void partner(ObjectNode o, StationSnapshot.Partner p) {
    o.put("name", p.name());
    o.put("role", p.role());
    o.put("state", p.state());
    o.put("linkToPartner", p.linkToPartner());
    o.put("linkFromPartner", p.linkFromPartner());
    o.put("clockDifferenceMs", p.clockDifferenceMs());
    o.put("runtimeRunning", p.runtimeRunning());
    o.put("projectsEquivalent", p.projectsEquivalent());
  }

  private static void link(ObjectNode o, StationSnapshot.Link l) {
    o.put("state", l.state());
    if (l.port() != null) {
      o.put("port", l.port());
    }
    if (l.framesSent() != null) {
      o.put("framesSent", l.framesSent());
      o.put("framesReceived", l.framesReceived());
      o.put("errors", l.errors());
    }
  }

  private static void asList(ArrayNode a, java.util.List<StationSnapshot.As> list) {
    for (StationSnapshot.As as : list) {
      ObjectNode n = a.addObject();
      n.put("name", as.name());
      n.put("state", as.state());
      if (as.since() != null) {
        n.put("since", time(as.since()));
      }
      if (as.reason() != null) {
        n.put("reason", as.reason());
      }
    }
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
