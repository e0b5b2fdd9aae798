package io.twinua.server.sync;

import io.twinua.server.archive.MessageRecord;
import io.twinua.server.messages.SystemMessage;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.jspecify.annotations.Nullable;

/**
 * Turns the fields of one partner event ({@link PartnerHistory#EVENT_FIELDS}) back into a row of
 * the message archive. Two columns are not event fields: the system message number is read from
 * the text ({@code [1012200] ...}, {@link SystemMessage#format}) of SystemEventType events, and the
 * station a message arose on is the source name of system events (their source is the station)
 * and the partner for everything else.
 */
public final class EventRecords {

  private static final Pattern NUMBER = Pattern.compile("^\\[(\\d{7})] ");

  private EventRecords() {}

  /** The BaseEventType fields of {@link PartnerHistory#EVENT_FIELDS}: all a system event has. */
  private static final int BASE_FIELDS = 8;

  /**
   * For a subscription to system events: the BaseEventType fields {@link #ofSystemEvent} takes,
   * then EventType (so a subscriber can tell a queue overflow event apart). Only fields a
   * SystemEventType has: Milo 1.1.2 delivers no event at all to an item with a select clause it
   * cannot resolve (a condition field under AcknowledgeableConditionType).
   */
  public static SimpleAttributeOperand[] systemEventSelect() {
    SimpleAttributeOperand[] select = java.util.Arrays.copyOf(PartnerHistory.EVENT_FILTER.getSelectClauses(),
        BASE_FIELDS + 1);
    select[BASE_FIELDS] = new SimpleAttributeOperand(NodeIds.BaseEventType,
        new QualifiedName[] {new QualifiedName(0, "EventType")}, AttributeId.Value.uid(), null);
    return select;
  }

  /** The row of a system event selected by {@link #systemEventSelect}, or empty (as {@link #of}). */
  public static Optional<MessageRecord> ofSystemEvent(Variant[] f, String partnerStation) {
    if (f == null || f.length < BASE_FIELDS) {
      return Optional.empty();
    }
    Variant[] fields = java.util.Arrays.copyOf(f, PartnerHistory.EVENT_FIELDS.length);
    java.util.Arrays.fill(fields, BASE_FIELDS, fields.length, Variant.NULL_VALUE); // no condition fields
    return of(fields, partnerStation);
  }

  /** The row, or empty if the event lacks what the archive needs (an id, a time). */
  public static Optional<MessageRecord> of(Variant[] f, String partnerStation) {
    if (f == null || f.length < PartnerHistory.EVENT_FIELDS.length) {
      return Optional.empty();
    }
    if (!(f[0].value() instanceof ByteString id) || id.isNullOrEmpty() || !(f[4].value() instanceof DateTime time)) {
      return Optional.empty();
    }
    String type = nodeId(f[1]);
    String sourceName = text(f[3]);
    String message = text(f[6]);
    Integer number = null;
    boolean system = NodeIds.SystemEventType.toParseableString().equals(type);
    if (system) {
      Matcher m = NUMBER.matcher(message);
      if (m.find()) {
        int n = Integer.parseInt(m.group(1));
        number = SystemMessage.byNumber(n).isPresent() ? n : null;
      }
    }
    long receive = f[5].value() instanceof DateTime r ? r.getUtcTime() : time.getUtcTime();
    int severity = f[7].value() instanceof Number s ? Math.max(1, Math.min(1000, s.intValue())) : 500;
    return Optional.of(new MessageRecord(id, type, nodeId(f[2]), sourceName, time.getUtcTime(), receive, severity,
        message, number, optionalText(f[8]), flag(f[9]), flag(f[10]), flag(f[11]), flag(f[12]), optionalText(f[13]),
        system && !sourceName.isEmpty() ? sourceName : partnerStation));
  }

  private static String nodeId(Variant v) {
    return v.value() instanceof NodeId id ? id.toParseableString() : "";
  }

  private static String text(Variant v) {
    String t = optionalText(v);
    return t == null ? "" : t;
  }

  private static @Nullable String optionalText(Variant v) {
    Object o = v.value();
    if (o instanceof LocalizedText lt) {
      return lt.text();
    }
    return o instanceof String s ? s : null;
  }

  private static @Nullable Boolean flag(Variant v) {
    return v.value() instanceof Boolean b ? b : null;
  }
}
