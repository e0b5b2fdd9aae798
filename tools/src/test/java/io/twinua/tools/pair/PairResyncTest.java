package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairClients.MASTER;
import static io.twinua.tools.pair.PairClients.STANDBY;
import static io.twinua.tools.pair.PairClients.state;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.plcsim.GroundTruth;
import io.twinua.tools.plcsim.TruthValue;
import io.twinua.tools.testing.TestProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryEvent;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryEventFieldList;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadEventDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour doc §5 "after an outage", with real processes, real SQLite and the PLC simulator's
 * ground truth: the Standby is killed (kill -9) under PLC load for about 18 s and restarted. Once
 * its gap resync reports 1012209, its raw history of PLC tags over the whole outage equals the
 * Master's history (no value lost, none twice), which holds every value the PLC produced in the
 * window and nothing else. The
 * Master's partner-failure message of the outage is in the restarted station's event history.
 */
class PairResyncTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long SECOND = 10_000_000L;
  private static final Duration OUTAGE = Duration.ofSeconds(18);
  /** The checked window opens this long before the kill. */
  private static final long LEAD = 5 * SECOND;
  /** AS tags of both automation stations: counters, analog values, strings. */
  private static final Map<String, String> TAGS = Map.of(
      "Intake.Pump1.RunSeconds", "AS1", "Intake.Flow", "AS1", "Treatment.BatchId", "AS1", "Distribution.Flow", "AS2");

  @TempDir Path dir;

  @Test
  void killedStandbyGetsTheOutageFromTheMaster() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir)) {
      LoopbackPair pair = prepared.pair();
      try {
        scenario(pair, prepared.hmi());
      } catch (AssertionError | Exception e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(80), e);
      }
    }
  }

  private void scenario(LoopbackPair pair, PairHmi hmi) throws Exception {
    pair.startBoth();
    OpcUaClient first = PairClients.whenUp(() -> hmi.anonymous(pair.a()), WAIT);
    OpcUaClient second = PairClients.whenUp(() -> hmi.anonymous(pair.b()), WAIT);
    // usually A is Master; on a loaded machine B may start first and take the role: either way
    Await.until(WAIT, "one Master and one Standby", () -> (state(first) == MASTER && state(second) == STANDBY)
        || (state(first) == STANDBY && state(second) == MASTER));
    boolean aIsMaster = state(first) == MASTER;
    // from here on "A" is the Master and "B" the Standby that is killed
    LoopbackPair.Station master = aIsMaster ? pair.a() : pair.b();
    LoopbackPair.Station standby = pair.partnerOf(master);
    OpcUaClient a = aIsMaster ? first : second;
    OpcUaClient[] b = {aIsMaster ? second : first};
    Await.until(WAIT, "B archives PLC values", () -> history(b[0], "Intake.Pump1.RunSeconds", now() - 60 * SECOND, now()).size() > 20);
    // Every value of the window must be archived live by both, so both must have subscribed to both
    // ASes before it opens. Without this wait a loaded machine opened the window on values produced
    // before either station had subscribed (the first 3 updates of every tag, on neither station).
    Await.until(WAIT, "both stations archive both ASes since before the window", () -> {
      long before = now() - LEAD - SECOND;
      return archivedBefore(a, before) && archivedBefore(b[0], before);
    });
    b[0].disconnectAsync();

    long killed = now();
    standby.process().kill();
    Await.until(WAIT, "the Master reports the partner failure", () -> master.redundancyLogText().contains("[1012200]"));
    Path truthAs1 = pair.plc().automationStation("AS1").truthFile();
    // the outage lasts until the PLC has produced OUTAGE worth of values without B
    Await.until(WAIT.plus(OUTAGE), "PLC values of " + OUTAGE.toSeconds() + " s without B",
        () -> newestTruth(truthAs1) > killed + OUTAGE.toSeconds() * SECOND);
    long restarted = now();
    standby.process().start();
    b[0] = PairClients.whenUp(() -> hmi.anonymous(standby), WAIT);
    Await.until(WAIT, "B Standby again, A stays Master", () -> state(b[0]) == STANDBY && state(a) == MASTER);
    // B's own down time, noted at its start-up from the newest value in its archive
    Await.until(WAIT, "B's gap resync finished", () -> standby.redundancyLogText().contains("[1012209] Archive synchronisation finished: down-"));
    long synced = now();
    String log = standby.redundancyLogText();
    assertTrue(log.contains("[1012208]"), "start reported:\n" + log);
    assertFalse(log.contains("[1012203]"), "no failure:\n" + log);
    for (LoopbackPair.Station s : pair.stations()) {
      assertFalse(s.redundancyLogText().contains("synchronisation started: fault-"), "no process-connection fault on "
          + s.name() + ":\n" + s.redundancyLogText());
    }

    // the window: from before the kill to after B archives live again, ended in the past
    long from = killed - LEAD;
    long to = restarted + 10 * SECOND;
    Await.until(WAIT, "truth and both archives past the window", () -> newestTruth(truthAs1) > to + SECOND
        && !history(b[0], "Intake.Pump1.RunSeconds", to, to + 5 * SECOND).isEmpty()
        && !history(a, "Intake.Pump1.RunSeconds", to, to + 5 * SECOND).isEmpty());
    Map<String, Map<String, List<TruthValue>>> truth = new HashMap<>();
    for (String as : List.of("AS1", "AS2")) {
      truth.put(as, GroundTruth.read(pair.plc().automationStation(as).truthFile()));
    }
    int outageValues = 0;
    for (var e : TAGS.entrySet()) {
      String tag = e.getKey();
      List<String> expected = truth.get(e.getValue()).get(tag).stream()
          .filter(t -> t.sourceTicks() >= from && t.sourceTicks() < to)
          .map(t -> t.sourceTicks() + "=" + t.valueText()).toList();
      outageValues += (int) truth.get(e.getValue()).get(tag).stream()
          .filter(t -> t.sourceTicks() >= killed && t.sourceTicks() < restarted).count();
      assertFalse(expected.isEmpty(), tag + " produced values in the window");
      List<String> onB = text(history(b[0], tag, from, to));
      List<String> onA = text(history(a, tag, from, to));
      // the resync's promise: B holds exactly what its partner holds (nothing lost, nothing twice)
      assertEquals(onA, onB, tag + " on the restarted Standby B vs the Master A; missing on B " + missing(onA, onB)
          + " (killed " + killed + ", restarted " + restarted + ")");
      assertEquals(List.of(), missing(onB, expected), tag + ": values the PLC never produced");
      // every value is pushed to the stations (no sampling), so the Master archived all of them live
      assertEquals(List.of(), missing(expected, onA), tag + ": values the Master did not archive live");
    }

    // the Master's partner-failure message of the outage, by its event id
    List<Variant[]> aEvents = events(a, from, to);
    Variant[] failure = aEvents.stream().filter(f -> String.valueOf(f[1].value()).contains("[1012200]")).findFirst()
        .orElseThrow(() -> new AssertionError("A has no 1012200 in its event history"));
    List<Variant[]> bEvents = events(b[0], from, to);
    assertTrue(bEvents.stream().anyMatch(f -> failure[0].value().equals(f[0].value())),
        "B's message archive holds A's " + failure[1].value());

    Matcher m = Pattern.compile("\\[1012209] Archive synchronisation finished: down-[^\\n]*: (\\d+) values, (\\d+) messages in ([0-9.]+) s \\((\\d+) values/s\\)")
        .matcher(log);
    assertTrue(m.find(), log);
    System.out.println("MEASURED resync after kill -9 of the Standby for " + (restarted - killed) / SECOND + " s: "
        + m.group(1) + " values and " + m.group(2) + " messages in " + m.group(3) + " s (" + m.group(4)
        + " values/s); finished " + (synced - restarted) / SECOND + " s after the restart; " + outageValues
        + " values of the 4 checked tags produced while B was down");
    a.disconnectAsync();
    b[0].disconnectAsync();
  }

  /** Whether {@code client}'s station archived a value of each AS (tags that change every update) before {@code ticks}. */
  private static boolean archivedBefore(OpcUaClient client, long ticks) {
    return !history(client, "Intake.Pump1.RunSeconds", ticks - 60 * SECOND, ticks).isEmpty()
        && !history(client, "Distribution.Flow", ticks - 60 * SECOND, ticks).isEmpty();
  }

  private static List<String> missing(List<String> expected, List<String> actual) {
    return expected.stream().filter(v -> !actual.contains(v)).toList();
  }

  private static long now() {
    return DateTime.now().getUtcTime();
  }

  private static long newestTruth(Path csv) {
    try {
      return GroundTruth.read(csv).get("Intake.Pump1.RunSeconds").stream().mapToLong(TruthValue::sourceTicks).max().orElse(0);
    } catch (Exception e) {
      return 0;
    }
  }

  private static List<String> text(List<DataValue> values) {
    List<String> out = new ArrayList<>();
    for (DataValue v : values) {
      out.add(v.sourceTime().getUtcTime() + "=" + GroundTruth.format(v.value()));
    }
    return out;
  }

  private static List<DataValue> history(OpcUaClient client, String tag, long from, long to) {
    NodeId node = new NodeId(client.getNamespaceTable().getIndex(TestProject.PLANT_NS), "Plant." + tag);
    List<DataValue> all = new ArrayList<>();
    for (HistoryReadResult r : pages(client, node, new ReadRawModifiedDetails(false, new DateTime(from), new DateTime(to), uint(5000), false))) {
      HistoryData data = (HistoryData) r.getHistoryData().decode(client.getStaticEncodingContext());
      if (data.getDataValues() != null) {
        all.addAll(List.of(data.getDataValues()));
      }
    }
    return all;
  }

  /** EventId and Message of every archived event in the window. */
  private static List<Variant[]> events(OpcUaClient client, long from, long to) {
    SimpleAttributeOperand[] select = {
      new SimpleAttributeOperand(NodeIds.BaseEventType, new QualifiedName[] {new QualifiedName(0, "EventId")}, AttributeId.Value.uid(), null),
      new SimpleAttributeOperand(NodeIds.BaseEventType, new QualifiedName[] {new QualifiedName(0, "Message")}, AttributeId.Value.uid(), null)
    };
    var details = new ReadEventDetails(uint(5000), new DateTime(from), new DateTime(to), new EventFilter(select, new ContentFilter(null)));
    List<Variant[]> all = new ArrayList<>();
    for (HistoryReadResult r : pages(client, NodeIds.Server, details)) {
      HistoryEvent data = (HistoryEvent) r.getHistoryData().decode(client.getStaticEncodingContext());
      if (data.getEvents() != null) {
        for (HistoryEventFieldList f : data.getEvents()) {
          Variant[] fields = f.getEventFields();
          if (fields[1].value() instanceof LocalizedText t) {
            fields[1] = new Variant(t.text());
          }
          all.add(fields);
        }
      }
    }
    return all;
  }

  private static List<HistoryReadResult> pages(OpcUaClient client, NodeId node, HistoryReadDetails details) {
    List<HistoryReadResult> pages = new ArrayList<>();
    ByteString cp = null;
    try {
      do {
        HistoryReadResult r = client.historyRead(details, TimestampsToReturn.Both, false,
            List.of(new HistoryReadValueId(node, null, QualifiedName.NULL_VALUE, cp))).getResults()[0];
        if (!r.getStatusCode().isGood()) {
          throw new AssertionError("history read of " + node + ": " + r.getStatusCode());
        }
        pages.add(r);
        cp = r.getContinuationPoint();
      } while (cp != null && cp.isNotNull());
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("history read of " + node + " failed: " + e, e);
    }
    return pages;
  }
}
