package io.twinua.tools.hmi;

import io.twinua.switcher.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilterElement;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;

/**
 * The active alarms as the last events of each condition show them (Part 9: a condition is shown
 * while its Retain is true). After a switch the library's ConditionRefresh replays every retained
 * condition of the new server, which replaces what the old one said.
 */
final class AlarmBoard {

  private static final int EVENT_ID = 0;
  private static final int CONDITION_ID = 1;
  private static final int NAME = 2;
  private static final int SOURCE = 3;
  private static final int SEVERITY = 4;
  private static final int MESSAGE = 5;
  private static final int TIME = 6;
  private static final int ACTIVE = 7;
  private static final int ACKED = 8;
  private static final int RETAIN = 9;

  /**
   * @param condition the condition's node id ({@code ns=..;s=..} on {@code server}), the object of Acknowledge
   * @param eventId its latest EventId as hex, which Acknowledge must quote
   * @param server the server that sent it
   */
  record Alarm(String condition, String eventId, String name, String source, int severity, String message,
      String time, boolean active, boolean acked, String server) {}

  private final Map<String, Alarm> shown = new LinkedHashMap<>();

  /** The select clauses whose values {@link #apply} reads, in its index order; no where clause. */
  static EventFilter filter() {
    SimpleAttributeOperand[] select = {
        field(NodeIds.BaseEventType, "EventId"),
        new SimpleAttributeOperand(NodeIds.ConditionType, new QualifiedName[0], AttributeId.NodeId.uid(), null),
        field(NodeIds.ConditionType, "ConditionName"),
        field(NodeIds.BaseEventType, "SourceName"),
        field(NodeIds.BaseEventType, "Severity"),
        field(NodeIds.BaseEventType, "Message"),
        field(NodeIds.BaseEventType, "Time"),
        field(NodeIds.AlarmConditionType, "ActiveState", "Id"),
        field(NodeIds.AcknowledgeableConditionType, "AckedState", "Id"),
        field(NodeIds.ConditionType, "Retain")};
    return new EventFilter(select, new ContentFilter(new ContentFilterElement[0]));
  }

  private static SimpleAttributeOperand field(NodeId type, String... path) {
    QualifiedName[] names = new QualifiedName[path.length];
    for (int i = 0; i < path.length; i++) {
      names[i] = new QualifiedName(0, path[i]);
    }
    return new SimpleAttributeOperand(type, names, AttributeId.Value.uid(), null);
  }

  /** Takes one event; true if the board changed (events of no condition change nothing). */
  synchronized boolean apply(Event event) {
    List<Variant> f = event.fields();
    if (f.size() <= RETAIN || !(f.get(CONDITION_ID).getValue() instanceof NodeId condition) || condition.isNull()) {
      return false;
    }
    String key = condition.toParseableString();
    if (!Boolean.TRUE.equals(f.get(RETAIN).getValue())) {
      return shown.remove(key) != null;
    }
    Object id = f.get(EVENT_ID).getValue();
    shown.put(key, new Alarm(key,
        id instanceof ByteString b ? java.util.HexFormat.of().formatHex(b.bytesOrEmpty()) : "",
        text(f.get(NAME)), text(f.get(SOURCE)),
        f.get(SEVERITY).getValue() instanceof Number n ? n.intValue() : 0,
        text(f.get(MESSAGE)),
        f.get(TIME).getValue() instanceof DateTime t ? t.getJavaInstant().toString() : "",
        Boolean.TRUE.equals(f.get(ACTIVE).getValue()), Boolean.TRUE.equals(f.get(ACKED).getValue()),
        event.serverUri()));
    return true;
  }

  synchronized Alarm find(String condition) {
    return shown.get(condition);
  }

  /** Most severe first, then newest. */
  synchronized List<Alarm> list() {
    List<Alarm> all = new ArrayList<>(shown.values());
    all.sort(Comparator.comparingInt(Alarm::severity).reversed().thenComparing(Alarm::time, Comparator.reverseOrder()));
    return all;
  }

  private static String text(Variant v) {
    Object o = v.getValue();
    return o instanceof LocalizedText t ? String.valueOf(t.text()) : o == null ? "" : o.toString();
  }
}
