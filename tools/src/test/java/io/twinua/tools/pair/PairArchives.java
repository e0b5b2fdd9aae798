package io.twinua.tools.pair;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.plcsim.DemoPlant;
import io.twinua.tools.plcsim.GroundTruth;
import io.twinua.tools.plcsim.PlantTag;
import io.twinua.tools.plcsim.TruthValue;
import io.twinua.tools.testing.TestProject;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
import org.sqlite.SQLiteConfig;

/**
 * The pair tests' view of the stations' archives, read as an HMI would (HistoryRead over a client
 * of the station), next to the PLC simulator's ground truth. Tags are the PLC's names ({@code
 * Intake.Flow}); the plant variable is {@code Plant.<tag>}. Times are OPC UA DateTime ticks.
 */
final class PairArchives {

  /**
   * Rows of a station's message archive (read-only, beside the running station) with {@code
   * column = value} that also match {@code where}; -1 while the database is busy (ask again).
   */
  static long messageRows(LoopbackPair.Station s, String column, Object value, String where) {
    Path db = s.dataDir().resolve("archive").resolve("twinua.db");
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    try (Connection c = readOnly.createConnection("jdbc:sqlite:" + db);
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM message WHERE " + column + " = ? AND " + where)) {
      ps.setObject(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  static final long SECOND = 10_000_000L;
  /** A tag of AS1 and one of AS2 that change on every PLC update. */
  static final String AS1_COUNTER = "Intake.Pump1.RunSeconds";
  static final String AS2_CHANGING = "Distribution.Flow";

  private PairArchives() {}

  static long now() {
    return DateTime.now().getUtcTime();
  }

  /** Whether {@code client}'s station archived a value of each AS before {@code ticks}. */
  static boolean archivedBefore(OpcUaClient client, long ticks) {
    return !history(client, AS1_COUNTER, ticks - 60 * SECOND, ticks).isEmpty()
        && !history(client, AS2_CHANGING, ticks - 60 * SECOND, ticks).isEmpty();
  }

  /** Whether {@code client}'s station archived a value of each AS at or after {@code ticks}. */
  static boolean archivedAfter(OpcUaClient client, long ticks) {
    return !history(client, AS1_COUNTER, ticks, ticks + 600 * SECOND).isEmpty()
        && !history(client, AS2_CHANGING, ticks, ticks + 600 * SECOND).isEmpty();
  }

  /** The entries of {@code expected} that are not in {@code actual}. */
  static List<String> missing(List<String> expected, List<String> actual) {
    java.util.Set<String> have = new java.util.HashSet<>(actual);
    return expected.stream().filter(v -> !have.contains(v)).toList();
  }

  /**
   * The newest source time the PLC produced for AS1's counter (0 before the file exists). Waits
   * poll this every 20 ms while the file grows by megabytes: it reads the file's end only (the
   * counter changes on every PLC update, and the simulator appends in production order), and all
   * of it only if the end holds no counter line.
   */
  static long newestTruth(LoopbackPair pair) {
    Path file = truthFile(pair, "AS1");
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long from = Math.max(0, in.size() - TRUTH_TAIL_BYTES);
      ByteBuffer tail = ByteBuffer.allocate((int) (in.size() - from));
      while (tail.hasRemaining() && in.read(tail, from + tail.position()) > 0) {
        // a short read: read on
      }
      String[] lines = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).split("\n");
      String prefix = AS1_COUNTER + ",";
      for (int i = lines.length - 1; i >= (from > 0 ? 1 : 0); i--) { // the first line of a tail may be cut
        int end = lines[i].indexOf(',', prefix.length());
        if (lines[i].startsWith(prefix) && end > 0) {
          return Long.parseLong(lines[i].substring(prefix.length(), end));
        }
      }
      return from == 0 ? 0 : GroundTruth.read(file).get(AS1_COUNTER).stream()
          .mapToLong(TruthValue::sourceTicks).max().orElse(0);
    } catch (Exception e) {
      return 0;
    }
  }

  /** About 10 s of AS1's truth lines at a 200 ms PLC period. */
  private static final int TRUTH_TAIL_BYTES = 64 * 1024;

  private static Path truthFile(LoopbackPair pair, String as) {
    return pair.plc().automationStation(as).truthFile();
  }

  /** Every value each PLC tag produced so far, by tag, from both automation stations. */
  static Map<String, List<TruthValue>> truth(LoopbackPair pair) throws Exception {
    Map<String, List<TruthValue>> all = new LinkedHashMap<>();
    for (String as : List.of("AS1", "AS2")) {
      all.putAll(GroundTruth.read(truthFile(pair, as)));
    }
    return all;
  }

  /** The tags automation station {@code as} produced values of. */
  static java.util.Set<String> tagsOf(LoopbackPair pair, String as) throws Exception {
    return GroundTruth.read(truthFile(pair, as)).keySet();
  }

  /** {@code sourceTicks=value} of every truth value in {@code [from, to)}. */
  static List<String> expected(List<TruthValue> truth, long from, long to) {
    return truth.stream().filter(t -> t.sourceTicks() >= from && t.sourceTicks() < to)
        .map(t -> t.sourceTicks() + "=" + t.valueText()).toList();
  }

  /** The demo's writable tags: they change only when written, so a window may hold none of their values. */
  private static final Set<String> SETPOINTS = Stream.of("AS1", "AS2")
      .flatMap(as -> DemoPlant.tagsOf(as, 0).stream())
      .filter(PlantTag::writable).map(PlantTag::name).collect(Collectors.toUnmodifiableSet());

  /**
   * Asserts that {@code client}'s station holds exactly the PLC's values of each of {@code tags}
   * in {@code [from, to)}: none missing, none the PLC never produced, none twice.
   *
   * @return how many values were checked
   */
  static int assertEqualsTruth(Map<String, List<TruthValue>> truth, OpcUaClient client, String station,
      Collection<String> tags, long from, long to) {
    int checked = 0;
    for (String tag : tags) {
      List<String> expected = expected(truth.get(tag), from, to);
      if (!SETPOINTS.contains(tag)) {
        assertFalse(expected.isEmpty(), tag + " produced values in the window");
      }
      List<String> actual = text(history(client, tag, from, to));
      assertEquals(List.of(), missing(expected, actual), station + " " + tag + ": PLC values missing");
      assertEquals(List.of(), missing(actual, expected), station + " " + tag + ": values the PLC never produced");
      assertEquals(expected.size(), actual.size(), station + " " + tag + ": a value archived twice");
      checked += expected.size();
    }
    return checked;
  }

  static List<String> text(List<DataValue> values) {
    List<String> out = new ArrayList<>();
    for (DataValue v : values) {
      out.add(v.sourceTime().getUtcTime() + "=" + GroundTruth.format(v.value()));
    }
    return out;
  }

  /** The raw history of PLC tag {@code tag} ({@code Plant.<tag>}) in {@code [from, to)}. */
  static List<DataValue> history(OpcUaClient client, String tag, long from, long to) {
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

  /** EventId and Message (as text) of every archived event in the window. */
  static List<Variant[]> events(OpcUaClient client, long from, long to) {
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

  /** The first archived event of {@code client}'s station in the window whose message contains {@code text}. */
  static Variant[] event(OpcUaClient client, long from, long to, String text) {
    return events(client, from, to).stream().filter(f -> String.valueOf(f[1].value()).contains(text)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + text + " in the event history"));
  }

  /** Whether {@code client}'s station archived the event with {@code eventId} in the window. */
  static boolean hasEvent(OpcUaClient client, long from, long to, Object eventId) {
    return events(client, from, to).stream().anyMatch(f -> eventId.equals(f[0].value()));
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
