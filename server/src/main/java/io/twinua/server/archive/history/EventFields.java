package io.twinua.server.archive.history;

import io.twinua.server.archive.MessageRecord;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.jspecify.annotations.Nullable;

/**
 * Maps an EventFilter select clause onto a field of an archived message: the BaseEventType fields
 * (Part 5 §6.4.2) and the condition state fields we keep (Part 9 ConditionType and
 * AcknowledgeableConditionType: ActiveState, AckedState, EnabledState with their Id, Retain,
 * Comment, ConditionName). Anything else is a Null variant, as Part 4 §7.22.3 asks for fields an
 * event does not have.
 */
final class EventFields {

  private EventFields() {}

  static Variant select(SimpleAttributeOperand clause, MessageRecord m) {
    if (clause.getAttributeId() == null
        || clause.getAttributeId().intValue() != AttributeId.Value.id()) {
      return Variant.NULL_VALUE; // e.g. ConditionId (NodeId attribute): not archived
    }
    String path = path(clause.getBrowsePath());
    if (path == null) {
      return Variant.NULL_VALUE;
    }
    return switch (path) {
      case "EventId" -> new Variant(m.eventId());
      case "EventType" -> nodeId(m.eventType());
      case "SourceNode" -> nodeId(m.sourceNode());
      case "SourceName" -> new Variant(m.sourceName());
      case "Time" -> new Variant(new DateTime(m.timeTicks()));
      case "ReceiveTime" -> new Variant(new DateTime(m.receiveTimeTicks()));
      case "Message" -> new Variant(new LocalizedText(m.message()));
      case "Severity" -> new Variant(UShort.valueOf(m.severity()));
      case "ConditionName" -> optional(m.conditionName());
      case "ActiveState" -> state(m.active(), "Active", "Inactive");
      case "ActiveState/Id" -> optional(m.active());
      case "AckedState" -> state(m.acked(), "Acknowledged", "Unacknowledged");
      case "AckedState/Id" -> optional(m.acked());
      case "EnabledState" -> state(m.enabled(), "Enabled", "Disabled");
      case "EnabledState/Id" -> optional(m.enabled());
      case "Retain" -> optional(m.retain());
      case "Comment" ->
          m.comment() == null ? Variant.NULL_VALUE : new Variant(new LocalizedText(m.comment()));
      default -> Variant.NULL_VALUE;
    };
  }

  /** "A/B" for a browse path of standard (namespace 0) names, null for anything else. */
  private static @Nullable String path(QualifiedName @Nullable [] browsePath) {
    if (browsePath == null || browsePath.length == 0 || browsePath.length > 2) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (QualifiedName q : browsePath) {
      if (q == null || q.getName() == null || q.getNamespaceIndex().intValue() != 0) {
        return null;
      }
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(q.getName());
    }
    return sb.toString();
  }

  private static Variant nodeId(String text) {
    NodeId id = NodeId.parseOrNull(text);
    return id == null ? Variant.NULL_VALUE : new Variant(id);
  }

  private static Variant optional(@Nullable Object v) {
    return v == null ? Variant.NULL_VALUE : new Variant(v);
  }

  private static Variant state(@Nullable Boolean on, String onText, String offText) {
    return on == null ? Variant.NULL_VALUE : new Variant(new LocalizedText(on ? onText : offText));
  }
}
